package io.rtcreactor.engine.internal.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.rtcreactor.engine.proto.RegionInfo;
import io.rtcreactor.engine.proto.RegionSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import reactor.core.publisher.Mono;
import io.rtcreactor.engine.TlsTrust;

/**
 * LiveKit Cloud's list of regions: {@code GET <server>/settings/regions} with the access token as a bearer, answered
 * with the JSON form of {@code RegionSettings} ({@code {"regions":[{"region":…,"url":…,"distance":…}]}}), as
 * LiveKit's JS client fetches it (RegionUrlProvider.fetchRegionSettings) for hosts under {@code .livekit.cloud} and
 * {@code .livekit.run}; the open-source server does not serve it. The token is sent only there, never logged.
 */
public final class RegionDirectory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegionDirectory() {
    }

    /** True for LiveKit Cloud's hosts, where the JS client asks for regions ({@code isCloud} in its utils). */
    public static boolean isCloud(String serverUrl) {
        try {
            String host = URI.create(serverUrl.trim()).getHost();
            host = host == null ? "" : host.toLowerCase(Locale.ROOT);
            return host.endsWith(".livekit.cloud") || host.endsWith(".livekit.run");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Where a server's region settings are: {@code http(s)://<host>/settings/regions}. */
    public static String settingsUrl(String serverUrl) {
        URI uri = URI.create(serverUrl.trim());
        String scheme = uri.getScheme() == null ? "ws" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        return (secure ? "https" : "http") + "://" + uri.getRawAuthority() + "/settings/regions";
    }

    /** Asks {@code settingsUrl} for the regions; errors name the status, never the token. */
    public static Mono<RegionSettings> fetch(String settingsUrl, String token, Duration timeout, TlsTrust trust) {
        return Tls.client(trust, URI.create(settingsUrl))
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .responseTimeout(timeout)
                .get().uri(settingsUrl)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").flatMap(text -> {
                    int status = response.status().code();
                    if (status != 200) {
                        return Mono.error(new IllegalStateException("region settings at " + settingsUrl
                                + " answered HTTP " + status));
                    }
                    return Mono.fromCallable(() -> parse(text));
                }))
                .timeout(timeout.plus(Duration.ofSeconds(1)));
    }

    /** The JSON form of {@code RegionSettings}; unknown fields are ignored, {@code distance} as number or string. */
    static RegionSettings parse(String json) throws java.io.IOException {
        JsonNode root = JSON.readTree(json);
        RegionSettings.Builder settings = RegionSettings.newBuilder();
        for (JsonNode region : root.path("regions")) {
            String url = region.path("url").asText("");
            if (url.isEmpty()) {
                continue;
            }
            settings.addRegions(RegionInfo.newBuilder().setRegion(region.path("region").asText(""))
                    .setUrl(url).setDistance(region.path("distance").asLong(0)));
        }
        return settings.build();
    }
}
