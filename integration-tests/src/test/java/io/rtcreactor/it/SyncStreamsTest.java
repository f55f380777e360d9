package io.rtcreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.engine.token.RoomConfig;
import io.rtcreactor.engine.token.VideoGrant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 2: in a {@code sync_streams} room LiveKit sends a participant's tracks under the stream id
 * {@code <participant sid>|camera} (or {@code |screen}) instead of {@code <participant sid>|<track sid>}
 * ({@code PackSyncStreamID}); the track sid is then only the receiver's track id. The room is made so by the first
 * joiner's token ({@code roomConfig.syncStreams}), as LiveKit's room allocator makes it. The engine must still
 * recognise the track, with its own kind as the other participant and with LiveKit's Rust client.
 */
class SyncStreamsTest {

    private static final String ROOM = "synced";

    private Harness harness;
    private NodeParticipant node;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        harness.close();
    }

    /** The agent joins first: its token makes the room, with sync_streams. */
    private Harness.Recorded agentMakingASyncedRoom() {
        String token = harness.server.token("agent", VideoGrant.join(ROOM).toBuilder().canSubscribe(true).build(),
                RoomConfig.defaults().withSyncStreams(true));
        return harness.joinWithToken(ROOM, token, RoomOptions.defaults());
    }

    @Test
    void theEngineRecognisesATrackSentUnderItsPublishersStream() {
        Harness.Recorded agent = agentMakingASyncedRoom();
        Harness.Recorded caller = harness.join(ROOM, "caller");
        Harness.publishTone(caller.room, 660);

        ToneDetector heard = harness.listen(agent);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660)).isEqualTo(660);
        RoomEvent.TrackSubscribed subscribed = agent.events(RoomEvent.TrackSubscribed.class).get(0);
        assertThat(subscribed.track().sid()).isEqualTo(caller.room.localParticipant().tracks().get(0).sid());
        assertThat(agent.events(RoomEvent.InputRejected.class)).isEmpty();
    }

    @Test
    void audioCrossesASyncedRoomBetweenTheEngineAndLiveKitsRustClient() {
        Harness.Recorded agent = agentMakingASyncedRoom();
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token(ROOM, "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));

        node.ask(Map.of("cmd", "publish_tone", "hz", 660, "amplitude", 0.3), "published", Duration.ofSeconds(30));
        ToneDetector heard = harness.listen(agent);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660, 880)).isEqualTo(660);

        Harness.publishTone(agent.room, 440);
        JsonNode report = await().atMost(Harness.WAIT).until(() -> node.ask(Map.of("cmd", "audio_report"),
                "audio_report", Duration.ofSeconds(10)), r -> r.path("tracks").size() > 0
                && r.path("tracks").get(0).path("voiced_frames").asInt() > 50);
        assertThat(report.path("tracks").get(0).path("participant").asText()).isEqualTo("agent");
        assertThat(report.path("tracks").get(0).path("dominant_hz").asDouble()).isEqualTo(440.0);
    }
}
