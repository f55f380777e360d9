package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.reconnect.ReconnectPolicy;
import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.ReconnectTimeoutException;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.OpenSignal;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import io.rtcreactor.engine.internal.supervisor.SupervisorDriver.Issued;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.CredentialsSet;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DeadlineMissed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathConnected;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RetryDue;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalLost;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.Start;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportStateChanged;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The timing of the reconnect rules (DESIGN.md invariants 2 and 9; FAULTS.md F8, F15) in virtual time: the pure
 * supervisor run by the session's own {@link SupervisorRunner}, timers included ({@link SupervisorDriver}).
 */
class SupervisorTimingTest {

    private static final Duration RESPONSE = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final RuntimeException LOST = new IllegalStateException("socket closed");
    private static final SignalConnectException BUSY = new SignalConnectException(
            SignalConnectException.Kind.UNAVAILABLE, 503, "busy", null);
    private static final JoinResponse JOIN = JoinResponse.newBuilder().setSubscriberPrimary(true).build();
    private static final ReconnectResponse RESUMED = ReconnectResponse.getDefaultInstance();

    private SupervisorDriver driver;

    private SupervisorDriver driver(ReconnectPolicy policy) {
        driver = new SupervisorDriver(new Supervisor.Settings(policy, RESPONSE, RECOVERY, GRACE));
        return driver;
    }

    @AfterEach
    void dispose() {
        if (driver != null) {
            driver.dispose();
        }
    }

    // ---- what the "server" does with each connection the session opens ----

    /** Upgrade refused (503). */
    private static void refuse(OpenSignal open, SupervisorDriver d) {
        d.later(Duration.ZERO, new ConnectFailed(open.epoch(), BUSY));
    }

    /** Socket accepted, then silence: no Join/ReconnectResponse ever (FAULTS.md F8). */
    private static void silent(OpenSignal open, SupervisorDriver d) {
        d.later(Duration.ZERO, new SignalOpened(open.epoch()));
    }

    /**
     * Accepts after {@code responseAfter}; everything recovered {@code recoveredAfter} later: after a join the new
     * subscriber connects and nothing needs republishing; after a resume the subscriber is answered on new
     * credentials and a look at its stats proves them.
     */
    private static BiConsumer<OpenSignal, SupervisorDriver> accept(Duration responseAfter, Duration recoveredAfter) {
        return (open, d) -> {
            int generation = d.state().generation();
            Duration done = responseAfter.plus(recoveredAfter);
            d.later(Duration.ZERO, new SignalOpened(open.epoch()));
            if (open.mode() == Mode.FULL) {
                d.later(responseAfter, new JoinAccepted(open.epoch(), JOIN));
                d.later(done, new TransportOpened(generation, SignalTarget.SUBSCRIBER));
                d.later(done, new TransportStateChanged(generation, SignalTarget.SUBSCRIBER, PeerState.CONNECTED));
                d.later(done, new RepublishCompleted(generation));
            } else {
                String ufrag = "sub" + open.epoch();
                d.later(responseAfter, new ResumeAccepted(open.epoch(), RESUMED));
                d.later(responseAfter, new CredentialsSet(generation, SignalTarget.SUBSCRIBER, ufrag));
                d.later(done, new PathConnected(generation, SignalTarget.SUBSCRIBER, ufrag));
            }
        };
    }

    /** The first connection is accepted at once, every later one handled by {@code then}. */
    private static BiConsumer<OpenSignal, SupervisorDriver> firstAcceptedThen(BiConsumer<OpenSignal, SupervisorDriver> then) {
        AtomicInteger opens = new AtomicInteger();
        BiConsumer<OpenSignal, SupervisorDriver> first = accept(Duration.ZERO, Duration.ZERO);
        return (open, d) -> (opens.incrementAndGet() == 1 ? first : then).accept(open, d);
    }

    /** Joins with a server that accepts the first connection, then advances to {@code t}. */
    private void connectedAt(long t) {
        driver.input(new Start());
        driver.advance(Duration.ZERO);
        assertThat(driver.state().phase()).isEqualTo(Phase.CONNECTED);
        driver.advance(Duration.ofMillis(t));
    }

    private List<Long> openTimes() {
        return driver.issued(OpenSignal.class).stream().map(Issued::at).toList();
    }

