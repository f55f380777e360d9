package io.rtcreactor.testkit.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a {@link ProtocolClient} opens its WebSocket: the path, where the token goes, and the query LiveKit clients
 * send (PROTOCOL.md, "Connecting"): {@code protocol=16}, {@code sdk}, {@code auto_subscribe}, and for a resume
 * {@code reconnect=1&sid=…&reconnect_reason=…}. Immutable; each {@code with*} returns a copy.
 *
 * @param path          {@code /rtc} (or {@code /rtc/v1}, which the testkit must refuse with 404)
 * @param tokenInHeader send the token as {@code Authorization: Bearer} (LiveKit's Rust client) instead of the
 *                      {@code access_token} query parameter (the browser SDK)
 * @param autoSubscribe the {@code auto_subscribe} parameter
 * @param protocol      the {@code protocol} parameter
 * @param resumeSid     for a resume: the participant sid ({@code PA_…}); null for a fresh join
 * @param resumeReason  for a resume: the {@code reconnect_reason} (LiveKit's ReconnectReason number)
 * @param maxFrameBytes the largest frame the client accepts; above the codec's 16 MiB response limit so that an
 *                      oversized frame arrives and can be seen as one (the codec then refuses it)
 * @param extraQuery    more query parameters ({@code a=1&b=2}), or empty
 */
public record ConnectOptions(String path, boolean tokenInHeader, boolean autoSubscribe, int protocol,
                             String resumeSid, int resumeReason, int maxFrameBytes, String extraQuery) {

    /** {@code reconnect_reason} RR_SIGNAL_DISCONNECTED. */
    public static final int SIGNAL_DISCONNECTED = 1;

    /** A fresh join on {@code /rtc}, token in the query, auto-subscribe on, protocol 16. */
    public static ConnectOptions defaults() {
        return new ConnectOptions("/rtc", false, true, 16, null, 0, 64 * 1024 * 1024, "");
    }

    public ConnectOptions withPath(String value) {
        return new ConnectOptions(value, tokenInHeader, autoSubscribe, protocol, resumeSid, resumeReason, maxFrameBytes, extraQuery);
    }

    public ConnectOptions withTokenInHeader(boolean value) {
        return new ConnectOptions(path, value, autoSubscribe, protocol, resumeSid, resumeReason, maxFrameBytes, extraQuery);
    }

    public ConnectOptions withAutoSubscribe(boolean value) {
        return new ConnectOptions(path, tokenInHeader, value, protocol, resumeSid, resumeReason, maxFrameBytes, extraQuery);
    }

    /** A resume of participant {@code sid}: {@code reconnect=1&sid=…&reconnect_reason=…}. */
    public ConnectOptions withResume(String sid, int reason) {
        return new ConnectOptions(path, tokenInHeader, autoSubscribe, protocol, sid, reason, maxFrameBytes, extraQuery);
    }

    /** A fresh join (no {@code reconnect=1}). */
    public ConnectOptions withoutResume() {
        return new ConnectOptions(path, tokenInHeader, autoSubscribe, protocol, null, 0, maxFrameBytes, extraQuery);
    }

    /** Adds query parameters ({@code client_protocol=2&capabilities=…}) to those above. */
    public ConnectOptions withExtraQuery(String value) {
        return new ConnectOptions(path, tokenInHeader, autoSubscribe, protocol, resumeSid, resumeReason, maxFrameBytes,
                value);
    }

    public boolean isResume() {
        return resumeSid != null;
    }

    /** The query string, without the leading {@code ?}. */
    String query(String token) {
        StringBuilder query = new StringBuilder();
        if (!tokenInHeader) {
            query.append("access_token=").append(encode(token)).append('&');
        }
        query.append("auto_subscribe=").append(autoSubscribe ? 1 : 0)
                .append("&sdk=java-protocol-client&version=0.1.0&protocol=").append(protocol);
        if (isResume()) {
            query.append("&reconnect=1&sid=").append(encode(resumeSid)).append("&reconnect_reason=").append(resumeReason);
        }
        if (!extraQuery.isEmpty()) {
            query.append('&').append(extraQuery);
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
