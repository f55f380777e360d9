package io.rtcreactor.testkit.signal;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.rtcreactor.engine.proto.ClientInfo;
import java.util.List;
import java.util.Map;

/**
 * The query of a {@code /rtc} request, as LiveKit clients send it: {@code access_token} (or the
 * {@code Authorization: Bearer} header), {@code auto_subscribe} (absent means true), {@code protocol},
 * {@code sdk}, {@code version}, {@code os}, {@code os_version}, and for a resume {@code reconnect=1}, {@code sid},
 * {@code reconnect_reason}, {@code client_protocol} and {@code capabilities} (the client fields as LiveKit's {@code ParseClientInfo} in pkg/service/utils.go reads
 * them). Protocol rule: "Booleans are true only as 1 or true."
 */
public record ConnectParams(String token, boolean autoSubscribe, boolean reconnect, String sid,
                            int reconnectReason, int protocol, String sdk, String version, String os,
                            String osVersion, int clientProtocol, List<ClientInfo.Capability> capabilities) {

    /** Reads the params from a request URI and its Authorization header (which may be null). */
    public static ConnectParams parse(String uri, String authorization) {
        Map<String, List<String>> query = new QueryStringDecoder(uri).parameters();
        String token = first(query, "access_token", "");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = authorization.substring(7).trim();
        }
        return new ConnectParams(token,
                !query.containsKey("auto_subscribe") || truthy(first(query, "auto_subscribe", "1")),
                truthy(first(query, "reconnect", "0")),
                first(query, "sid", ""),
                number(first(query, "reconnect_reason", "0")),
                number(first(query, "protocol", "0")),
                first(query, "sdk", ""),
                first(query, "version", ""),
                first(query, "os", ""),
                first(query, "os_version", ""),
                number(first(query, "client_protocol", "0")),
                capabilities(first(query, "capabilities", "")));
    }

    /**
     * {@code capabilities}: enum names, comma separated; unknown names are skipped (ParseClientInfo). The server
     * passes them on in ParticipantInfo, and senders use them to decide whether they may compress.
     */
    private static List<ClientInfo.Capability> capabilities(String names) {
        List<ClientInfo.Capability> out = new java.util.ArrayList<>();
        for (String name : names.split(",")) {
            ClientInfo.Capability capability = ClientInfo.Capability.getDescriptor().findValueByName(name.trim()) == null
                    ? null : ClientInfo.Capability.valueOf(name.trim());
            if (capability != null) {
                out.add(capability);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The client as LiveKit's server classifies it: {@code ParseClientInfo} maps {@code sdk} to its SDK enum by a
     * fixed list (js, swift, android, flutter, go, unity, reactnative, rust, python, cpp, unityweb, node, esp32);
     * anything else is UNKNOWN, which only turns off what the server enables per known SDK (codec changes, SCTP
     * zero checksum: pkg/rtc/clientinfo.go).
     */
    public String client() {
        return sdk + " " + version + " (" + os + (osVersion.isEmpty() ? "" : " " + osVersion) + ")";
    }

    private static boolean truthy(String value) {
        return value.equals("1") || value.equalsIgnoreCase("true");
    }

    private static int number(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String first(Map<String, List<String>> query, String name, String fallback) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? fallback : values.get(0);
    }

    @Override
    public String toString() {
        return "ConnectParams{reconnect=" + reconnect + ", sid=" + sid + ", protocol=" + protocol + ", sdk=" + sdk
                + ", autoSubscribe=" + autoSubscribe + ", token=<hidden>}";
    }
}
