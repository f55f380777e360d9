package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 6: an administrator moves the agent to another room (LiveKit Cloud's MoveParticipant; the testkit's
 * {@code move}). The agent must take the new room's token, room and participants from {@code room_moved}: its
 * calls go on with the new room, and its next resume and its next full reconnect go to the new room. An engine
 * that ignores the message resumes with the old room's token, which the server does not know there, and its full
 * reconnect joins the old room again.
 */
class RoomMoveTest {

    private static final String DESTINATION = "elsewhere";

    @Test
    void aMovedAgentTalksInTheNewRoomAndReconnectsThere() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            Harness.Recorded host = scenario.harness.join(DESTINATION, "host");
            Harness.publishTone(host.room, 880);

            scenario.fault(new Fault.Move(DESTINATION));

            RoomEvent.RoomMoved moved = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.RoomMoved.class).stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(moved.from()).isEqualTo(Scenario.ROOM);
            assertThat(moved.to()).isEqualTo(DESTINATION);
            assertThat(scenario.agent.room.name()).isEqualTo(DESTINATION);
            // The old room's participant left before the move was reported, the new room's arrived after.
            List<RoomEvent> order = scenario.agent.events.stream().filter(e ->
                    e instanceof RoomEvent.RoomMoved
                            || e instanceof RoomEvent.ParticipantDisconnected d && d.participant().identity().equals("peer")
                            || e instanceof RoomEvent.ParticipantConnected c && c.participant().identity().equals("host"))
                    .toList();
            await().atMost(Harness.WAIT).until(() -> scenario.agent.room.remoteParticipants().containsKey("host"));
            assertThat(scenario.agent.room.remoteParticipants()).containsOnlyKeys("host");
            assertThat(order).hasSizeGreaterThanOrEqualTo(2);
            assertThat(order.get(0)).isInstanceOf(RoomEvent.ParticipantDisconnected.class);
            assertThat(order.get(1)).isInstanceOf(RoomEvent.RoomMoved.class);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.events(RoomEvent.ParticipantDisconnected.class)
                    .stream().anyMatch(d -> d.participant().identity().equals("agent")));

            hearEachOther(scenario, host);

            // A resume goes to the new room with the new token.
            scenario.harness.server.fault(DESTINATION, "agent", new Fault.CloseSignal(true)).block(Harness.WAIT);
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.agent.room.name()).isEqualTo(DESTINATION);

            // So does a full reconnect.
            scenario.harness.server.fault(DESTINATION, "agent", new Fault.Leave(LeaveRequest.Action.RECONNECT,
                    DisconnectReason.STATE_MISMATCH, true)).block(Harness.WAIT);
            assertThat(scenario.reconnected(2).mode()).isEqualTo(Mode.FULL);
            assertThat(scenario.harness.server.inspect(r -> r.participant(DESTINATION, "agent") != null
                    && r.participant(Scenario.ROOM, "agent") == null).block(Harness.WAIT)).isTrue();
            assertThat(scenario.agent.room.remoteParticipants()).containsOnlyKeys("host");
        }
    }

    /** The host's 880 Hz reaches the agent and the agent's 440 Hz reaches the host. */
    private static void hearEachOther(Scenario scenario, Harness.Recorded host) {
        RoomEvent.TrackSubscribed fromHost = await().atMost(Harness.WAIT).until(() -> scenario.agent
                .events(RoomEvent.TrackSubscribed.class).stream()
                .filter(e -> e.participant().identity().equals("host")).findFirst().orElse(null),
                java.util.Objects::nonNull);
        ToneDetector atAgent = new ToneDetector();
        scenario.harness.keep(fromHost.track().frames().subscribe(atAgent::add));
        ToneDetector atHost = scenario.harness.listen(host);
        await().atMost(Harness.WAIT).until(() -> atAgent.voicedFrames() > 100 && atHost.voicedFrames() > 100);
        assertThat(atAgent.dominant(440, 660, 880)).isEqualTo(880);
        assertThat(atHost.dominant(440, 660, 880)).isEqualTo(440);
    }
}
