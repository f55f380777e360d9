package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.reconnect.SupervisorCommand.ArmDeadline;
import io.rtcreactor.engine.reconnect.SupervisorCommand.Deadline;
import io.rtcreactor.engine.reconnect.SupervisorInput.AnswerApplied;
import io.rtcreactor.engine.reconnect.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.reconnect.SupervisorInput.DisconnectRequested;
import io.rtcreactor.engine.reconnect.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.reconnect.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.reconnect.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.reconnect.SupervisorInput.PeerFailed;
import io.rtcreactor.engine.reconnect.SupervisorInput.PeersConnected;
import io.rtcreactor.engine.reconnect.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.reconnect.SupervisorInput.RestartOfferSent;
import io.rtcreactor.engine.reconnect.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.reconnect.SupervisorInput.RetryDue;
import io.rtcreactor.engine.reconnect.SupervisorInput.SignalLost;
import io.rtcreactor.engine.reconnect.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.reconnect.SupervisorInput.Start;
import io.rtcreactor.engine.reconnect.SupervisorInput.StepFailed;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reconnect rules, as tables of (state, input) → (state, commands). No clock, no I/O. */
class SupervisorTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final Duration RESPONSE = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(15);
    private static final ReconnectPolicy POLICY = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(4);
    private static final RuntimeException LOST = new IllegalStateException("socket closed");

    private final Supervisor supervisor = new Supervisor(new Supervisor.Settings(POLICY, RESPONSE, RECOVERY));

    /** Runs inputs in order from {@code state}; returns the final step. */
    private Supervisor.Step run(SupervisorState state, SupervisorInput... inputs) {
        Supervisor.Step step = new Supervisor.Step(state, List.of());
        for (SupervisorInput input : inputs) {
            step = supervisor.next(step.state(), input, T0.plusSeconds(1));
        }
        return step;
    }

    /** A session joined on connection 1 and connected. */
    private SupervisorState connected() {
        Supervisor.Step step = run(SupervisorState.initial(), new Start(), new SignalOpened(1), new JoinAccepted(1),
                new PeersConnected(), new RepublishCompleted());
        assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
        return step.state();
    }

    @Nested
    class FirstJoin {

        @Test
        void opensJoinsAndConnectsOnlyWhenTransportsAreUp() {
            Supervisor.Step start = run(SupervisorState.initial(), new Start());
            assertThat(start.commands()).containsExactly(new SupervisorCommand.EnterState(ConnectionState.CONNECTING),
                    new SupervisorCommand.ArmEpisodeDeadline(1, POLICY.deadline()),
                    new SupervisorCommand.OpenSignal(1, Mode.FULL));
            Supervisor.Step opened = supervisor.next(start.state(), new SignalOpened(1), T0);
            assertThat(opened.commands()).containsExactly(new ArmDeadline(Deadline.RESPONSE, 1, RESPONSE));
            Supervisor.Step joined = supervisor.next(opened.state(), new JoinAccepted(1), T0);
            assertThat(joined.commands()).containsExactly(new SupervisorCommand.Rejoin(),
                    new ArmDeadline(Deadline.RECOVERY, 1, RECOVERY));
            Supervisor.Step up = supervisor.next(joined.state(), new PeersConnected(), T0);
            assertThat(up.commands()).isEmpty();
            Supervisor.Step done = supervisor.next(up.state(), new RepublishCompleted(), T0);
            assertThat(done.commands()).containsExactly(new SupervisorCommand.EnterState(ConnectionState.CONNECTED),
                    new SupervisorCommand.Connected());
            assertThat(done.state().liveEpoch()).isEqualTo(1);
        }

        @Test
        void aRejectedTokenFailsAtOnceWithoutRetry() {
            SignalConnectException rejected = new SignalConnectException(SignalConnectException.Kind.REJECTED, 401,
                    "token rejected", null);
            Supervisor.Step step = run(SupervisorState.initial(), new Start(), new ConnectFailed(1, rejected));
            assertThat(step.commands()).containsExactly(new SupervisorCommand.ConnectFailedFinally(rejected),
                    new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED, rejected),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
        }

        @Test
        void anUnavailableServerIsRetriedByThePolicy() {
            SignalConnectException busy = new SignalConnectException(SignalConnectException.Kind.UNAVAILABLE, 503,
                    "busy", null);
            Supervisor.Step step = run(SupervisorState.initial(), new Start(), new ConnectFailed(1, busy));
            assertThat(step.commands()).containsExactly(new SupervisorCommand.RetireSignal(1),
                    new SupervisorCommand.ResetPeers(), new SupervisorCommand.ScheduleRetry(2, Duration.ofMillis(300)));
            assertThat(step.state().phase()).isEqualTo(Phase.BACKOFF);
            Supervisor.Step retry = supervisor.next(step.state(), new RetryDue(2), T0);
            assertThat(retry.commands()).containsExactly(new SupervisorCommand.OpenSignal(2, Mode.FULL));
        }
    }

    @Nested
    class Resume {

        @Test
        void migrationResumesAndReportsRecoveredOnlyAfterTheRestartAnswerAndConnectedTransports() {
            SupervisorState s = connected();
            Supervisor.Step leave = supervisor.next(s, new LeaveReceived(1, LeaveAction.RESUME,
                    DisconnectReason.MIGRATION), T0);
            assertThat(leave.commands()).hasSize(4).element(3).isEqualTo(new SupervisorCommand.OpenSignal(2, Mode.RESUME));
            assertThat(leave.commands().get(0)).isInstanceOf(SupervisorCommand.EpisodeStarted.class);
            assertThat(leave.commands().get(1)).isEqualTo(new SupervisorCommand.EnterState(ConnectionState.RESUMING));

            Supervisor.Step accepted = run(leave.state(), new SignalOpened(2), new ResumeAccepted(2));
            assertThat(accepted.commands()).containsExactly(new SupervisorCommand.RetireSignal(1),
                    new SupervisorCommand.Resync(), new ArmDeadline(Deadline.RECOVERY, 2, RECOVERY));

            // Connected transports, a restart offer, and a stale answer: not yet.
            Supervisor.Step notYet = run(accepted.state(), new PeersConnected(), new RestartOfferSent(5),
                    new AnswerApplied(4));
            assertThat(notYet.commands()).isEmpty();
            assertThat(notYet.state().phase()).isEqualTo(Phase.RESUMING);

            Supervisor.Step recovered = supervisor.next(notYet.state(), new AnswerApplied(5), T0.plusSeconds(2));
            assertThat(recovered.commands()).containsExactly(
                    new SupervisorCommand.Recovered(Mode.RESUME, Duration.ofSeconds(2)),
                    new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
        }

        @Test
        void transportsStillDownAfterTheAnswerKeepTheSessionResuming() {
            SupervisorState s = run(connected(), new SignalLost(1, LOST), new SignalOpened(2), new ResumeAccepted(2),
                    new RestartOfferSent(3), new AnswerApplied(3)).state();
            assertThat(s.phase()).isEqualTo(Phase.RESUMING);
            assertThat(supervisor.next(s, new PeersConnected(), T0).state().phase()).isEqualTo(Phase.CONNECTED);
        }

        @Test
        void withoutAPublisherNoRestartAnswerIsAwaited() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new SignalOpened(2), new ResumeAccepted(2),
                    new PeersConnected(), new RestartOfferSent(0));
            assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
        }

        @Test
        void aFailedResumeEscalatesToFullReconnectAndNeverBack() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            DeadlineExceededException silent = new DeadlineExceededException("ReconnectResponse", RESPONSE);
            Supervisor.Step failed = supervisor.next(resuming, new StepFailed(2, silent), T0.plusSeconds(5));
            assertThat(failed.commands()).containsExactly(new SupervisorCommand.Escalated(silent),
                    new SupervisorCommand.EnterState(ConnectionState.RECONNECTING),
                    new SupervisorCommand.RetireSignal(2), new SupervisorCommand.ResetPeers(),
                    new SupervisorCommand.ScheduleRetry(2, Duration.ofMillis(300)));
            SupervisorState next = run(failed.state(), new RetryDue(2)).state();
            assertThat(next.mode()).isEqualTo(Mode.FULL);
            assertThat(next.phase()).isEqualTo(Phase.RECONNECTING);
            // A ReconnectResponse on the full attempt's connection is not a way back to resuming.
            assertThat(supervisor.next(next, new ResumeAccepted(next.attemptEpoch()), T0).commands()).isEmpty();
            Supervisor.Step again = supervisor.next(next, new ConnectFailed(next.attemptEpoch(), LOST), T0.plusSeconds(6));
            assertThat(again.state().mode()).isEqualTo(Mode.FULL);
            assertThat(again.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.Escalated.class);
        }

        @Test
        void aResumeThatCannotReachTheServerIsTriedAgainAsAResume() {
            SignalConnectException busy = new SignalConnectException(SignalConnectException.Kind.UNAVAILABLE, 503,
                    "busy", null);
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, busy));
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().phase()).isEqualTo(Phase.BACKOFF);
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.Escalated.class,
                    SupervisorCommand.ResetPeers.class);
            Supervisor.Step retry = supervisor.next(step.state(), new RetryDue(2), T0);
            assertThat(retry.commands()).containsExactly(new SupervisorCommand.OpenSignal(3, Mode.RESUME));
        }

        @Test
        void aLeaveWithResumeInsteadOfTheReconnectResponseIsAFailedResume() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = supervisor.next(resuming, new LeaveReceived(2, LeaveAction.RESUME,
                    DisconnectReason.UNKNOWN), T0.plusSeconds(1));
            assertThat(step.state().mode()).isEqualTo(Mode.FULL);
            assertThat(step.commands()).hasAtLeastOneElementOfType(SupervisorCommand.Escalated.class);
        }

        @Test
        void aLeaveWithReconnectGoesFullAtOnce() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = supervisor.next(resuming, new LeaveReceived(2, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH), T0.plusSeconds(1));
            assertThat(step.commands()).contains(new SupervisorCommand.OpenSignal(3, Mode.FULL))
                    .hasAtLeastOneElementOfType(SupervisorCommand.Escalated.class)
                    .doesNotHaveAnyElementsOfTypes(SupervisorCommand.ScheduleRetry.class);
            assertThat(step.state().phase()).isEqualTo(Phase.RECONNECTING);
        }

        @Test
        void aLeaveWithDisconnectEndsTheSessionInAnyPhase() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = supervisor.next(resuming, new LeaveReceived(2, LeaveAction.DISCONNECT,
                    DisconnectReason.ROOM_DELETED), T0);
            assertThat(step.commands()).first().isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.ROOM_DELETED));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
        }

        @Test
        void aFailureAfterTheReconnectResponseAlsoEscalates() {
            SupervisorState accepted = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2)).state();
            Supervisor.Step step = supervisor.next(accepted, new PeerFailed(LOST), T0);
            assertThat(step.state().mode()).isEqualTo(Mode.FULL);
        }

        @Test
        void theOldConnectionDyingDuringAResumeIsNotANewFailure() {
            SupervisorState s = connected();
            SupervisorState resuming = run(s, new PeerFailed(LOST), new SignalOpened(2)).state();
            assertThat(resuming.liveEpoch()).isEqualTo(1);
            Supervisor.Step step = supervisor.next(resuming, new SignalLost(1, LOST), T0);
            assertThat(step.commands()).isEmpty();
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().liveEpoch()).isZero();
        }

        @Test
        void inputsFromRetiredOrUnknownConnectionsAreIgnored() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            for (SupervisorInput stale : List.of(new JoinAccepted(7), new ResumeAccepted(1), new SignalLost(9, LOST),
                    new StepFailed(1, LOST), new LeaveReceived(5, LeaveAction.DISCONNECT, DisconnectReason.ROOM_DELETED))) {
                Supervisor.Step step = supervisor.next(resuming, stale, T0);
                assertThat(step.commands()).as(stale.toString()).isEmpty();
                assertThat(step.state()).isEqualTo(resuming);
            }
        }
    }

    @Nested
    class Bounds {

        @Test
        void exhaustionEndsWithTheOriginalCause() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST));
            RuntimeException refused = new IllegalStateException("refused");
            for (int attempt = 2; attempt <= 4; attempt++) {
                step = supervisor.next(step.state(), new ConnectFailed(step.state().attemptEpoch(), refused), T0);
                if (step.state().phase() == Phase.BACKOFF) {
                    step = supervisor.next(step.state(), new RetryDue(attempt), T0);
                }
            }
            step = supervisor.next(step.state(), new ConnectFailed(step.state().attemptEpoch(), refused), T0);
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
            assertThat(step.commands()).contains(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, LOST));
        }

        @Test
        void theEpisodeDeadlineEndsItWhateverTheAttemptIsDoing() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = supervisor.next(resuming, new EpisodeExpired(resuming.episode()), T0);
            assertThat(step.commands()).first().isEqualTo(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED,
                    LOST));
            assertThat(supervisor.next(resuming, new EpisodeExpired(resuming.episode() - 1), T0).commands()).isEmpty();
        }

        @Test
        void aRejectedTokenDuringAResumeEndsAtOnce() {
            SignalConnectException rejected = new SignalConnectException(SignalConnectException.Kind.REJECTED, 401,
                    "expired", null);
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, rejected));
            assertThat(step.commands()).contains(new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED, rejected));
        }

        @Test
        void disconnectWorksFromEveryPhase() {
            SupervisorState backoff = run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, LOST)).state();
            assertThat(backoff.phase()).isEqualTo(Phase.BACKOFF);
            for (SupervisorState state : List.of(SupervisorState.initial(), connected(), backoff,
                    run(connected(), new PeerFailed(LOST)).state())) {
                Supervisor.Step step = supervisor.next(state, new DisconnectRequested(), T0);
                assertThat(step.commands()).first().isEqualTo(new SupervisorCommand.Finish(
                        DisconnectReason.CLIENT_INITIATED, null));
                assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
            }
        }

        @Test
        void aDisconnectLeaveOnTheLiveConnectionDuringBackoffStopsTheLoop() {
            // A transport failed while the signal connection stayed up; the first resume could not connect.
            SupervisorState backoff = run(connected(), new PeerFailed(LOST), new ConnectFailed(2, LOST)).state();
            assertThat(backoff.phase()).isEqualTo(Phase.BACKOFF);
            assertThat(backoff.liveEpoch()).as("the old connection is kept until a new one opens").isEqualTo(1);
            Supervisor.Step step = supervisor.next(backoff, new LeaveReceived(1, LeaveAction.DISCONNECT,
                    DisconnectReason.PARTICIPANT_REMOVED), T0);
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
            assertThat(step.commands()).first().isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.PARTICIPANT_REMOVED));
        }

        @Test
        void aMissedDeadlineOfTheHealthySessionStartsAnEpisode() {
            Supervisor.Step step = supervisor.next(connected(), new StepFailed(1,
                    new DeadlineExceededException("answer", Duration.ofSeconds(10))), T0);
            assertThat(step.state().phase()).isEqualTo(Phase.RESUMING);
        }
    }

    @Nested
    class FirstJoinBounds {

        @Test
        void theEpisodeDeadlineOfTheFirstJoinIsAJoinFailureNotARefusedToken() {
            SupervisorState connecting = run(SupervisorState.initial(), new Start(), new SignalOpened(1)).state();
            Supervisor.Step step = supervisor.next(connecting, new EpisodeExpired(1), T0.plusSeconds(60));
            assertThat(step.commands()).hasSize(3);
            assertThat(step.commands().get(0)).isInstanceOfSatisfying(SupervisorCommand.ConnectFailedFinally.class,
                    failed -> assertThat(failed.error()).isInstanceOf(ReconnectTimeoutException.class));
            assertThat(step.commands().get(1)).isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.JOIN_FAILURE));
            assertThat(step.commands().get(2)).isEqualTo(new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }

        @Test
        void anExhaustedFirstJoinFailsConnectWithTheLastError() {
            RuntimeException refused = new IllegalStateException("refused");
            Supervisor.Step step = run(SupervisorState.initial(), new Start());
            for (int attempt = 2; attempt <= 4; attempt++) {
                step = supervisor.next(step.state(), new ConnectFailed(step.state().attemptEpoch(), refused), T0);
                step = supervisor.next(step.state(), new RetryDue(attempt), T0);
                assertThat(step.commands()).containsExactly(new SupervisorCommand.OpenSignal(attempt, Mode.FULL));
            }
            step = supervisor.next(step.state(), new ConnectFailed(4, refused), T0);
            assertThat(step.commands()).containsExactly(new SupervisorCommand.ConnectFailedFinally(refused),
                    new SupervisorCommand.Finish(DisconnectReason.JOIN_FAILURE, refused),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }

        @Test
        void startIsIgnoredOnceASessionHasBegun() {
            SupervisorState connecting = run(SupervisorState.initial(), new Start()).state();
            assertThat(supervisor.next(connecting, new Start(), T0).commands()).isEmpty();
            assertThat(supervisor.next(connected(), new Start(), T0).commands()).isEmpty();
        }
    }

    @Nested
    class FullReconnect {

        @Test
        void aLeaveWithReconnectInSteadyStateSaysGoodbyeResetsThePeersAndJoinsAtOnce() {
            Supervisor.Step step = supervisor.next(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH), T0);
            assertThat(step.commands()).hasSize(6);
            assertThat(step.commands().get(0)).isInstanceOfSatisfying(SupervisorCommand.EpisodeStarted.class,
                    started -> assertThat(started.mode()).isEqualTo(Mode.FULL));
            assertThat(step.commands().subList(1, 6)).containsExactly(
                    new SupervisorCommand.EnterState(ConnectionState.RECONNECTING),
                    new SupervisorCommand.ArmEpisodeDeadline(2, POLICY.deadline()),
                    new SupervisorCommand.LeaveAndRetire(1), new SupervisorCommand.ResetPeers(),
                    new SupervisorCommand.OpenSignal(2, Mode.FULL));
            assertThat(step.state().liveEpoch()).isZero();
        }

        @Test
        void aFullReconnectRecoversOnlyWhenJoinedConnectedAndRepublished() {
            SupervisorState reconnecting = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH), new SignalOpened(2)).state();
            Supervisor.Step joined = supervisor.next(reconnecting, new JoinAccepted(2), T0);
            assertThat(joined.commands()).containsExactly(new SupervisorCommand.Rejoin(),
                    new ArmDeadline(Deadline.RECOVERY, 2, RECOVERY));
            // Restart offers and answers are a resume's business; they do not complete a full reconnect.
            Supervisor.Step notYet = run(joined.state(), new RepublishCompleted(), new RestartOfferSent(3),
                    new AnswerApplied(3));
            assertThat(notYet.commands()).isEmpty();
            assertThat(notYet.state().phase()).isEqualTo(Phase.RECONNECTING);
            Supervisor.Step done = supervisor.next(notYet.state(), new PeersConnected(), T0.plusSeconds(3));
            assertThat(done.commands()).containsExactly(new SupervisorCommand.Recovered(Mode.FULL, Duration.ofSeconds(2)),
                    new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
            assertThat(done.state().liveEpoch()).isEqualTo(2);
            assertThat(done.state().attemptEpoch()).isZero();
        }

        @Test
        void escalatingWhileTheOldSignalIsStillUpSaysGoodbyeOnIt() {
            // A transport failed with the signal link up; the resume's response never came.
            SupervisorState resuming = run(connected(), new PeerFailed(LOST), new SignalOpened(2)).state();
            Supervisor.Step step = supervisor.next(resuming, new StepFailed(2,
                    new DeadlineExceededException("the ReconnectResponse", RESPONSE)), T0);
            assertThat(step.commands()).containsSubsequence(new SupervisorCommand.RetireSignal(2),
                    new SupervisorCommand.LeaveAndRetire(1), new SupervisorCommand.ResetPeers(),
                    new SupervisorCommand.ScheduleRetry(2, Duration.ofMillis(300)));
            assertThat(step.state().liveEpoch()).isZero();
        }

        @Test
        void aRefusedTokenDuringAFullReconnectEndsTheSession() {
            SignalConnectException rejected = new SignalConnectException(SignalConnectException.Kind.REJECTED, 403,
                    "no roomJoin grant", null);
            SupervisorState reconnecting = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH)).state();
            Supervisor.Step step = supervisor.next(reconnecting, new ConnectFailed(2, rejected), T0);
            assertThat(step.commands()).containsExactly(new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED,
                    rejected), new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }
    }

    @Nested
    class Backoff {

        private SupervisorState backoff() {
            SupervisorState s = run(connected(), new PeerFailed(LOST), new ConnectFailed(2, LOST)).state();
            assertThat(s.phase()).isEqualTo(Phase.BACKOFF);
            assertThat(s.attempt()).isEqualTo(2);
            return s;
        }

        @Test
        void onlyTheRetryOfTheWaitingAttemptOpensIt() {
            SupervisorState s = backoff();
            assertThat(supervisor.next(s, new RetryDue(1), T0).commands()).isEmpty();
            assertThat(supervisor.next(s, new RetryDue(3), T0).commands()).isEmpty();
            assertThat(supervisor.next(s, new RetryDue(2), T0).commands())
                    .containsExactly(new SupervisorCommand.OpenSignal(3, Mode.RESUME));
            // A retry due after the attempt was made some other way opens nothing more.
            SupervisorState resuming = run(s, new RetryDue(2)).state();
            assertThat(supervisor.next(resuming, new RetryDue(2), T0).commands()).isEmpty();
        }

        @Test
        void failuresOfNothingInFlightAreIgnoredWhileWaiting() {
            SupervisorState s = backoff();
            for (SupervisorInput input : List.of(new PeerFailed(LOST), new StepFailed(0, LOST), new SignalLost(2, LOST),
                    new LeaveReceived(1, LeaveAction.RESUME, DisconnectReason.MIGRATION), new PeersConnected())) {
                Supervisor.Step step = supervisor.next(s, input, T0);
                assertThat(step.commands()).as(input.toString()).isEmpty();
                assertThat(step.state()).as(input.toString()).isEqualTo(s);
            }
        }

        @Test
        void aLeaveWithReconnectMakesTheWaitingAttemptNowAndFullWithoutSpendingAnother() {
            Supervisor.Step step = supervisor.next(backoff(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH), T0);
            assertThat(step.commands()).contains(new SupervisorCommand.LeaveAndRetire(1),
                    new SupervisorCommand.OpenSignal(3, Mode.FULL))
                    .doesNotHaveAnyElementsOfTypes(SupervisorCommand.ScheduleRetry.class);
            assertThat(step.state().attempt()).isEqualTo(2);
            assertThat(step.state().phase()).isEqualTo(Phase.RECONNECTING);
        }

        @Test
        void theEpisodeDeadlineEndsTheWait() {
            Supervisor.Step step = supervisor.next(backoff(), new EpisodeExpired(2), T0);
            assertThat(step.commands()).containsExactly(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED,
                    LOST), new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }
    }

    @Nested
    class Terminal {

        @Test
        void nothingMovesADisconnectedSession() {
            SupervisorState ended = run(connected(), new DisconnectRequested()).state();
            for (SupervisorInput input : List.of(new Start(), new DisconnectRequested(), new SignalOpened(2),
                    new RetryDue(1), new EpisodeExpired(1), new PeerFailed(LOST), new SignalLost(1, LOST),
                    new LeaveReceived(1, LeaveAction.RECONNECT, DisconnectReason.STATE_MISMATCH))) {
                Supervisor.Step step = supervisor.next(ended, input, T0);
                assertThat(step.commands()).as(input.toString()).isEmpty();
                assertThat(step.state()).isEqualTo(ended);
            }
        }

        @Test
        void aStaleEpisodeDeadlineAfterRecoveryIsIgnored() {
            SupervisorState recovered = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2), new RestartOfferSent(0), new PeersConnected()).state();
            assertThat(recovered.phase()).isEqualTo(Phase.CONNECTED);
            assertThat(supervisor.next(recovered, new EpisodeExpired(recovered.episode()), T0).commands()).isEmpty();
        }

        @Test
        void aPolicyThatGivesUpAtOnceEndsTheSessionWithTheTrigger() {
            ReconnectPolicy never = new ReconnectPolicy() {
                @Override
                public java.util.Optional<Duration> nextDelay(int attempt, Duration elapsed, Throwable cause) {
                    return java.util.Optional.empty();
                }

                @Override
                public Duration deadline() {
                    return Duration.ofSeconds(1);
                }
            };
            Supervisor strict = new Supervisor(new Supervisor.Settings(never, RESPONSE, RECOVERY));
            Supervisor.Step step = strict.next(connected(), new SignalLost(1, LOST), T0);
            assertThat(step.commands()).endsWith(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, LOST),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.OpenSignal.class);
        }

        @Test
        void inputsOfOtherConnectionsDoNotDisturbAHealthySession() {
            SupervisorState s = connected();
            for (SupervisorInput input : List.of(new SignalLost(7, LOST), new StepFailed(7, LOST),
                    new LeaveReceived(7, LeaveAction.DISCONNECT, DisconnectReason.ROOM_DELETED), new JoinAccepted(1),
                    new RetryDue(1), new AnswerApplied(1), new PeersConnected())) {
                Supervisor.Step step = supervisor.next(s, input, T0);
                assertThat(step.commands()).as(input.toString()).isEmpty();
                assertThat(step.state()).as(input.toString()).isEqualTo(s);
            }
        }
    }
}
