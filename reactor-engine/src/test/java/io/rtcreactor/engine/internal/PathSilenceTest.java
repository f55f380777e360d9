package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.internal.rtc.IcePath;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathSilent;
import io.rtcreactor.engine.proto.SignalTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The silence watch in virtual time, against counters set by hand as libwebrtc's stats would show them: one check
 * a second answered on a healthy path; after the path dies, checks go on (a burst of them once libwebrtc has heard
 * nothing for 2.5 s) and no answer comes.
 */
@Timeout(10)
class PathSilenceTest {

    private static final Duration LIMIT = Duration.ofSeconds(3);

    private VirtualTimeScheduler clock;
    private final Map<SignalTarget, IcePath.Checks> counters = new EnumMap<>(SignalTarget.class);
    private final List<SupervisorInput> inputs = new ArrayList<>();
    private PathSilence watch;

    @BeforeEach
    void setUp() {
        clock = VirtualTimeScheduler.create();
        watch = new PathSilence(clock, LIMIT, target -> {
            IcePath.Checks checks = counters.get(target);
            return checks == null ? Mono.empty() : Mono.just(new IcePath("u", "succeeded", Set.of(), checks));
        }, inputs::add);
    }

    @AfterEach
    void tearDown() {
        watch.stop();
        clock.dispose();
    }

    /** {@code seconds} seconds in which the pair sends {@code sentPerSecond} checks and gets {@code answered}. */
    private void seconds(int seconds, SignalTarget target, int sentPerSecond, boolean answered) {
        for (int i = 0; i < seconds; i++) {
            IcePath.Checks c = counters.get(target);
            counters.put(target, new IcePath.Checks(c.pairId(), c.sent() + sentPerSecond,
                    answered ? c.answered() + sentPerSecond : c.answered()));
            clock.advanceTimeBy(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHealthyPathIsNeverReported() {
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 3, 3));
        watch.start(1);
        seconds(60, SignalTarget.SUBSCRIBER, 1, true);
        assertThat(inputs).isEmpty();
    }

    @Test
    void aPathThatStopsAnsweringIsReportedOnceAfterTheLimit() {
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 3, 3));
        counters.put(SignalTarget.PUBLISHER, new IcePath.Checks("Q1", 3, 3));
        watch.start(4);
        // The publisher sends no check in this test and is never reported: no check, no silence.
        seconds(5, SignalTarget.SUBSCRIBER, 1, true);
        // The subscriber's path dies: two quiet seconds, then libwebrtc's burst.
        seconds(2, SignalTarget.SUBSCRIBER, 1, false);
        assertThat(inputs).isEmpty();
        seconds(1, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).as("3 s without an answer, 12 checks unanswered").hasSize(1);
        assertThat(inputs.get(0)).isInstanceOfSatisfying(PathSilent.class, silent -> {
            assertThat(silent.generation()).isEqualTo(4);
            assertThat(silent.target()).isEqualTo(SignalTarget.SUBSCRIBER);
            assertThat(silent.silent()).isEqualTo(LIMIT);
            assertThat(silent.unanswered()).isEqualTo(12);
        });
        seconds(10, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).as("reported once").hasSize(1);
    }

    @Test
    void spacedOutChecksWithOneAnswerLostAreNotSilence() {
        // A stable pair is checked every 2.5 s or so; one lost answer makes 5 s without one, but few checks.
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 3, 3));
        watch.start(1);
        seconds(6, SignalTarget.SUBSCRIBER, 0, true);
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 5, 3));
        seconds(4, SignalTarget.SUBSCRIBER, 0, true);
        assertThat(inputs).isEmpty();
    }

    @Test
    void aNewPairStartsItsOwnCount() {
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 3, 3));
        watch.start(1);
        seconds(2, SignalTarget.SUBSCRIBER, 10, false);
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P2", 1, 1));
        seconds(3, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).as("neither pair was silent for 3 s").isEmpty();
        seconds(1, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).as("the new pair, 3 s after it was first seen").hasSize(1);
    }

    @Test
    void nothingIsWatchedOutsideConnectedOrWhenSwitchedOff() {
        counters.put(SignalTarget.SUBSCRIBER, new IcePath.Checks("P1", 3, 3));
        watch.start(1);
        seconds(1, SignalTarget.SUBSCRIBER, 1, true);
        watch.stop();
        seconds(10, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).as("stopped: the session is resuming").isEmpty();

        PathSilence off = new PathSilence(clock, Duration.ZERO, target -> {
            throw new AssertionError("a switched-off watch reads no stats");
        }, inputs::add);
        off.start(1);
        seconds(10, SignalTarget.SUBSCRIBER, 10, false);
        assertThat(inputs).isEmpty();
    }
}