    private static List<Long> gaps(List<Long> times) {
        List<Long> out = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            out.add(times.get(i) - times.get(i - 1));
        }
        return out;
    }

    /** The effects issued, without the runner's own bookkeeping (timers, path watching). */
    private List<Issued> effects() {
        return driver.issued().stream().filter(i -> !(i.command() instanceof ArmTimer
                || i.command() instanceof SupervisorCommand.CancelTimer
                || i.command() instanceof SupervisorCommand.StopAwaitingPaths)).toList();
    }

    private SupervisorCommand lastEffect(int fromEnd) {
        List<Issued> all = effects();
        return all.get(all.size() - 1 - fromEnd).command();
    }

    private List<Issued> armed(Timer timer) {
        return driver.issued(ArmTimer.class).stream().filter(i -> ((ArmTimer) i.command()).timer() == timer).toList();
    }

    private void assertEndedNeverStuck(DisconnectReason reason, Throwable cause, long at) {
        assertThat(driver.state().phase()).isEqualTo(Phase.DISCONNECTED);
        assertThat(lastEffect(1)).isEqualTo(new SupervisorCommand.Finish(reason, cause));
        assertThat(lastEffect(0)).isEqualTo(new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        assertThat(effects().get(effects().size() - 1).at()).isEqualTo(at);
        assertThat(driver.armedTimers()).as("no timer left: nothing can restart the loop").isZero();
        int before = driver.issued().size();
        driver.advance(Duration.ofMinutes(10));
        assertThat(driver.issued()).hasSize(before);
    }

    @Test
    void everyAttemptRefusedFollowsTheBackoffScheduleThenEndsWithTheOriginalCause() {
        // FAULTS.md F15 with the default policy minus jitter: at once, then 300 ms doubling to 7 s, 10 attempts.
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0);
        driver(policy).onOpen(firstAcceptedThen(SupervisorTimingTest::refuse));
        connectedAt(1_000);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        List<Long> opens = openTimes().subList(1, openTimes().size());
        assertThat(opens).as("exactly the policy's attempts").hasSize(10).first().isEqualTo(1_000L);
        assertThat(gaps(opens)).containsExactly(300L, 600L, 1_200L, 2_400L, 4_800L, 7_000L, 7_000L, 7_000L, 7_000L);
        assertThat(armed(Timer.RETRY)).extracting(Issued::command).containsExactly(
                new ArmTimer(Timer.RETRY, Duration.ofMillis(300), new RetryDue(2)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(600), new RetryDue(3)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(1_200), new RetryDue(4)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(2_400), new RetryDue(5)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(4_800), new RetryDue(6)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(7_000), new RetryDue(7)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(7_000), new RetryDue(8)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(7_000), new RetryDue(9)),
                new ArmTimer(Timer.RETRY, Duration.ofMillis(7_000), new RetryDue(10)));
        // An unreachable server says nothing about the session: every attempt stays a resume.
        assertThat(driver.issued(OpenSignal.class).subList(1, 11)).extracting(i -> ((OpenSignal) i.command()).mode())
                .containsOnly(Mode.RESUME);
        assertEndedNeverStuck(DisconnectReason.RECONNECT_FAILED, LOST, 1_000 + 37_300);
        assertThat(driver.states()).filteredOn(s -> s.phase() == Phase.DISCONNECTED).hasSizeGreaterThanOrEqualTo(1);
    }

    @Test
    void withJitterEveryDelayStaysWithinItsBand() {
        double[] draws = {0.9, 0.1, 0.5, 0.0, 0.99};
        AtomicInteger next = new AtomicInteger();
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0.5).withMaxAttempts(6)
                .withRandom(() -> draws[next.getAndIncrement() % draws.length]);
        driver(policy).onOpen(firstAcceptedThen(SupervisorTimingTest::refuse));
        connectedAt(0);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));
        List<Long> opens = openTimes().subList(1, openTimes().size());
        // nominal 300, 600, 1200, 2400, 4800 scaled by 1 - 0.5 · draw
        assertThat(gaps(opens)).containsExactly(165L, 570L, 900L, 2_400L, 2_424L);
        assertThat(driver.state().phase()).isEqualTo(Phase.DISCONNECTED);
    }

    @Test
    void aSilentServerFailsEachAttemptAtItsResponseDeadline() {
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(4);
        driver(policy).onOpen(firstAcceptedThen(SupervisorTimingTest::silent));
        connectedAt(0);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        List<Issued> opens = driver.issued(OpenSignal.class).subList(1, 5);
        assertThat(opens).extracting(Issued::at).containsExactly(0L, 5_300L, 10_900L, 17_100L);
        assertThat(opens).extracting(i -> ((OpenSignal) i.command()).mode())
                .containsExactly(Mode.RESUME, Mode.FULL, Mode.FULL, Mode.FULL);
        assertThat(armed(Timer.RESPONSE)).extracting(Issued::at, Issued::command).contains(
                tuple(0L, new ArmTimer(Timer.RESPONSE, RESPONSE, new DeadlineMissed(SupervisorCommand.Deadline.RESPONSE, 2))),
                tuple(17_100L, new ArmTimer(Timer.RESPONSE, RESPONSE,
                        new DeadlineMissed(SupervisorCommand.Deadline.RESPONSE, 5))));
        // Each failure exactly RESPONSE after its attempt opened: the escalation, the retries, the end.
        assertThat(driver.issued(SupervisorCommand.Escalated.class)).singleElement().satisfies(e -> {
            assertThat(e.at()).isEqualTo(5_000L);
            assertThat(((SupervisorCommand.Escalated) e.command()).cause())
                    .isInstanceOf(DeadlineExceededException.class);
        });
        assertThat(armed(Timer.RETRY)).extracting(Issued::at).containsExactly(5_000L, 10_300L, 15_900L);
        assertEndedNeverStuck(DisconnectReason.RECONNECT_FAILED, LOST, 22_100);
    }

    @Test
    void aResponseJustBeforeItsDeadlineIsInTimeAndTheRecoveryTakesVirtualTime() {
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0);
        driver(policy).onOpen(firstAcceptedThen(accept(RESPONSE.minusMillis(1), Duration.ofMillis(200))));
        connectedAt(2_000);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        assertThat(driver.issued(SupervisorCommand.Escalated.class)).isEmpty();
        assertThat(driver.issued(SupervisorCommand.Recovered.class)).singleElement().satisfies(r -> {
            assertThat(r.at()).isEqualTo(2_000L + 4_999 + 200);
            assertThat(r.command()).isEqualTo(new SupervisorCommand.Recovered(Mode.RESUME, Duration.ofMillis(5_199)));
        });
        assertThat(driver.state().phase()).isEqualTo(Phase.CONNECTED);
        assertThat(driver.armedTimers()).as("deadlines and the episode deadline cancelled on recovery").isZero();
    }

    @Test
    void aResumeThatNeverRecoversFailsAtTheRecoveryDeadlineAndEscalates() {
        AtomicInteger opens = new AtomicInteger();
        BiConsumer<OpenSignal, SupervisorDriver> resumeStuckThenFullWorks = (open, d) -> {
            int n = opens.incrementAndGet();
            if (n == 1) {
                accept(Duration.ZERO, Duration.ZERO).accept(open, d);
            } else if (n == 2) {
                // ReconnectResponse after 100 ms, the subscriber answered on new credentials, which never work.
                d.later(Duration.ZERO, new SignalOpened(open.epoch()));
                d.later(Duration.ofMillis(100), new ResumeAccepted(open.epoch(), RESUMED));
                d.later(Duration.ofMillis(100), new CredentialsSet(d.state().generation(), SignalTarget.SUBSCRIBER,
                        "never"));
            } else {
                accept(Duration.ofMillis(100), Duration.ofMillis(100)).accept(open, d);
            }
        };
        driver(JitteredBackoff.defaults().withJitter(0)).onOpen(resumeStuckThenFullWorks);
        connectedAt(0);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        assertThat(armed(Timer.RECOVERY)).extracting(Issued::at, Issued::command).contains(
                tuple(100L, new ArmTimer(Timer.RECOVERY, RECOVERY,
                        new DeadlineMissed(SupervisorCommand.Deadline.RECOVERY, 2))));
        assertThat(driver.issued(SupervisorCommand.Escalated.class)).singleElement()
                .extracting(Issued::at).isEqualTo(15_100L);
        assertThat(driver.issued(OpenSignal.class)).extracting(Issued::at).containsExactly(0L, 0L, 15_400L);
        assertThat(driver.issued(SupervisorCommand.Recovered.class)).extracting(Issued::command)
                .containsExactly(new SupervisorCommand.Recovered(Mode.FULL, Duration.ofMillis(15_600)));
        assertThat(driver.state().phase()).isEqualTo(Phase.CONNECTED);
    }

    @Test
    void theEpisodeDeadlineEndsTheEpisodeEvenWhenThePolicyWouldGoOn() {
        ReconnectPolicy stubborn = new ReconnectPolicy() {
            @Override
            public Optional<Duration> nextDelay(int attempt, Duration elapsed, Throwable cause) {
                return Optional.of(attempt == 1 ? Duration.ZERO : Duration.ofSeconds(1));
            }

            @Override
            public Duration deadline() {
                return Duration.ofMillis(16_500);
            }
        };
        driver(stubborn).onOpen(firstAcceptedThen(SupervisorTimingTest::silent));
        connectedAt(0);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        // Attempts at 0, 6, 12 (each silent for 5 s, then 1 s of backoff); the third is cut short at 16.5 s.
        assertThat(openTimes().subList(1, openTimes().size())).containsExactly(0L, 6_000L, 12_000L);
        assertEndedNeverStuck(DisconnectReason.RECONNECT_FAILED, LOST, 16_500);
    }

    @Test
    void thePolicyStartsNoAttemptThatWouldBeginPastTheDeadline() {
        // Every second, refused at once: attempts at 0…5 s; one at 6 s would pass the 5.5 s deadline, so the policy
        // gives up at 5 s (measured on the session's clock) instead of waiting for the episode deadline.
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0).withBase(Duration.ofSeconds(1))
                .withMax(Duration.ofSeconds(1)).withMaxAttempts(100).withDeadline(Duration.ofMillis(5_500));
        driver(policy).onOpen(firstAcceptedThen(SupervisorTimingTest::refuse));
        connectedAt(3_000);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMinutes(5));

        assertThat(openTimes().subList(1, openTimes().size()))
                .containsExactly(3_000L, 4_000L, 5_000L, 6_000L, 7_000L, 8_000L);
        assertEndedNeverStuck(DisconnectReason.RECONNECT_FAILED, LOST, 8_000);
    }

    @Test
    void aFirstJoinAgainstASilentServerEndsAtTheDeadlineAsAJoinFailure() {
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(100)
                .withDeadline(Duration.ofSeconds(20));
        driver(policy).onOpen(SupervisorTimingTest::silent);
        driver.input(new Start());
        driver.advance(Duration.ofMinutes(5));

        assertThat(openTimes()).containsExactly(0L, 5_300L, 10_900L, 17_100L);
        assertThat(driver.issued(OpenSignal.class)).extracting(i -> ((OpenSignal) i.command()).mode())
                .containsOnly(Mode.FULL);
        assertThat(lastEffect(2)).isInstanceOfSatisfying(SupervisorCommand.ConnectFailedFinally.class,
                failed -> assertThat(failed.error()).isInstanceOf(io.rtcreactor.engine.JoinTimeoutException.class)
                        .hasMessageContaining("could not join within 20000 ms")
                        .hasMessageContaining("the last attempt failed: the Join/ReconnectResponse did not happen")
                        .hasCauseInstanceOf(DeadlineExceededException.class));
        SupervisorCommand.Finish finish = (SupervisorCommand.Finish) lastEffect(1);
        assertThat(finish.reason()).as("a deadline is not a refused token").isEqualTo(DisconnectReason.JOIN_FAILURE);
        assertEndedNeverStuck(DisconnectReason.JOIN_FAILURE, finish.cause(), 20_000);
    }

    /**
     * Issue 13: where media can never connect (the server answers every join, ICE never finds a path), the first
     * join fails at its own bound ({@code joinTimeout}), not the policy's deadline, saying that the transports never
     * connected and how far each got.
     */
    @Test
    void aFirstJoinWhoseTransportsNeverConnectEndsAtTheJoinBoundSayingSo() {
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(100)
                .withDeadline(Duration.ofSeconds(60));
        driver = new SupervisorDriver(new Supervisor.Settings(policy, RESPONSE, RECOVERY, GRACE,
                Duration.ofSeconds(30)));
        // Every join is answered; the subscriber opens and starts ICE, which never gets anywhere.
        driver.onOpen((open, d) -> {
            int generation = d.state().generation();
            d.later(Duration.ZERO, new SignalOpened(open.epoch()));
            d.later(Duration.ZERO, new JoinAccepted(open.epoch(), JOIN));
            d.later(Duration.ofMillis(100), new TransportOpened(generation, SignalTarget.SUBSCRIBER));
            d.later(Duration.ofMillis(100), new TransportStateChanged(generation, SignalTarget.SUBSCRIBER,
                    PeerState.CONNECTING));
        });
        driver.input(new Start());
        driver.advance(Duration.ofMinutes(5));

        assertThat(lastEffect(2)).isInstanceOfSatisfying(SupervisorCommand.ConnectFailedFinally.class,
                failed -> assertThat(failed.error()).isInstanceOf(io.rtcreactor.engine.JoinTimeoutException.class)
                        .hasMessageContaining("could not join within 30000 ms")
                        .hasMessageContaining("the media transports never connected")
                        .hasMessageContaining("loopback")
                        .hasMessageContaining("subscriber CONNECTING").hasMessageContaining("publisher NEW"));
        assertEndedNeverStuck(DisconnectReason.JOIN_FAILURE, ((SupervisorCommand.Finish) lastEffect(1)).cause(),
                30_000);
    }

    @Test
    void aLeaveWithReconnectDuringTheBackoffMakesTheWaitingAttemptAtOnceWithoutSpendingAnother() {
        // The signal link stays up while a transport fails; resuming cannot reach the server; then the server
        // orders a full reconnect on the old link, during the backoff.
        ReconnectPolicy policy = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(2);
        driver(policy).onOpen(firstAcceptedThen(SupervisorTimingTest::refuse));
        connectedAt(0);
        driver.input(new TransportStateChanged(1, SignalTarget.SUBSCRIBER, PeerState.FAILED));
        driver.advance(Duration.ofMillis(100));
        assertThat(driver.state().phase()).isEqualTo(Phase.BACKOFF);
        driver.input(new LeaveReceived(1, LeaveAction.RECONNECT, DisconnectReason.STATE_MISMATCH));
        driver.advance(Duration.ofMinutes(5));

        assertThat(driver.issued(OpenSignal.class)).extracting(Issued::at, Issued::command).containsExactly(
                tuple(0L, new OpenSignal(1, Mode.FULL, io.rtcreactor.engine.proto.ReconnectReason.RR_UNKNOWN)),
                tuple(0L, new OpenSignal(2, Mode.RESUME, io.rtcreactor.engine.proto.ReconnectReason.RR_SUBSCRIBER_FAILED)),
                tuple(100L, new OpenSignal(3, Mode.FULL, io.rtcreactor.engine.proto.ReconnectReason.RR_UNKNOWN)));
        assertThat(driver.issued(SupervisorCommand.LeaveAndRetire.class)).extracting(Issued::command)
                .containsExactly(new SupervisorCommand.LeaveAndRetire(1));
        assertThat(driver.state().phase()).isEqualTo(Phase.DISCONNECTED);
        assertThat(lastEffect(1)).isInstanceOfSatisfying(SupervisorCommand.Finish.class, finish -> {
            assertThat(finish.reason()).isEqualTo(DisconnectReason.RECONNECT_FAILED);
            assertThat(finish.cause()).as("the episode's original cause").hasMessageContaining("subscriber");
        });
        assertThat(driver.armedTimers()).isZero();
    }

    @Test
    void afterARecoveryTheNextEpisodeStartsAfreshWithItsOwnDeadline() {
        AtomicInteger opens = new AtomicInteger();
        driver(JitteredBackoff.defaults().withJitter(0).withDeadline(Duration.ofSeconds(20))).onOpen((open, d) -> {
            // 1: join; 2: refused; 3: resumed; 4, 5, …: refused.
            int n = opens.incrementAndGet();
            if (n == 1 || n == 3) {
                accept(Duration.ZERO, Duration.ZERO).accept(open, d);
            } else {
                refuse(open, d);
            }
        });
        connectedAt(0);
        driver.input(new SignalLost(1, LOST));
        driver.advance(Duration.ofMillis(300));
        assertThat(driver.state().phase()).isEqualTo(Phase.CONNECTED);
        assertThat(driver.armedTimers()).isZero();

        driver.advance(Duration.ofSeconds(30));
        assertThat(driver.state().phase()).as("episode 1's deadline was cancelled").isEqualTo(Phase.CONNECTED);
        RuntimeException second = new IllegalStateException("second drop");
        driver.input(new SignalLost(3, second));
        driver.advance(Duration.ofMinutes(5));

        // Episode 2 starts with attempt 1 at once and the full schedule again, bounded by its own 20 s.
        List<Long> episode2 = openTimes().subList(3, openTimes().size());
        assertThat(episode2.get(0)).isEqualTo(30_300L);
        assertThat(gaps(episode2)).startsWith(300L, 600L, 1_200L, 2_400L, 4_800L);
        assertThat(armed(Timer.EPISODE)).extracting(Issued::at, Issued::command).containsExactly(
                tuple(0L, new ArmTimer(Timer.EPISODE, Duration.ofSeconds(20), new EpisodeExpired(1))),
                tuple(0L, new ArmTimer(Timer.EPISODE, Duration.ofSeconds(20), new EpisodeExpired(2))),
                tuple(30_300L, new ArmTimer(Timer.EPISODE, Duration.ofSeconds(20), new EpisodeExpired(3))));
        assertThat(driver.state().phase()).isEqualTo(Phase.DISCONNECTED);
        assertThat(lastEffect(1)).isEqualTo(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, second));
        assertThat(effects().get(effects().size() - 1).at()).isLessThanOrEqualTo(30_300L + 20_000);
    }
}
