package io.rtcreactor.it;

import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FAULTS.md F18 (work generated during the socket gap) and F19 (a participant left during the outage). */
class GapTest {

    @Test
    void f18AMuteMadeDuringTheGapArrivesOnlyAfterTheResumeCompletes() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            LocalTrackPublication track = scenario.agent.room.localParticipant().tracks().get(0);
            // Two refused upgrades keep the signal down for a few hundred ms.
            scenario.fault(new Fault.Refuse(503, 2));
            scenario.fault(new Fault.CloseSignal(true));
            await().atMost(Harness.WAIT).until(() -> !scenario.agent.events(RoomEvent.Resuming.class).isEmpty());
            track.mute(true).block(Harness.WAIT);

            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            await().atMost(Harness.WAIT).until(() -> scenario.received("agent").contains("mute"));
            List<ParticipantRecord.TimelineEntry> timeline = scenario.record("agent").timeline();
            List<String> order = timeline.stream().map(e -> e.direction() + ":" + e.type()).toList();
            int reconnect = order.indexOf("out:reconnect");
            int syncState = order.indexOf("in:sync_state");
            int mute = order.indexOf("in:mute");
            assertThat(reconnect).isNotNegative();
            assertThat(syncState).isGreaterThan(reconnect);
            assertThat(order.stream().filter(t -> t.equals("in:mute")).count()).isEqualTo(1);
            // The resume completed only once both restarts were answered (ours by the server, the server's
            // subscriber restart by us): the mute comes after both, not merely after SyncState.
            int publisherRestartAnswered = indexAfter(order, reconnect, "out:answer");
            int subscriberRestartAnswered = indexAfter(order, reconnect, "in:answer");
            assertThat(publisherRestartAnswered).isPositive();
            assertThat(subscriberRestartAnswered).isPositive();
            assertThat(mute).as("the mute waited for the resume to complete")
                    .isGreaterThan(publisherRestartAnswered).isGreaterThan(subscriberRestartAnswered);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                    .get(0).muted());
        }
    }

    private static int indexAfter(List<String> order, int from, String entry) {
        for (int i = from + 1; i < order.size(); i++) {
            if (order.get(i).equals(entry)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void f19AParticipantWhoLeftDuringTheOutageIsReportedExactlyOnce() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            Harness.Recorded leaver = scenario.harness.join(Scenario.ROOM, "leaver");
            await().atMost(Harness.WAIT).until(() -> scenario.agent.room.remoteParticipants().containsKey("leaver"));
            scenario.established();
            scenario.fault(new Fault.Refuse(503, 3));
            scenario.fault(new Fault.CloseSignal(true));
            await().atMost(Harness.WAIT).until(() -> !scenario.agent.events(RoomEvent.Resuming.class).isEmpty());
            leaver.room.disconnect().block(Harness.WAIT);

            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            await().atMost(Harness.WAIT).until(() -> !scenario.agent.room.remoteParticipants().containsKey("leaver"));
            List<RoomEvent.ParticipantDisconnected> gone = scenario.agent.events(RoomEvent.ParticipantDisconnected.class);
            assertThat(gone).extracting(e -> e.participant().identity()).containsExactly("leaver");
            assertThat(scenario.agent.room.remoteParticipants()).containsOnlyKeys("peer");
            scenario.recovered();
        }
    }
}
