package io.rtcreactor.engine.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.testing.NodeRunner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens cross between RTC Reactor and LiveKit's own Node SDK ({@code livekit-server-sdk}) in both directions. */
class NodeSdkTokenInteropTest {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTokenMintedByLiveKitsNodeSdkVerifiesHere() {
        NodeRunner.Result minted = NodeRunner.run(NODE_TIMEOUT, Map.of(), "token-mint.mjs",
                "devkey", "secret", "node-caller", "room-7", "600");
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();

        VerifiedToken claims = TokenVerifier.of("devkey", "secret")
                .verify(minted.lastLine(), TokenVerifier.Requirement.ROOM_JOIN);

        assertThat(claims.identity()).isEqualTo("node-caller");
        assertThat(claims.name()).isEqualTo("node-caller (node)");
        assertThat(claims.metadata()).isEqualTo("{\"minted\":\"node\"}");
        assertThat(claims.video()).isEqualTo(VideoGrant.builder().room("room-7").roomJoin(true).canPublish(true)
                .canSubscribe(false).canPublishData(true).agent(true).build());
        assertThat(Duration.between(claims.notBefore(), claims.expiresAt())).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void aTokenMintedHereVerifiesWithLiveKitsNodeSdk() throws Exception {
        String jwt = AccessToken.builder("devkey", "secret").identity("java-agent").name("Java Agent")
                .metadata("m").grant(VideoGrant.join("room-8").toBuilder().canSubscribe(true).hidden(true).build())
                .build().toJwt();

        NodeRunner.Result verified = NodeRunner.run(NODE_TIMEOUT, Map.of(), "token-verify.mjs", "devkey", "secret", jwt);

        assertThat(verified.exitCode()).as(verified.stdout() + verified.stderr()).isZero();
        JsonNode claims = JSON.readTree(verified.lastLine());
        assertThat(claims.path("sub").asText()).isEqualTo("java-agent");
        assertThat(claims.path("iss").asText()).isEqualTo("devkey");
        assertThat(claims.path("name").asText()).isEqualTo("Java Agent");
        assertThat(claims.path("video").path("room").asText()).isEqualTo("room-8");
        assertThat(claims.path("video").path("roomJoin").asBoolean()).isTrue();
        assertThat(claims.path("video").path("hidden").asBoolean()).isTrue();
    }

    /** Issue 10, item 10: the kind and roomConfig claims as LiveKit's SDK writes them (proto3 JSON, camelCase). */
    @Test
    void theKindAndRoomConfigOfLiveKitsNodeSdkAreReadHere() {
        NodeRunner.Result minted = NodeRunner.run(NODE_TIMEOUT, Map.of(), "token-mint.mjs",
                "devkey", "secret", "node-agent", "room-9", "600", "--kind=agent", "--room-config=sync");
        assertThat(minted.exitCode()).as(minted.stderr()).isZero();

        VerifiedToken claims = TokenVerifier.of("devkey", "secret").verify(minted.lastLine());

        assertThat(claims.kind()).isEqualTo("agent");
        assertThat(claims.roomConfig()).isEqualTo(RoomConfig.defaults().withSyncStreams(true).withEmptyTimeout(30)
                .withAgent("echo", "m"));
    }

    @Test
    void theKindAndRoomConfigWrittenHereAreWhatLiveKitsNodeSdkReads() throws Exception {
        String jwt = AccessToken.builder("devkey", "secret").identity("java-agent").grant(VideoGrant.join("room-10"))
                .kind("agent").roomConfig(RoomConfig.defaults().withSyncStreams(true).withAgent("echo", "m"))
                .build().toJwt();

        NodeRunner.Result verified = NodeRunner.run(NODE_TIMEOUT, Map.of(), "token-verify.mjs", "devkey", "secret", jwt);

        assertThat(verified.exitCode()).as(verified.stdout() + verified.stderr()).isZero();
        JsonNode claims = JSON.readTree(verified.lastLine());
        assertThat(claims.path("kind").asText()).isEqualTo("agent");
        assertThat(claims.path("roomConfig").path("syncStreams").asBoolean()).isTrue();
        assertThat(claims.path("roomConfig").path("agents").get(0).path("agentName").asText()).isEqualTo("echo");
        assertThat(claims.path("roomConfig").path("agents").get(0).path("metadata").asText()).isEqualTo("m");
    }

    @Test
    void liveKitsNodeSdkRefusesAJavaTokenSignedWithAnotherSecret() throws Exception {
        String jwt = AccessToken.builder("devkey", "not-the-secret").identity("x").grant(VideoGrant.join("r"))
                .build().toJwt();

        NodeRunner.Result verified = NodeRunner.run(NODE_TIMEOUT, Map.of(), "token-verify.mjs", "devkey", "secret", jwt);

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(verified.lastLine()).path("error").asText()).contains("SIGNATURE");
    }
}
