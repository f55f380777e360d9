package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.StateRules;
import io.rtcreactor.testkit.TestkitOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, seeded chaos: random fault plans drawn from FAULTS.md ({@link ChaosPlan}) against the real testkit,
 * with an agent and a peer exchanging tones and reliable data. After every step: every state change so far was a
 * legal one and every episode that ended took no longer than the reconnect policy's deadline. After the plan: the
 * episode ended connected within the deadline (no plan holds a fault that ends a session by design), audio flows
 * both ways and reliable data arrives both ways, the peer never noticed more than the agent's absence, and after
 * {@code disconnect()} the agent's runtime holds no peer connection and no audio sink.
 *
 * <p>Each plan is printed with its seed. CI runs a fixed set of seeds; {@code -Drtcr.chaos.seed=N} replays one
 * plan; {@code -Drtcr.chaos.plans=500} (long mode) draws that many seeds from {@code -Drtcr.chaos.master} (printed;
 * the time if not given).
 */
class ChaosTest {

    /** CI mode: seeds whose plans between them use every fault of {@link ChaosPlan}'s catalogue at least once. */
    private static final long[] CI_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 25, 37, 50};

    static Stream<ChaosPlan> plans() {
        String seed = System.getProperty("rtcr.chaos.seed");
        if (seed != null) {
            return Stream.of(ChaosPlan.draw(Long.parseLong(seed)));
        }
        int count = Integer.getInteger("rtcr.chaos.plans", 0);
        if (count == 0) {
            return LongStream.of(CI_SEEDS).mapToObj(ChaosPlan::draw);
        }
        long master = Long.getLong("rtcr.chaos.master", System.nanoTime());
        System.out.println("chaos: " + count + " plans drawn from master seed " + master);
        Random seeds = new Random(master);
        return Stream.generate(seeds::nextLong).limit(count).map(ChaosPlan::draw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void theAgentComesThroughEveryPlanWithMediaAndDataAndLeavesNothingBehind(ChaosPlan plan) {
        NetworkNamespace.requireIsolated();
        System.out.println("chaos plan " + plan);
        RtcRuntime runtime = RtcRuntime.createAsync("chaos").block(Harness.WAIT);
        try (Scenario s = Scenario.start(TestkitOptions.defaults(), Scenario.fastOptions().withRtcRuntime(runtime))) {
            Duration deadline = Scenario.fastOptions().reconnectPolicy().deadline();
            List<Timed> states = new CopyOnWriteArrayList<>();
            s.harness.keep(s.agent.room.states().subscribe(state -> states.add(new Timed(state, Instant.now()))));
            s.established();

            Flux.fromIterable(plan.steps())
                    .concatMap(step -> Mono.delay(step.pause())
                            .then(s.harness.server.fault(Scenario.ROOM, "agent", step.fault()))
                            .doOnNext(status -> {
                                System.out.println("  " + step + " -> " + status + ", agent " + s.agent.room.state());
                                checkSoFar(states, deadline);
                            }))
                    .blockLast(Harness.WAIT.multipliedBy(2));

            await().atMost(deadline.plusSeconds(15)).until(() -> s.agent.room.state() == ConnectionState.CONNECTED);
            s.recovered();
            checkSoFar(states, deadline);
            assertThat(s.agent.room.state()).as("still connected after the checks").isEqualTo(ConnectionState.CONNECTED);
            assertThat(s.agent.events(RoomEvent.Disconnected.class)).as("the agent's session never ended").isEmpty();
            assertThat(s.peer.events(RoomEvent.Disconnected.class)).as("the peer's session never ended").isEmpty();
            s.agent.events(RoomEvent.InputRejected.class).forEach(rejected ->
                    assertThat(rejected.reason()).as("a rejected %s says why", rejected.what()).isNotBlank());
            System.out.println("  recovered: " + s.agent.events(RoomEvent.Reconnected.class) + ", states "
                    + states.stream().map(Timed::state).toList());

            s.agent.room.disconnect().block(Harness.WAIT);
            assertThat(s.disconnected().reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
            await().atMost(Harness.WAIT).until(() -> runtime.livePeerConnections() == 0
                    && runtime.attachedAudioSinks() == 0);
        } finally {
            runtime.release().block(Harness.WAIT);
        }
    }

    /** Legal changes only; every episode that ended (left RESUMING/RECONNECTING) did so within the deadline. */
    private static void checkSoFar(List<Timed> timed, Duration deadline) {
        List<Timed> states = new ArrayList<>(timed);
        StateRules.assertLegal(states.stream().map(Timed::state).toList());
        Instant episodeStart = null;
        for (Timed t : states) {
            boolean inEpisode = t.state() == ConnectionState.RESUMING || t.state() == ConnectionState.RECONNECTING;
            if (inEpisode && episodeStart == null) {
                episodeStart = t.at();
            } else if (!inEpisode && episodeStart != null) {
                assertThat(Duration.between(episodeStart, t.at())).as("episode ending in %s", t.state())
                        .isLessThanOrEqualTo(deadline);
                episodeStart = null;
            }
        }
    }

    private record Timed(ConnectionState state, Instant at) {
    }
}
