package io.rtcreactor.samples.echo;

import java.util.Map;
import java.util.Objects;

/**
 * The command line of agent mode. The API key, secret and URL may also come from LiveKit's usual environment
 * variables ({@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY}, {@code LIVEKIT_API_SECRET}), which keeps the secret out of
 * the process list; a flag wins over the environment. {@link #toString()} never shows the secret.
 */
public record AgentConfig(String url, String apiKey, String apiSecret, String room, String identity,
                          boolean republishOnReconnect) {

    static final String USAGE = """
            usage: java -jar echo-agent.jar --url ws://127.0.0.1:7880 --api-key devkey --api-secret secret \\
                                            --room R --identity agent [--republish-on-reconnect]
                   java -jar echo-agent.jar            (no arguments: the demo, against an embedded testkit)
                   java -jar echo-agent.jar --call [--port 7880]
                                                       (the testkit and the agent in room "call": talk to it from
                                                        the call page the testkit serves; Ctrl-C stops)
              --url, --api-key, --api-secret default to $LIVEKIT_URL, $LIVEKIT_API_KEY, $LIVEKIT_API_SECRET;
              --identity defaults to "echo-agent".
              --republish-on-reconnect  unpublish and publish the echo track again on every reconnect
            The agent echoes what it hears on one track, sends reliable data and text streams on topic "echo" back
            to their sender, answers the RPC method "echo" with its payload, publishes its state as the attribute
            lk.agent.state (listening, or speaking while it hears and echoes sound; the token it mints may update
            its own metadata), and prints every DTMF key pressed.""";

    public AgentConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(room, "room");
        Objects.requireNonNull(identity, "identity");
    }

    /** Parses flags; throws {@link IllegalArgumentException} saying what is wrong. */
    static AgentConfig parse(String[] args, Map<String, String> env) {
        String url = env.get("LIVEKIT_URL");
        String key = env.get("LIVEKIT_API_KEY");
        String secret = env.get("LIVEKIT_API_SECRET");
        String room = null;
        String identity = "echo-agent";
        boolean republish = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--republish-on-reconnect")) {
                republish = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--url" -> url = value;
                case "--api-key" -> key = value;
                case "--api-secret" -> secret = value;
                case "--room" -> room = value;
                case "--identity" -> identity = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return new AgentConfig(required(url, "--url"), required(key, "--api-key"), required(secret, "--api-secret"),
                required(room, "--room"), required(identity, "--identity"), republish);
    }

    private static String required(String value, String flag) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(flag + " is required");
        }
        return value;
    }

    @Override
    public String toString() {
        return "AgentConfig{" + url + ", room=" + room + ", identity=" + identity + ", apiKey=" + apiKey
                + ", apiSecret=<hidden>, republishOnReconnect=" + republishOnReconnect + "}";
    }
}
