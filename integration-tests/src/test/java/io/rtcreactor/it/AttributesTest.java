package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.UpdateRefusedException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.token.VideoGrant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 10 (runtime part): an agent publishes its state as attributes ({@code lk.agent.state}, as
 * LiveKit's agents do) and its metadata; the server (the testkit as LiveKit's {@code ParticipantImpl.UpdateMetadata})
 * answers each update with a {@code request_response}, and everyone in the room sees the change. Without
 * {@code canUpdateOwnMetadata} the update is refused, and the engine says so at once.
 */
class AttributesTest {

    private Harness harness;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void anAgentsAttributesAndMetadataReachTheRoomOnceTheServerAcceptedThem() {
        Harness.Recorded peer = harness.join("attrs", "caller");
        String token = harness.server.token("agent", VideoGrant.builder().room("attrs").roomJoin(true)
                .canUpdateOwnMetadata(true).agent(true).build());
        Harness.Recorded agent = harness.joinWithToken("attrs", token, io.rtcreactor.engine.RoomOptions.defaults());

        agent.room.localParticipant().setAttributes(Map.of("lk.agent.state", "listening")).block(Harness.WAIT);
        agent.room.localParticipant().setMetadata("{\"model\":\"echo\"}").block(Harness.WAIT);

        await().atMost(Harness.WAIT).until(() -> peer.room.remoteParticipants().containsKey("agent")
                && "listening".equals(peer.room.remoteParticipants().get("agent").attributes().get("lk.agent.state"))
                && peer.room.remoteParticipants().get("agent").metadata().equals("{\"model\":\"echo\"}"));
        assertThat(peer.events(RoomEvent.ParticipantUpdated.class)).as("the caller was told").isNotEmpty();

        assertThat(peer.events(RoomEvent.AttributesChanged.class)).singleElement()
                .satisfies(e -> assertThat(e.changed()).isEqualTo(Map.of("lk.agent.state", "listening")));

        agent.room.localParticipant().setAttributes(Map.of("lk.agent.state", "")).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> !peer.room.remoteParticipants().get("agent").attributes()
                .containsKey("lk.agent.state"));
        // A removed key is reported with "" (LiveKit's ParticipantAttributesChanged).
        await().atMost(Harness.WAIT).until(() -> peer.events(RoomEvent.AttributesChanged.class).size() == 2);
        assertThat(peer.events(RoomEvent.AttributesChanged.class).get(1).changed())
                .isEqualTo(Map.of("lk.agent.state", ""));
    }

    @Test
    void withoutTheGrantAnUpdateIsRefusedWithTheServersReason() {
        Harness.Recorded agent = harness.join("attrs", "agent");

        assertThatThrownBy(() -> agent.room.localParticipant().setAttributes(Map.of("lk.agent.state", "thinking"))
                .block(Harness.WAIT))
                .isInstanceOfSatisfying(UpdateRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo("NOT_ALLOWED");
                    assertThat(refused.getMessage()).contains("canUpdateOwnMetadata");
                });
    }
}
