package io.rtcreactor.it;

import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 11: an administrator mutes the agent's track (LiveKit's {@code RoomService.MutePublishedTrack};
 * the testkit's {@code mute_track} does what LiveKit's {@code ParticipantImpl.SetTrackMuted} does with
 * {@code fromAdmin}: a {@code mute} message to the participant, then the change to the room). The engine's
 * publication follows the server, says so with an event, and confirms with its own MuteTrackRequest, as LiveKit's JS
 * client does; unmuted by the server, the tone is heard again.
 */
class ServerMuteTest {

    @Test
    void aTrackTheServerMutesFollowsTheServerAndConfirmsIt() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            LocalTrackPublication tone = scenario.agent.room.localParticipant().tracks().get(0);
            long mutesBefore = mutes(scenario);

            scenario.fault(new Fault.MuteTrack(null, true));

            RoomEvent.LocalTrackMutedByServer muted = mutedByServer(scenario, 1);
            assertThat(muted.track()).isSameAs(tone);
            assertThat(muted.muted()).isTrue();
            assertThat(tone.muted()).as("the publication follows the server").isTrue();
            await().atMost(Harness.WAIT).until(() -> mutes(scenario) == mutesBefore + 1);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.events(RoomEvent.TrackMuteChanged.class).stream()
                    .anyMatch(e -> e.muted() && e.participant().identity().equals("agent")));

            scenario.fault(new Fault.MuteTrack(tone.sid(), false));

            assertThat(mutedByServer(scenario, 2).muted()).isFalse();
            assertThat(tone.muted()).isFalse();
            await().atMost(Harness.WAIT).until(() -> mutes(scenario) == mutesBefore + 2);
            scenario.recovered();
        }
    }

    /** MuteTrackRequests the server received from the agent. */
    private static long mutes(Scenario scenario) {
        return scenario.received("agent").stream().filter("mute"::equals).count();
    }

    private static RoomEvent.LocalTrackMutedByServer mutedByServer(Scenario scenario, int nth) {
        return await().atMost(Harness.WAIT).until(() -> {
            List<RoomEvent.LocalTrackMutedByServer> all = scenario.agent.events(RoomEvent.LocalTrackMutedByServer.class);
            return all.size() >= nth ? all.get(nth - 1) : null;
        }, Objects::nonNull);
    }
}
