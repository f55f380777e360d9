package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.signal.SignalLostException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FAULTS.md F10: liveness. The testkit announces ping 1 s / timeout 3 s so that silence is noticed quickly. */
class LivenessTest {

    private static final TestkitOptions QUICK_PINGS = TestkitOptions.defaults()
            .withPing(Duration.ofSeconds(1), Duration.ofSeconds(3));

    @Test
    void f10aASilentServerIsNoticedWithinThePingTimeoutAndTheSessionResumes() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(QUICK_PINGS, Scenario.fastOptions())) {
            scenario.established();
            scenario.fault(new Fault.Silent(Fault.Silence.ALL, Duration.ofSeconds(4)));

            RoomEvent.Resuming resuming = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.Resuming.class).stream().findFirst().orElse(null), e -> e != null);
            assertThat(resuming.cause()).isInstanceOf(SignalLostException.class)
                    .hasMessageContaining("ping timeout 3000 ms");
            scenario.reconnected(1);
            scenario.recovered();
        }
    }

    @Test
    void f10bMessagesWithoutPongsKeepTheLinkAliveByDesign() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(QUICK_PINGS, Scenario.fastOptions())) {
            scenario.established();
            scenario.fault(new Fault.Silent(Fault.Silence.PONG, null));
            var track = scenario.peer.room.localParticipant().tracks().get(0);
            // Two ping timeouts of participant updates and no pongs: liveness is "any message", not "a pong".
            for (int i = 0; i < 12; i++) {
                int seen = scenario.agent.events(RoomEvent.TrackMuteChanged.class).size();
                track.mute(i % 2 == 0).block(Harness.WAIT);
                await().atMost(Harness.WAIT).until(() -> scenario.agent.events(RoomEvent.TrackMuteChanged.class).size() > seen);
                await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> true);
            }
            assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
            assertThat(scenario.agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @Test
    void f10cZeroPingValuesFallBackToSaneDefaultsWithoutCrashingOrSpinning() {
        NetworkNamespace.requireIsolated();
        Harness harness = new Harness();
        try {
            harness.server.fault(Scenario.ROOM, "agent", new Fault.JoinPing(0, 0)).block();
            Harness.Recorded agent = harness.join(Scenario.ROOM, "agent",
                    Scenario.fastOptions().withDefaultPing(Duration.ofSeconds(1), Duration.ofSeconds(6)));

            List<RoomEvent.InputRejected> rejected = agent.events(RoomEvent.InputRejected.class);
            assertThat(rejected).extracting(RoomEvent.InputRejected::reason)
                    .anySatisfy(r -> assertThat(r).contains("ping_interval 0"))
                    .anySatisfy(r -> assertThat(r).contains("ping_timeout 0"));
            // With the 1 s default the engine pings about once a second: not zero times, not thousands.
            await().pollDelay(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> true);
            long pings = harness.server.inspect(r -> r.record(Scenario.ROOM, "agent").timeline().stream()
                    .filter(e -> e.type().equals("ping_req")).count()).block();
            assertThat(pings).isBetween(2L, 10L);
            assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
        } finally {
            harness.close();
        }
    }
}
