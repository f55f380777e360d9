package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keepalive in virtual time. Protocol: "The client sends ping_req = Ping{timestamp, rtt} every interval"; "The
 * signal link is dead when no message of any kind arrives for ping_timeout"; "Validate the values: zero or
 * negative must not crash or spin".
 */
class KeepaliveTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    /** The virtual clock, counting the timers that are still armed (neither run nor cancelled). */
    private final Tracking tracked = new Tracking(clock);
    /** The RTT each ping carried, with the virtual time it was sent at: "rtt@ms". */
    private final List<String> pings = new ArrayList<>();
    private final List<SignalLostException> deaths = new ArrayList<>();
    private final List<Long> deathTimes = new ArrayList<>();

    private Keepalive keepalive(Scheduler scheduler, Duration interval, Duration timeout) {
        return new Keepalive(scheduler, interval, timeout,
                rtt -> pings.add(rtt + "@" + clock.now(TimeUnit.MILLISECONDS)),
                cause -> {
                    deaths.add(cause);
                    deathTimes.add(clock.now(TimeUnit.MILLISECONDS));
                });
    }

    private Keepalive started(Duration interval, Duration timeout) {
        Keepalive keepalive = keepalive(tracked, interval, timeout);
        keepalive.start();
        return keepalive;
    }

    private void advance(long millis) {
        clock.advanceTimeBy(Duration.ofMillis(millis));
    }

    private void advanceTo(long millis) {
        advance(millis - clock.now(TimeUnit.MILLISECONDS));
    }

    /** Delegates to a scheduler and counts the delayed tasks still armed. */
    private static final class Tracking implements Scheduler {
        private final Scheduler delegate;
        private final List<Disposable> handles = new ArrayList<>();
        private final List<boolean[]> ran = new ArrayList<>();

        Tracking(Scheduler delegate) {
            this.delegate = delegate;
        }

        long armed() {
            long count = 0;
            for (int i = 0; i < handles.size(); i++) {
                if (!ran.get(i)[0] && !handles.get(i).isDisposed()) {
                    count++;
                }
            }
            return count;
        }

        @Override
        public Disposable schedule(Runnable task) {
            return delegate.schedule(task);
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            boolean[] done = new boolean[1];
            Disposable handle = delegate.schedule(() -> {
                done[0] = true;
                task.run();
            }, delay, unit);
            handles.add(handle);
            ran.add(done);
            return handle;
        }

        @Override
        public long now(TimeUnit unit) {
            return delegate.now(unit);
        }

        @Override
        public Worker createWorker() {
            return delegate.createWorker();
        }
    }

    @AfterEach
    void stopClock() {
        clock.dispose();
    }

    @Test
    void pingsEveryIntervalCarryingTheLastMeasuredRtt() {
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        advanceTo(4_999);
        assertThat(pings).isEmpty();
        advanceTo(5_000);
        assertThat(pings).containsExactly("0@5000");
        assertThat(keepalive.now()).as("the timestamp the ping carries is the scheduler's clock").isEqualTo(5_000);

        advanceTo(5_120);
        keepalive.pong(5_000);
        assertThat(keepalive.rttMillis()).isEqualTo(120);
        advanceTo(10_000);
        keepalive.pong(10_000);
        advanceTo(15_000);
        assertThat(pings).containsExactly("0@5000", "120@10000", "0@15000");
        assertThat(deaths).isEmpty();
    }

    @Test
    void rttIsMeasuredFromTheEchoedTimestampOfEachPong() {
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        assertThat(keepalive.rttMillis()).as("0 before the first pong").isZero();
        advanceTo(5_000);
        advanceTo(5_345);
        keepalive.pong(5_000);
        assertThat(keepalive.rttMillis()).isEqualTo(345);
        // A pong for a ping whose timestamp is in our future (a confused server) is not a negative RTT.
        keepalive.pong(9_000);
        assertThat(keepalive.rttMillis()).isZero();
    }

    @Test
    void theLinkIsDeadExactlyWhenNoMessageArrivedForTheTimeout() {
        started(INTERVAL, TIMEOUT);
        advanceTo(TIMEOUT.toMillis() - 1);
        assertThat(deaths).isEmpty();
        advanceTo(TIMEOUT.toMillis());
        assertThat(deaths).hasSize(1);
        assertThat(deathTimes).containsExactly(15_000L);
        assertThat(deaths.get(0)).hasMessageContaining("no message from the server for 15000 ms")
                .hasMessageContaining("ping timeout 15000 ms");
        assertThat(deaths.get(0).retryable()).isTrue();
    }

    @Test
    void theSilenceIsCountedFromTheLastMessage() {
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        advanceTo(7_300);
        keepalive.heard();
        advanceTo(7_300 + TIMEOUT.toMillis() - 1);
        assertThat(deaths).isEmpty();
        advanceTo(7_300 + TIMEOUT.toMillis());
        assertThat(deathTimes).containsExactly(22_300L);
    }

    @Test
    void aPongIsAMessageToo() {
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        advanceTo(5_050);
        keepalive.pong(5_000);
        advanceTo(5_050 + TIMEOUT.toMillis() - 1);
        assertThat(deaths).isEmpty();
        advanceTo(5_050 + TIMEOUT.toMillis());
        assertThat(deathTimes).containsExactly(20_050L);
    }

    @Test
    void otherMessagesWithoutPongsKeepTheLinkAliveWhileTheRttStaysStale() {
        // FAULTS.md F10 b, the documented choice: liveness is "any message", not "a pong".
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        advanceTo(5_080);
        keepalive.pong(5_000);
        for (long t = 9_000; t <= 117_000; t += 9_000) {
            advanceTo(t);
            keepalive.heard();
        }
        advanceTo(117_000 + TIMEOUT.toMillis() - 1);
        assertThat(deaths).isEmpty();
        assertThat(keepalive.rttMillis()).isEqualTo(80);
        assertThat(pings).hasSize(26).first().isEqualTo("0@5000");
        assertThat(pings.subList(1, pings.size())).allSatisfy(p -> assertThat(p).startsWith("80@"));
        advance(1);
        assertThat(deathTimes).containsExactly(132_000L);
    }

    @Test
    void withoutAnIntervalItOnlyWatchesLiveness() {
        // Before the JoinResponse gives the values: liveness only.
        started(null, Duration.ofSeconds(3));
        advanceTo(2_999);
        assertThat(deaths).isEmpty();
        advanceTo(3_000);
        assertThat(deaths).hasSize(1);
        advanceTo(60_000);
        assertThat(pings).isEmpty();
    }

    @Test
    void deathIsReportedOnceAndStopsThePings() {
        started(INTERVAL, TIMEOUT);
        advanceTo(600_000);
        assertThat(deaths).hasSize(1);
        assertThat(pings).containsExactly("0@5000", "0@10000");
        assertThat(tracked.armed()).isZero();
    }

    @Test
    void stopCancelsEverything() {
        Keepalive keepalive = started(INTERVAL, TIMEOUT);
        advanceTo(6_000);
        keepalive.stop();
        assertThat(tracked.armed()).as("no timer left behind").isZero();
        advanceTo(600_000);
        assertThat(pings).containsExactly("0@5000");
        assertThat(deaths).isEmpty();
        // Late input after stop changes nothing.
        keepalive.heard();
        advanceTo(1_200_000);
        assertThat(deaths).isEmpty();
    }

    @Test
    void onTheSessionsSerialLaneTheTimingIsTheSame() {
        // The session runs its keepalive on a serial wrapper of its scheduler (EngineSchedulers.serialOn); with a
        // virtual-time scheduler injected, both the timers and the clock must be virtual.
        Scheduler lane = EngineSchedulers.serialOn(clock);
        Keepalive keepalive = keepalive(lane, INTERVAL, TIMEOUT);
        keepalive.start();
        advanceTo(5_000);
        assertThat(keepalive.now()).isEqualTo(5_000);
        advanceTo(5_200);
        keepalive.pong(5_000);
        assertThat(keepalive.rttMillis()).isEqualTo(200);
        advanceTo(5_200 + TIMEOUT.toMillis() - 1);
        assertThat(deaths).isEmpty();
        advance(1);
        assertThat(deathTimes).containsExactly(20_200L);
        lane.dispose();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -15_000})
    void zeroOrNegativeValuesAreRejected(long millis) {
        Duration bad = Duration.ofMillis(millis);
        assertThatThrownBy(() -> keepalive(clock, INTERVAL, bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keepalive(clock, bad, TIMEOUT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keepalive(clock, null, bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSubMillisecondIntervalIsRejectedRatherThanPingingInABusyLoop() {
        // The timers run in whole milliseconds; 0.5 ms would become a 0 ms ping loop ("must not ... spin").
        assertThatThrownBy(() -> keepalive(clock, Duration.ofNanos(500_000), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> keepalive(clock, INTERVAL, Duration.ofNanos(500_000)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSessionsFallbackValuesAreSaneAndValidatedTheSameWay() {
        // SessionSignals replaces a server's ping_interval / ping_timeout <= 0 with these (a private step of the
        // session, reached only through a real signal connection: integration-tests LivenessTest F10 c covers it).
        RoomOptions defaults = RoomOptions.defaults();
        assertThat(defaults.defaultPingInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.defaultPingTimeout()).isEqualTo(Duration.ofSeconds(15));
        keepalive(clock, defaults.defaultPingInterval(), defaults.defaultPingTimeout());
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofNanos(500_000))) {
            assertThatThrownBy(() -> defaults.withDefaultPing(bad, TIMEOUT)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> defaults.withDefaultPing(INTERVAL, bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
        RoomOptions fast = defaults.withDefaultPing(Duration.ofMillis(1), Duration.ofMillis(3));
        keepalive(clock, fast.defaultPingInterval(), fast.defaultPingTimeout());
    }

    @Test
    void aMissingTimeoutIsRejected() {
        assertThatThrownBy(() -> keepalive(clock, INTERVAL, null)).isInstanceOf(NullPointerException.class);
    }
}
