package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.NodeRunner;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof of fidelity 3 (the Testkit issue): tokens minted by LiveKit's own {@code livekit-server-sdk}
 * ({@code interop/token-mint.mjs}) are accepted by the standalone testkit — by {@code /rtc/validate} and for a
 * real join of LiveKit's Rust client — and a bad signature or an expired token is refused with 401 and a body that
 * names the problem without repeating the token.
 */
class TokenInteropIT {

    private static final Duration NODE = Duration.ofSeconds(60);
    private static final Duration JOIN = Duration.ofSeconds(40);
    private static final String ROOM = "interop-tokens";

    private static StandaloneTestkit testkit;

    @BeforeAll
    static void start() {
        testkit = StandaloneTestkit.start();
    }

    @AfterAll
    static void stop() {
        if (testkit != null) {
            testkit.close();
        }
    }

    @Test
    void aTokenMintedByLiveKitsNodeSdkIsValid() {
        String token = mint("devkey", "secret", "node-caller", ROOM, "600");

        HttpResponse<String> query = validate(token);
        assertThat(query.statusCode()).as(query.body()).isEqualTo(200);
        assertThat(query.body()).isEqualTo("success");

        HttpResponse<String> header = validateWithHeader(token);
        assertThat(header.statusCode()).as(header.body()).isEqualTo(200);
        assertThat(header.body()).isEqualTo("success");
    }

    @Test
    void liveKitsRustClientJoinsWithTokensMintedByLiveKitsNodeSdk() {
        NetworkNamespace.requireIsolated();
        // token-mint.mjs's default grant is an agent's (canSubscribe false): such a participant publishes; a
        // listener needs the full grant.
        String speakerToken = mint("devkey", "secret", "node-speaker", ROOM, "600");
        String listenerToken = mint("devkey", "secret", "node-listener", ROOM, "600", "--grant=full");
        try (NodeParticipant speaker = NodeParticipant.rtcNode("node-speaker", testkit.url(), speakerToken);
             NodeParticipant listener = NodeParticipant.rtcNode("node-listener", testkit.url(), listenerToken)) {
            JsonNode speakerJoined = speaker.await("connected", 0, JOIN);
            JsonNode listenerJoined = listener.await("connected", 0, JOIN);
            assertThat(speakerJoined.path("identity").asText()).isEqualTo("node-speaker");
            assertThat(speakerJoined.path("room").asText()).as("the room comes from the token").isEqualTo(ROOM);
            assertThat(listenerJoined.path("identity").asText()).isEqualTo("node-listener");

            JsonNode published = speaker.ask(Map.of("cmd", "publish_tone", "hz", 660, "amplitude", 0.3),
                    "published", JOIN);
            String track = published.path("track_sid").asText();
            Listening.awaitTone(listener, "node-speaker", track, 660, published.path("t").asLong(), JOIN);

            // the testkit's own view: the speaker's track published, audio forwarded to the listener
            JsonNode speakerState = testkit.participant(ROOM, "node-speaker");
            assertThat(speakerState.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(speakerState.path("published_tracks").findValuesAsText("sid")).containsExactly(track);
            assertThat(testkit.participant(ROOM, "node-listener").path("audio_frames_forwarded").asLong())
                    .isPositive();
        }
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefusedWith401() {
        String token = mint("devkey", "not-the-secret", "forger", ROOM, "600");

        for (HttpResponse<String> response : List.of(validate(token), validateWithHeader(token))) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
            assertThat(response.body()).contains("signature").doesNotContain(token)
                    .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
        }
        // the upgrade itself is refused the same way (before any WebSocket handshake)
        HttpResponse<String> upgrade = testkit.get("/rtc?access_token=" + encode(token));
        assertThat(upgrade.statusCode()).isEqualTo(401);
        assertThat(upgrade.body()).contains("signature").doesNotContain(token);
    }

    @Test
    void anExpiredTokenIsRefusedWith401() {
        // five minutes in the past: well beyond the one minute of clock skew LiveKit's server allows
        String token = mint("devkey", "secret", "late-caller", ROOM, "-300");

        HttpResponse<String> response = validate(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.body()).contains("expired").doesNotContain(token)
                .doesNotContain(token.substring(token.lastIndexOf('.') + 1));
    }

    private static String mint(String key, String secret, String identity, String room, String... more) {
        String[] args = new String[4 + more.length];
        args[0] = key;
        args[1] = secret;
        args[2] = identity;
        args[3] = room;
        System.arraycopy(more, 0, args, 4, more.length);
        NodeRunner.Result minted = NodeRunner.run(NODE, Map.of(), "token-mint.mjs", args);
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();
        String token = minted.lastLine();
        assertThat(token.split("\\.")).as("a JWT from livekit-server-sdk").hasSize(3);
        return token;
    }

    private static HttpResponse<String> validate(String token) {
        return testkit.get("/rtc/validate?access_token=" + encode(token) + "&protocol=16&sdk=js");
    }

    /** As LiveKit's Rust client presents its token: {@code Authorization: Bearer}. */
    private static HttpResponse<String> validateWithHeader(String token) {
        return testkit.get("/rtc/validate?protocol=16", Map.of("Authorization", "Bearer " + token));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
