package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionQuality;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 21: the testkit grades connections as LiveKit's server does at the extreme a client acts on (every
 * 5 s; LOST for a participant from which no media reached the server in the last interval: Room.connectionQualityWorker
 * in pkg/rtc/room.go, the scorer in pkg/sfu/connectionquality), and the engine reports the grades as events: its
 * own ({@code local}) and those of the participants it subscribes to.
 */
class ConnectionQualityTest {

    @Test
    void anAgentWhoseMediaIsCutIsReportedLostToItselfAndToThePeerAndExcellentAgainAfterwards() {
        NetworkNamespace.requireIsolated();
        // A long grace and no silence watch keep the engine from resuming during the outage (a resume would lift
        // the black hole).
        RoomOptions agent = Scenario.fastOptions().withPeerDisconnectedGrace(Duration.ofSeconds(60))
                .withPathSilenceLimit(Duration.ZERO);
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), agent)) {
            scenario.established();
            await().atMost(Harness.WAIT).until(() -> ownGrade(scenario.agent) == ConnectionQuality.EXCELLENT);

            scenario.fault(new Fault.BlackHoleMedia(Duration.ofSeconds(12)));

            await().atMost(Harness.WAIT).until(() -> ownGrade(scenario.agent) == ConnectionQuality.LOST);
            await().atMost(Harness.WAIT).until(() -> gradeOf(scenario.peer, "agent") == ConnectionQuality.LOST);
            RoomEvent.ConnectionQualityChanged lost = last(scenario.agent.events(RoomEvent.ConnectionQualityChanged.class)
                    .stream().filter(RoomEvent.ConnectionQualityChanged::local).toList());
            assertThat(lost.identity()).isEqualTo("agent");
            assertThat(lost.participantSid()).isEqualTo(scenario.agent.room.localParticipant().sid());

            await().atMost(Harness.WAIT).until(() -> ownGrade(scenario.agent) == ConnectionQuality.EXCELLENT);
            scenario.recovered();
            assertThat(scenario.agent.events(RoomEvent.Reconnected.class)).as("no reconnect was needed").isEmpty();
        }
    }

    private static ConnectionQuality ownGrade(Harness.Recorded who) {
        List<RoomEvent.ConnectionQualityChanged> own = who.events(RoomEvent.ConnectionQualityChanged.class).stream()
                .filter(RoomEvent.ConnectionQualityChanged::local).toList();
        return own.isEmpty() ? null : last(own).quality();
    }

    private static ConnectionQuality gradeOf(Harness.Recorded who, String identity) {
        List<RoomEvent.ConnectionQualityChanged> theirs = who.events(RoomEvent.ConnectionQualityChanged.class).stream()
                .filter(e -> !e.local() && e.identity().equals(identity)).toList();
        return theirs.isEmpty() ? null : last(theirs).quality();
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
