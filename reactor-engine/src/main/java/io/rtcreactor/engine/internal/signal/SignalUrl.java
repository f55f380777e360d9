package io.rtcreactor.engine.internal.signal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the signalling URLs as LiveKit's clients do (PROTOCOL.md, "Connecting"): {@code http} becomes
 * {@code ws}, {@code https} becomes {@code wss}, and {@code rtc} is appended to the path; {@code /rtc/validate}
 * takes the same query over HTTP. The token never goes into the URL: it travels as
 * {@code Authorization: Bearer}, so no URL this class builds is secret.
 */
public final class SignalUrl {

    /** LiveKit protocol version spoken: 16 ("at least 13 is needed for LeaveRequest.action"). */
    public static final int PROTOCOL = 16;

    /** The {@code client_protocol} announced: 1, CLIENT_PROTOCOL_DATA_STREAM_RPC (see docs/agents.md). */
    public static final int CLIENT_PROTOCOL = 1;

    private static final String OS_NAME = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    private static final String OS_VERSION = System.getProperty("os.version", "");

    private SignalUrl() {
    }

    /** The WebSocket URL for {@code base} with {@code query}. */
    public static URI websocket(String base, Map<String, String> query) {
        return URI.create(withPath(base, true, "rtc") + queryString(query));
    }

    /** The HTTP URL of {@code /rtc/validate} for {@code base} with {@code query}. */
    public static URI validate(String base, Map<String, String> query) {
        return URI.create(withPath(base, false, "rtc/validate") + queryString(query));
    }

    /** The query a client sends on join or resume. */
    public static Map<String, String> query(String sdk, String version, boolean autoSubscribe, boolean adaptiveStream,
                                            String resumeSid, int reconnectReason) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("protocol", Integer.toString(PROTOCOL));
        query.put("sdk", sdk);
        query.put("version", version);
        // LiveKit's server records os and os_version (ParseClientInfo, pkg/service/utils.go) and decides some
        // behaviour by them (pkg/rtc/clientinfo.go); "java" is no SDK it knows, so it treats us as UNKNOWN, the
        // honest value: nothing is enabled for us that a known SDK's code would have to back.
        query.put("os", OS_NAME);
        query.put("os_version", OS_VERSION);
        // CLIENT_PROTOCOL_DATA_STREAM_RPC: we take RPC requests and answers as text streams (RPC version 2), so
        // LiveKit's clients may send payloads beyond 15 KiB. Not 2 (data streams v2: inline and compressed streams),
        // nor the compression capability: the engine does not decompress.
        query.put("client_protocol", Integer.toString(CLIENT_PROTOCOL));
        query.put("auto_subscribe", autoSubscribe ? "1" : "0");
        query.put("adaptive_stream", adaptiveStream ? "1" : "0");
        if (resumeSid != null) {
            query.put("reconnect", "1");
            query.put("sid", resumeSid);
            query.put("reconnect_reason", Integer.toString(reconnectReason));
        }
        return query;
    }

    private static String withPath(String base, boolean websocket, String path) {
        URI uri = URI.create(base.trim());
        String scheme = uri.getScheme() == null ? "ws" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        boolean secure = scheme.equals("https") || scheme.equals("wss");
        if (!scheme.matches("https?|wss?")) {
            throw new IllegalArgumentException("unsupported URL scheme '" + scheme + "': use ws(s):// or http(s)://");
        }
        String target = websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http");
        String existing = uri.getRawPath() == null ? "" : uri.getRawPath();
        String prefix = existing.endsWith("/") ? existing : existing + "/";
        String authority = uri.getRawAuthority();
        if (authority == null) {
            throw new IllegalArgumentException("the URL '" + base + "' has no host");
        }
        return target + "://" + authority + prefix + path;
    }

    private static String queryString(Map<String, String> query) {
        if (query.isEmpty()) {
            return "";
        }
        return "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
