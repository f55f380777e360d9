package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.reconnect.ReconnectPolicy;
import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.ReconnectTimeoutException;
import io.rtcreactor.engine.LeaveRequestedException;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Deadline;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.OpenSignal;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.AnswerApplied;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.CredentialsSet;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DeadlineMissed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DisconnectRequested;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.GraceExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.NegotiationFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathConnected;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PublisherOfferSent;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RetryDue;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalLost;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.Start;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.StepFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SubscriberAnswered;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportStateChanged;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.TransportFailedException;
import io.rtcreactor.engine.signal.SignalConnectException;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static io.rtcreactor.engine.proto.SignalTarget.PUBLISHER;
import static io.rtcreactor.engine.proto.SignalTarget.SUBSCRIBER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconnect rules, scenario by scenario, as (state, inputs) → (state, commands). No clock, no I/O.
 * {@link SupervisorMatrixTest} covers every phase against every input.
 */
class SupervisorTest {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final Duration RESPONSE = Duration.ofSeconds(5);
    static final Duration RECOVERY = Duration.ofSeconds(15);
    static final Duration GRACE = Duration.ofSeconds(5);
    static final ReconnectPolicy POLICY = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(4);
    static final RuntimeException LOST = new SignalLostException("socket closed");
    static final JoinResponse JOIN = JoinResponse.newBuilder().setSubscriberPrimary(true).build();
    /** What LiveKit answers a token without canSubscribe: the publisher is primary. */
    static final JoinResponse PUBLISH_ONLY = JoinResponse.newBuilder().setSubscriberPrimary(false).build();
    static final ReconnectResponse RESUMED = ReconnectResponse.getDefaultInstance();
    static final SignalConnectException BUSY = new SignalConnectException(SignalConnectException.Kind.UNAVAILABLE,
            503, "busy", null);
    static final SignalConnectException REJECTED = new SignalConnectException(SignalConnectException.Kind.REJECTED,
            401, "token rejected", null);

    static final Supervisor SUPERVISOR = new Supervisor(new Supervisor.Settings(POLICY, RESPONSE, RECOVERY, GRACE));

    /** Runs inputs in order from {@code state}; returns the final step. */
    static Supervisor.Step run(SupervisorState state, SupervisorInput... inputs) {
        Supervisor.Step step = new Supervisor.Step(state, List.of());
        for (SupervisorInput input : inputs) {
            step = SUPERVISOR.next(step.state(), input, T0.plusSeconds(1));
        }
        return step;
    }

    /** The commands that are effects: without timers and path-watch bookkeeping. */
    static List<SupervisorCommand> effects(Supervisor.Step step) {
        return step.commands().stream().filter(c -> !(c instanceof ArmTimer || c instanceof CancelTimer
                || c instanceof SupervisorCommand.StopAwaitingPaths)).toList();
    }

    /** A session joined on connection 1, generation 1, its subscriber connected; no publisher. */
    static SupervisorState connected() {
        Supervisor.Step step = run(SupervisorState.initial(), new Start(), new SignalOpened(1),
                new JoinAccepted(1, JOIN), new TransportOpened(1, SUBSCRIBER),
                new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED), new RepublishCompleted(1));
        assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
        return step.state();
    }

    /** As {@link #connected()} with a connected publisher too. */
    static SupervisorState connectedWithPublisher() {
        SupervisorState s = run(connected(), new TransportOpened(1, PUBLISHER),
                new CredentialsSet(1, PUBLISHER, "pub1"), new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED))
                .state();
        assertThat(s.publisher().open()).isTrue();
        return s;
    }

    static OpenSignal open(int epoch, Mode mode, ReconnectReason reason) {
        return new OpenSignal(epoch, mode, reason);
    }

    /** A publish-only session (publisher primary) joined on connection 1, its publisher connected on "pub1". */
    static SupervisorState publishOnlyConnected() {
        Supervisor.Step step = run(SupervisorState.initial(), new Start(), new SignalOpened(1),
                new JoinAccepted(1, PUBLISH_ONLY), new TransportOpened(1, SUBSCRIBER), new RepublishCompleted(1),
                new TransportOpened(1, PUBLISHER), new CredentialsSet(1, PUBLISHER, "pub1"),
                new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED));
        assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
        return step.state();
    }

    /** Issue 10 item 1: the transports waited for are the ones in use, starting from the primary one. */
    @Nested
    class PrimaryTransport {

        @Test
        void aPublishOnlyJoinConnectsOnThePublisherWithoutASubscriberOffer() {
            SupervisorState s = run(SupervisorState.initial(), new Start(), new SignalOpened(1),
                    new JoinAccepted(1, PUBLISH_ONLY), new TransportOpened(1, SUBSCRIBER), new RepublishCompleted(1))
                    .state();
            assertThat(s.phase()).as("the primary publisher is not up yet").isEqualTo(Phase.CONNECTING);
            assertThat(s.publisher().needed()).isTrue();
            Supervisor.Step up = run(s, new TransportOpened(1, PUBLISHER),
                    new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED));
            assertThat(effects(up)).contains(new SupervisorCommand.Connected());
            assertThat(up.state().subscriber().needed()).isFalse();
        }

        @Test
        void aSubscriberPrimaryJoinIsNotConnectedByThePublisherAlone() {
            SupervisorState s = run(SupervisorState.initial(), new Start(), new SignalOpened(1),
                    new JoinAccepted(1, JOIN), new TransportOpened(1, SUBSCRIBER), new TransportOpened(1, PUBLISHER),
                    new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED), new RepublishCompleted(1)).state();
            assertThat(s.phase()).isEqualTo(Phase.CONNECTING);
            assertThat(run(s, new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED)).state().phase())
                    .isEqualTo(Phase.CONNECTED);
        }

        @Test
        void aResumeDoesNotWaitForASubscriberTheServerNeverOfferedOn() {
            // LiveKit skips the ICE restart of a subscriber that never negotiated (PCTransport.doICERestart).
            Supervisor.Step step = run(publishOnlyConnected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new CredentialsSet(1, PUBLISHER, "pub2"),
                    new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 5), new PathConnected(1, PUBLISHER,
                            "pub2"));
            assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
            assertThat(effects(step).get(0)).isInstanceOf(SupervisorCommand.Recovered.class);
        }

        @Test
        void aSubscriberTheServerOfferedOnIsWaitedForFromThenOn() {
            SupervisorState s = run(publishOnlyConnected(), new SubscriberAnswered(1, 1),
                    new CredentialsSet(1, SUBSCRIBER, "sub1"),
                    new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED)).state();
            assertThat(s.subscriber().needed()).isTrue();
            SupervisorState resuming = run(s, new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new CredentialsSet(1, PUBLISHER, "pub2"),
                    new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 5), new PathConnected(1, PUBLISHER,
                            "pub2")).state();
            assertThat(resuming.phase()).isEqualTo(Phase.RESUMING);
            assertThat(run(resuming, new CredentialsSet(1, SUBSCRIBER, "sub2"), new PathConnected(1, SUBSCRIBER,
                    "sub2")).state().phase()).isEqualTo(Phase.CONNECTED);
        }
    }

    @Nested
    class FirstJoin {

        @Test
        void opensJoinsAndConnectsOnlyWhenTheSubscriberIsUpAndTracksArePublished() {
            Supervisor.Step start = run(SupervisorState.initial(), new Start());
            assertThat(start.commands()).containsExactly(new SupervisorCommand.EnterState(ConnectionState.CONNECTING),
                    new ArmTimer(Timer.EPISODE, POLICY.deadline(), new EpisodeExpired(1)),
                    new CancelTimer(Timer.RESPONSE), new CancelTimer(Timer.RECOVERY),
                    new SupervisorCommand.StopAwaitingPaths(), open(1, Mode.FULL, ReconnectReason.RR_UNKNOWN));
            Supervisor.Step opened = run(start.state(), new SignalOpened(1));
            assertThat(opened.commands()).containsExactly(new ArmTimer(Timer.RESPONSE, RESPONSE,
                    new DeadlineMissed(Deadline.RESPONSE, 1)));
            Supervisor.Step joined = run(opened.state(), new JoinAccepted(1, JOIN));
            assertThat(joined.commands()).containsExactly(new CancelTimer(Timer.RESPONSE),
                    new SupervisorCommand.Rejoin(1, 1, JOIN),
                    new ArmTimer(Timer.RECOVERY, RECOVERY, new DeadlineMissed(Deadline.RECOVERY, 1)));
            Supervisor.Step up = run(joined.state(), new TransportOpened(1, SUBSCRIBER),
                    new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED));
            assertThat(effects(up)).isEmpty();
            assertThat(up.state().phase()).as("republishing not done").isEqualTo(Phase.CONNECTING);
            Supervisor.Step done = run(up.state(), new RepublishCompleted(1));
            assertThat(effects(done)).containsExactly(new SupervisorCommand.EnterState(ConnectionState.CONNECTED),
                    new SupervisorCommand.Connected());
            assertThat(done.commands()).contains(new CancelTimer(Timer.EPISODE), new CancelTimer(Timer.RECOVERY));
            assertThat(done.state().liveEpoch()).isEqualTo(1);
        }

        @Test
        void aPublisherInUseMustBeConnectedToo() {
            SupervisorState s = run(SupervisorState.initial(), new Start(), new SignalOpened(1),
                    new JoinAccepted(1, JOIN), new TransportOpened(1, SUBSCRIBER), new TransportOpened(1, PUBLISHER),
                    new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED), new RepublishCompleted(1))
                    .state();
            assertThat(s.phase()).isEqualTo(Phase.CONNECTING);
            assertThat(run(s, new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED)).state().phase())
                    .isEqualTo(Phase.CONNECTED);
        }

        @Test
        void aRejectedTokenFailsAtOnceWithoutRetry() {
            Supervisor.Step step = run(SupervisorState.initial(), new Start(), new ConnectFailed(1, REJECTED));
            assertThat(effects(step)).containsExactly(new SupervisorCommand.ConnectFailedFinally(REJECTED),
                    new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED, REJECTED),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
        }

        /** Issue 14 (TLS): a certificate the engine does not trust is final, but it is not a refused token. */
        @Test
        void anUntrustedCertificateFailsAtOnceAsAFailedJoin() {
            SignalConnectException tls = new SignalConnectException(SignalConnectException.Kind.TLS, 0,
                    "TLS to 127.0.0.1:7880 failed: the server's certificate is not trusted", null);
            Supervisor.Step step = run(SupervisorState.initial(), new Start(), new ConnectFailed(1, tls));
            assertThat(effects(step)).containsExactly(new SupervisorCommand.ConnectFailedFinally(tls),
                    new SupervisorCommand.Finish(DisconnectReason.JOIN_FAILURE, tls),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }

        @Test
        void anUnavailableServerIsRetriedByThePolicy() {
            Supervisor.Step step = run(SupervisorState.initial(), new Start(), new ConnectFailed(1, BUSY));
            assertThat(effects(step)).containsExactly(new SupervisorCommand.RetireSignal(1),
                    new SupervisorCommand.ResetPeers(2));
            assertThat(step.commands()).contains(new ArmTimer(Timer.RETRY, Duration.ofMillis(300), new RetryDue(2)));
            assertThat(step.state().phase()).isEqualTo(Phase.BACKOFF);
            assertThat(effects(run(step.state(), new RetryDue(2))))
                    .containsExactly(open(2, Mode.FULL, ReconnectReason.RR_UNKNOWN));
        }
    }

    @Nested
    class HonestRecovery {

        /** Connected with a publisher, then migrated: the resume's connection 2 accepted. */
        private SupervisorState resumeAccepted() {
            Supervisor.Step leave = run(connectedWithPublisher(), new LeaveReceived(1, LeaveAction.RESUME,
                    DisconnectReason.MIGRATION));
            assertThat(effects(leave)).contains(open(2, Mode.RESUME, ReconnectReason.RR_UNKNOWN));
            Supervisor.Step accepted = run(leave.state(), new SignalOpened(2), new ResumeAccepted(2, RESUMED));
            assertThat(effects(accepted)).containsExactly(new SupervisorCommand.RetireSignal(1),
                    new SupervisorCommand.Resync(2, RESUMED));
            assertThat(accepted.state().progress().restartExpected()).isTrue();
            return accepted.state();
        }

        @Test
        void recoveredOnlyWithTheRestartAnswerAndBothTransportsProvenOnTheirNewCredentials() {
            SupervisorState s = resumeAccepted();
            Supervisor.Step creds = run(s, new CredentialsSet(1, PUBLISHER, "pub2"));
            assertThat(effects(creds)).containsExactly(new SupervisorCommand.AwaitPath(1, PUBLISHER, "pub2"));
            s = run(creds.state(), new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 5),
                    new PathConnected(1, PUBLISHER, "pub2"), new CredentialsSet(1, SUBSCRIBER, "sub2"),
                    new SubscriberAnswered(1, 7)).state();
            assertThat(s.phase()).as("the subscriber is not proven on its new credentials yet")
                    .isEqualTo(Phase.RESUMING);
            Supervisor.Step done = SUPERVISOR.next(s, new PathConnected(1, SUBSCRIBER, "sub2"), T0.plusSeconds(2));
            assertThat(effects(done)).containsExactly(new SupervisorCommand.Recovered(Mode.RESUME,
                    Duration.ofSeconds(1)), new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
        }

        @Test
        void evidenceAboutTheOldCredentialsNeverCounts() {
            // The stats read before the restart (or on the old path that still says "connected") name the old ufrag.
            SupervisorState s = run(resumeAccepted(), new CredentialsSet(1, PUBLISHER, "pub2"),
                    new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 5), new CredentialsSet(1, SUBSCRIBER,
                            "sub2"), new PathConnected(1, PUBLISHER, "pub1"), new PathConnected(1, SUBSCRIBER, "sub1"),
                    new PathConnected(1, SUBSCRIBER, ""), new TransportStateChanged(1, SUBSCRIBER,
                            PeerState.CONNECTED)).state();
            assertThat(s.phase()).isEqualTo(Phase.RESUMING);
            assertThat(s.publisher().pathOn()).isEmpty();
            assertThat(s.subscriber().pathOn()).isEmpty();
        }

        @Test
        void evidenceFromBeforeTheAttemptIsNotLatched() {
            // Proven on credentials set in steady state, then the session moved: those credentials are not new.
            SupervisorState s = run(connectedWithPublisher(), new CredentialsSet(1, SUBSCRIBER, "sub1"),
                    new PathConnected(1, SUBSCRIBER, "sub1"), new PathConnected(1, PUBLISHER, "pub1")).state();
            s = run(s, new SignalLost(1, LOST), new SignalOpened(2), new ResumeAccepted(2, RESUMED),
                    new PublisherOfferSent(1, 3, true), new AnswerApplied(1, 3)).state();
            assertThat(s.phase()).isEqualTo(Phase.RESUMING);
            assertThat(s.subscriber().connectedOnCredentialsOf(s.attemptEpoch())).isFalse();
        }

        @Test
        void anAnswerToAnOlderOfferOrAnOfferWithoutRestartDoesNotComplete() {
            SupervisorState s = run(resumeAccepted(), new CredentialsSet(1, PUBLISHER, "pub2"),
                    new PublisherOfferSent(1, 4, false), new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 4),
                    new PathConnected(1, PUBLISHER, "pub2"), new CredentialsSet(1, SUBSCRIBER, "sub2"),
                    new PathConnected(1, SUBSCRIBER, "sub2")).state();
            assertThat(s.progress().restartOfferId()).isEqualTo(5);
            assertThat(s.phase()).isEqualTo(Phase.RESUMING);
            assertThat(run(s, new AnswerApplied(1, 5)).state().phase()).isEqualTo(Phase.CONNECTED);
        }

        @Test
        void aTransportNotConnectedYetKeepsTheSessionResumingEvenWithEvidence() {
            SupervisorState s = run(resumeAccepted(), new TransportStateChanged(1, SUBSCRIBER,
                            PeerState.DISCONNECTED), new CredentialsSet(1, PUBLISHER, "pub2"),
                    new PublisherOfferSent(1, 5, true), new AnswerApplied(1, 5), new PathConnected(1, PUBLISHER,
                            "pub2"), new CredentialsSet(1, SUBSCRIBER, "sub2"), new PathConnected(1, SUBSCRIBER,
                            "sub2")).state();
            assertThat(s.phase()).isEqualTo(Phase.RESUMING);
            assertThat(run(s, new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED)).state().phase())
                    .isEqualTo(Phase.CONNECTED);
        }

        @Test
        void withoutAPublisherNoRestartAnswerIsAwaited() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new CredentialsSet(1, SUBSCRIBER, "sub2"),
                    new PathConnected(1, SUBSCRIBER, "sub2"));
            assertThat(step.state().phase()).isEqualTo(Phase.CONNECTED);
        }

        @Test
        void newCredentialsReplaceWhatWasProvenAboutEarlierOnes() {
            SupervisorState s = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new CredentialsSet(1, SUBSCRIBER, "sub2"), new PathConnected(1, SUBSCRIBER, "sub2"),
                    new CredentialsSet(1, SUBSCRIBER, "sub3")).state();
            assertThat(s.subscriber().pathOn()).isEmpty();
            assertThat(run(s, new ResumeAccepted(2, RESUMED)).state().phase()).isEqualTo(Phase.RESUMING);
        }
    }

    @Nested
    class ResumesStayResumes {

        @Test
        void aSecondMigrationDuringAResumeIsAnotherResumeAtOnce() {
            SupervisorState resuming = run(connected(), new LeaveReceived(1, LeaveAction.RESUME,
                    DisconnectReason.MIGRATION), new SignalOpened(2), new ResumeAccepted(2, RESUMED)).state();
            LeaveRequestedException again = new LeaveRequestedException(LeaveAction.RESUME, DisconnectReason.MIGRATION);
            Supervisor.Step step = run(resuming, new LeaveReceived(2, LeaveAction.RESUME, DisconnectReason.MIGRATION));
            assertThat(effects(step)).hasSize(2);
            assertThat(effects(step).get(0)).isInstanceOfSatisfying(SupervisorCommand.ResumedAgain.class,
                    r -> assertThat(r.cause()).hasMessage(again.getMessage()));
            assertThat(effects(step).get(1)).isEqualTo(open(3, Mode.RESUME, ReconnectReason.RR_UNKNOWN));
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().phase()).isEqualTo(Phase.RESUMING);
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.Escalated.class,
                    SupervisorCommand.ResetPeers.class);
            Supervisor.Step recovered = run(step.state(), new SignalOpened(3), new ResumeAccepted(3, RESUMED),
                    new CredentialsSet(1, SUBSCRIBER, "sub3"), new PathConnected(1, SUBSCRIBER, "sub3"));
            assertThat(recovered.state().phase()).isEqualTo(Phase.CONNECTED);
            assertThat(effects(recovered)).filteredOn(SupervisorCommand.Recovered.class::isInstance).singleElement()
                    .isEqualTo(new SupervisorCommand.Recovered(Mode.RESUME, Duration.ZERO));
        }

        @Test
        void aLeaveWithResumeInsteadOfTheReconnectResponseIsAnotherResume() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new LeaveReceived(2, LeaveAction.RESUME, DisconnectReason.UNKNOWN));
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(effects(step)).contains(new SupervisorCommand.RetireSignal(2),
                    open(3, Mode.RESUME, ReconnectReason.RR_SIGNAL_DISCONNECTED));
        }

        @Test
        void anotherResumeStillCountsAgainstThePolicy() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST));
            for (int attempt = 2; attempt <= 4; attempt++) {
                step = run(step.state(), new LeaveReceived(step.state().attemptEpoch(), LeaveAction.RESUME,
                        DisconnectReason.MIGRATION));
                assertThat(step.state().phase()).isEqualTo(Phase.RESUMING);
                assertThat(step.state().attempt()).isEqualTo(attempt);
            }
            step = run(step.state(), new LeaveReceived(step.state().attemptEpoch(), LeaveAction.RESUME,
                    DisconnectReason.MIGRATION));
            assertThat(step.state().phase()).as("4 attempts in all").isEqualTo(Phase.DISCONNECTED);
            assertThat(effects(step)).contains(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, LOST));
        }

        @Test
        void aLostConnectionDuringAResumeIsResumedAgainByThePolicy() {
            SupervisorState accepted = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED)).state();
            Supervisor.Step step = run(accepted, new SignalLost(2, LOST));
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().phase()).isEqualTo(Phase.BACKOFF);
            assertThat(step.state().liveEpoch()).isZero();
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.Escalated.class,
                    SupervisorCommand.LeaveAndRetire.class);
        }

        @Test
        void aServerFallingSilentOnTheResumeFailsItOnItsOwn() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new SignalLost(2, new SignalLostException(
                    "no message from the server for 3000 ms", true)));
            assertThat(step.state().mode()).isEqualTo(Mode.FULL);
            assertThat(effects(step)).hasAtLeastOneElementOfType(SupervisorCommand.Escalated.class);
        }

        @Test
        void aResumeThatCannotReachTheServerIsTriedAgainAsAResume() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, BUSY));
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().phase()).isEqualTo(Phase.BACKOFF);
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.Escalated.class,
                    SupervisorCommand.ResetPeers.class);
            assertThat(effects(run(step.state(), new RetryDue(2))))
                    .containsExactly(open(3, Mode.RESUME, ReconnectReason.RR_SIGNAL_DISCONNECTED));
        }

        @Test
        void theServerRefusingTheSessionEscalatesAtOnce() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new LeaveReceived(2, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH));
            assertThat(effects(step)).contains(open(3, Mode.FULL, ReconnectReason.RR_UNKNOWN))
                    .hasAtLeastOneElementOfType(SupervisorCommand.Escalated.class);
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(SupervisorCommand.ResumedAgain.class);
            assertThat(step.state().phase()).isEqualTo(Phase.RECONNECTING);
        }

        @Test
        void aResumeFailingOnItsOwnEscalatesAndNeverComesBack() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step failed = run(resuming, new DeadlineMissed(Deadline.RESPONSE, 2));
            assertThat(effects(failed)).hasSize(4);
            assertThat(effects(failed).get(0)).isInstanceOfSatisfying(SupervisorCommand.Escalated.class,
                    e -> assertThat(e.cause()).isInstanceOf(DeadlineExceededException.class));
            assertThat(effects(failed).subList(1, 4)).containsExactly(
                    new SupervisorCommand.EnterState(ConnectionState.RECONNECTING),
                    new SupervisorCommand.RetireSignal(2), new SupervisorCommand.ResetPeers(2));
            SupervisorState next = run(failed.state(), new RetryDue(2)).state();
            assertThat(next.mode()).isEqualTo(Mode.FULL);
            // A ReconnectResponse or a leave{RESUME} on the full attempt's connection is no way back to resuming.
            assertThat(run(next, new ResumeAccepted(next.attemptEpoch(), RESUMED)).commands()).isEmpty();
            Supervisor.Step leave = run(next, new LeaveReceived(next.attemptEpoch(), LeaveAction.RESUME,
                    DisconnectReason.MIGRATION));
            assertThat(leave.state().mode()).isEqualTo(Mode.FULL);
        }

        @Test
        void aTransportFailingAfterThisAttemptRenegotiatedItEscalates() {
            SupervisorState s = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new SubscriberAnswered(1, 5)).state();
            Supervisor.Step step = run(s, new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED));
            assertThat(step.state().mode()).isEqualTo(Mode.FULL);
            assertThat(effects(step).get(0)).isInstanceOfSatisfying(SupervisorCommand.Escalated.class,
                    e -> assertThat(e.cause()).isInstanceOf(TransportFailedException.class));
        }

        @Test
        void aTransportFailingOnItsOldPathDuringAResumeIsExpected() {
            SupervisorState s = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED)).state();
            Supervisor.Step step = run(s, new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED));
            assertThat(effects(step)).isEmpty();
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
        }

        @Test
        void aRenegotiationOfAnEarlierEpisodeDoesNotMakeAFailureCount() {
            // Episode 1 renegotiated the subscriber in its attempt 2; episode 2's attempt 3 has not yet.
            SupervisorState s = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new CredentialsSet(1, SUBSCRIBER, "sub2"),
                    new SubscriberAnswered(1, 5), new PathConnected(1, SUBSCRIBER, "sub2")).state();
            assertThat(s.phase()).isEqualTo(Phase.CONNECTED);
            s = run(s, new SignalLost(2, LOST), new SignalOpened(3), new ResumeAccepted(3, RESUMED)).state();
            assertThat(run(s, new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED)).state().mode())
                    .isEqualTo(Mode.RESUME);
        }

        @Test
        void aLeaveWithDisconnectEndsTheSessionInAnyPhase() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new LeaveReceived(2, LeaveAction.DISCONNECT,
                    DisconnectReason.ROOM_DELETED));
            assertThat(effects(step)).first().isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.ROOM_DELETED));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
        }

        @Test
        void theOldConnectionDyingDuringAResumeIsNotANewFailure() {
            SupervisorState resuming = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new SignalOpened(2)).state();
            assertThat(resuming.liveEpoch()).isEqualTo(1);
            Supervisor.Step step = run(resuming, new SignalLost(1, LOST));
            assertThat(step.commands()).isEmpty();
            assertThat(step.state().mode()).isEqualTo(Mode.RESUME);
            assertThat(step.state().liveEpoch()).isZero();
        }

        @Test
        void theResumeTellsTheServerWhatFailed() {
            assertThat(effects(run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED))))
                    .contains(open(2, Mode.RESUME, ReconnectReason.RR_SUBSCRIBER_FAILED));
            assertThat(effects(run(connectedWithPublisher(), new TransportStateChanged(1, PUBLISHER,
                    PeerState.FAILED)))).contains(open(2, Mode.RESUME, ReconnectReason.RR_PUBLISHER_FAILED));
            assertThat(effects(run(connected(), new SignalLost(1, LOST))))
                    .contains(open(2, Mode.RESUME, ReconnectReason.RR_SIGNAL_DISCONNECTED));
        }
    }

    @Nested
    class TransportHealth {

        @Test
        void aDisconnectedTransportGetsAGraceThenItsFailureStartsAResume() {
            Supervisor.Step down = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.DISCONNECTED));
            assertThat(down.commands()).containsExactly(new ArmTimer(Timer.SUBSCRIBER_GRACE, GRACE,
                    new GraceExpired(1, SUBSCRIBER)));
            Supervisor.Step back = run(down.state(), new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED));
            assertThat(back.commands()).containsExactly(new CancelTimer(Timer.SUBSCRIBER_GRACE));
            Supervisor.Step expired = run(down.state(), new GraceExpired(1, SUBSCRIBER));
            assertThat(expired.state().phase()).isEqualTo(Phase.RESUMING);
            assertThat(effects(expired).get(0)).isInstanceOfSatisfying(SupervisorCommand.EpisodeStarted.class,
                    e -> assertThat(e.cause()).hasMessageContaining("stayed disconnected for 5000 ms"));
            assertThat(run(back.state(), new GraceExpired(1, SUBSCRIBER)).commands())
                    .as("a grace that expires after the transport came back means nothing").isEmpty();
        }

        @Test
        void aSilentPathOfTheConnectedSessionStartsAResumeAtOnce() {
            Supervisor.Step silent = run(connected(), new SupervisorInput.PathSilent(1, SUBSCRIBER,
                    Duration.ofMillis(3004), 14));
            assertThat(silent.state().phase()).isEqualTo(Phase.RESUMING);
            assertThat(effects(silent).get(0)).isInstanceOfSatisfying(SupervisorCommand.EpisodeStarted.class,
                    e -> assertThat(e.cause()).isInstanceOf(io.rtcreactor.engine.rtc.TransportFailedException.class)
                            .hasMessage("the subscriber transport answered none of its last 14 connectivity checks"
                                    + " in 3004 ms"));
        }

        @Test
        void aSilentPathDuringAResumeSaysNothing() {
            // The old path is expected to be dead until the restart's new pair is chosen; the resume has its own
            // recovery deadline.
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST)).state();
            assertThat(resuming.phase()).isEqualTo(Phase.RESUMING);
            Supervisor.Step silent = run(resuming, new SupervisorInput.PathSilent(1, SUBSCRIBER,
                    Duration.ofSeconds(4), 30));
            assertThat(silent.commands()).isEmpty();
            assertThat(silent.state()).isEqualTo(resuming);
        }

        @Test
        void aTransportRenegotiatedWhileDisconnectedGetsItsGraceAgain() {
            SupervisorState s = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.DISCONNECTED),
                    new GraceExpired(1, SUBSCRIBER), new SignalOpened(2), new ResumeAccepted(2, RESUMED)).state();
            assertThat(s.mode()).isEqualTo(Mode.RESUME);
            Supervisor.Step answered = run(s, new SubscriberAnswered(1, 6));
            assertThat(answered.commands()).containsExactly(new ArmTimer(Timer.SUBSCRIBER_GRACE, GRACE,
                    new GraceExpired(1, SUBSCRIBER)));
            assertThat(run(answered.state(), new GraceExpired(1, SUBSCRIBER)).state().mode())
                    .as("disconnected for a whole grace on the new credentials").isEqualTo(Mode.FULL);
        }

        @Test
        void aFailedNegotiationOfTheHealthySessionStartsAnEpisode() {
            Supervisor.Step step = run(connectedWithPublisher(), new NegotiationFailed(1, PUBLISHER,
                    new DeadlineExceededException("answer", Duration.ofSeconds(10))));
            assertThat(step.state().phase()).isEqualTo(Phase.RESUMING);
        }

        @Test
        void transportInputsOfAnOlderGenerationAreDropped() {
            SupervisorState full = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH)).state();
            assertThat(full.generation()).isEqualTo(2);
            for (SupervisorInput stale : List.of(new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new TransportOpened(1, PUBLISHER), new GraceExpired(1, SUBSCRIBER), new RepublishCompleted(1),
                    new NegotiationFailed(1, PUBLISHER, LOST), new AnswerApplied(1, 3),
                    new PathConnected(1, SUBSCRIBER, "x"))) {
                Supervisor.Step step = run(full, stale);
                assertThat(step.commands()).as(stale.toString()).isEmpty();
                assertThat(step.state()).as(stale.toString()).isEqualTo(full);
            }
        }
    }

    @Nested
    class FullReconnect {

        @Test
        void aLeaveWithReconnectInSteadyStateSaysGoodbyeResetsThePeersAndJoinsAtOnce() {
            Supervisor.Step step = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH));
            List<SupervisorCommand> effects = effects(step);
            assertThat(effects).hasSize(5);
            assertThat(effects.get(0)).isInstanceOfSatisfying(SupervisorCommand.EpisodeStarted.class,
                    started -> assertThat(started.mode()).isEqualTo(Mode.FULL));
            assertThat(effects.subList(1, 5)).containsExactly(
                    new SupervisorCommand.EnterState(ConnectionState.RECONNECTING),
                    new SupervisorCommand.LeaveAndRetire(1), new SupervisorCommand.ResetPeers(2),
                    open(2, Mode.FULL, ReconnectReason.RR_UNKNOWN));
            assertThat(step.commands()).contains(new ArmTimer(Timer.EPISODE, POLICY.deadline(), new EpisodeExpired(2)),
                    new CancelTimer(Timer.SUBSCRIBER_GRACE), new CancelTimer(Timer.PUBLISHER_GRACE));
            assertThat(step.state().liveEpoch()).isZero();
            assertThat(step.state().subscriber()).isEqualTo(TransportView.ABSENT);
        }

        @Test
        void aFullReconnectRecoversOnlyWhenJoinedConnectedAndRepublished() {
            SupervisorState reconnecting = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH), new SignalOpened(2)).state();
            Supervisor.Step joined = run(reconnecting, new JoinAccepted(2, JOIN));
            assertThat(effects(joined)).containsExactly(new SupervisorCommand.Rejoin(2, 2, JOIN));
            // Restart offers and answers are a resume's business; they do not complete a full reconnect.
            Supervisor.Step notYet = run(joined.state(), new RepublishCompleted(2), new PublisherOfferSent(2, 3, true),
                    new AnswerApplied(2, 3), new TransportOpened(2, SUBSCRIBER));
            assertThat(effects(notYet)).isEmpty();
            assertThat(notYet.state().phase()).isEqualTo(Phase.RECONNECTING);
            Supervisor.Step done = SUPERVISOR.next(notYet.state(), new TransportStateChanged(2, SUBSCRIBER,
                    PeerState.CONNECTED), T0.plusSeconds(3));
            assertThat(effects(done)).containsExactly(new SupervisorCommand.Recovered(Mode.FULL, Duration.ofSeconds(2)),
                    new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
            assertThat(done.state().liveEpoch()).isEqualTo(2);
            assertThat(done.state().attemptEpoch()).isZero();
        }

        @Test
        void escalatingWhileTheOldSignalIsStillUpSaysGoodbyeOnIt() {
            // A transport failed with the signal link up; the resume's response never came.
            SupervisorState resuming = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new DeadlineMissed(Deadline.RESPONSE, 2));
            assertThat(effects(step)).containsSubsequence(new SupervisorCommand.RetireSignal(2),
                    new SupervisorCommand.LeaveAndRetire(1), new SupervisorCommand.ResetPeers(2));
            assertThat(step.state().liveEpoch()).isZero();
        }

        @Test
        void aRefusedTokenDuringAFullReconnectEndsTheSession() {
            SupervisorState reconnecting = run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH)).state();
            Supervisor.Step step = run(reconnecting, new ConnectFailed(2, REJECTED));
            assertThat(effects(step)).containsExactly(new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED,
                    REJECTED), new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        }
    }

    @Nested
    class Bounds {

        @Test
        void exhaustionEndsWithTheOriginalCause() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST));
            RuntimeException refused = new IllegalStateException("refused");
            for (int attempt = 2; attempt <= 4; attempt++) {
                step = run(step.state(), new ConnectFailed(step.state().attemptEpoch(), refused));
                if (step.state().phase() == Phase.BACKOFF) {
                    step = run(step.state(), new RetryDue(attempt));
                }
            }
            step = run(step.state(), new ConnectFailed(step.state().attemptEpoch(), refused));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
            assertThat(effects(step)).contains(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, LOST));
        }

        @Test
        void theEpisodeDeadlineEndsItWhateverTheAttemptIsDoing() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            Supervisor.Step step = run(resuming, new EpisodeExpired(resuming.episode()));
            assertThat(effects(step)).first().isEqualTo(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED,
                    LOST));
            assertThat(run(resuming, new EpisodeExpired(resuming.episode() - 1)).commands()).isEmpty();
        }

        @Test
        void finishingCancelsEveryTimer() {
            Supervisor.Step step = run(connected(), new DisconnectRequested());
            for (Timer timer : Timer.values()) {
                assertThat(step.commands()).contains(new CancelTimer(timer));
            }
        }

        @Test
        void aRejectedTokenDuringAResumeEndsAtOnce() {
            Supervisor.Step step = run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, REJECTED));
            assertThat(effects(step)).contains(new SupervisorCommand.Finish(DisconnectReason.TOKEN_REJECTED, REJECTED));
        }

        @Test
        void aDisconnectLeaveOnTheLiveConnectionDuringBackoffStopsTheLoop() {
            // A transport failed while the signal connection stayed up; the first resume could not connect.
            SupervisorState backoff = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new ConnectFailed(2, BUSY)).state();
            assertThat(backoff.phase()).isEqualTo(Phase.BACKOFF);
            assertThat(backoff.liveEpoch()).as("the old connection is kept until a new one opens").isEqualTo(1);
            Supervisor.Step step = run(backoff, new LeaveReceived(1, LeaveAction.DISCONNECT,
                    DisconnectReason.PARTICIPANT_REMOVED));
            assertThat(step.state().phase()).isEqualTo(Phase.DISCONNECTED);
            assertThat(effects(step)).first().isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.PARTICIPANT_REMOVED));
        }

        @Test
        void aLeaveWithReconnectInBackoffMakesTheWaitingAttemptNowAndFullWithoutSpendingAnother() {
            SupervisorState backoff = run(connected(), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new ConnectFailed(2, BUSY)).state();
            Supervisor.Step step = run(backoff, new LeaveReceived(1, LeaveAction.RECONNECT,
                    DisconnectReason.STATE_MISMATCH));
            assertThat(effects(step)).contains(new SupervisorCommand.LeaveAndRetire(1),
                    open(3, Mode.FULL, ReconnectReason.RR_UNKNOWN));
            assertThat(step.commands()).noneMatch(c -> c instanceof ArmTimer arm && arm.timer() == Timer.RETRY);
            assertThat(step.state().attempt()).isEqualTo(2);
            assertThat(step.state().phase()).isEqualTo(Phase.RECONNECTING);
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
            Supervisor strict = new Supervisor(new Supervisor.Settings(never, RESPONSE, RECOVERY, GRACE));
            Supervisor.Step step = strict.next(connected(), new SignalLost(1, LOST), T0);
            assertThat(effects(step)).endsWith(new SupervisorCommand.Finish(DisconnectReason.RECONNECT_FAILED, LOST),
                    new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
            assertThat(step.commands()).doesNotHaveAnyElementsOfTypes(OpenSignal.class);
        }

        @Test
        void theFirstJoinsDeadlineIsAJoinFailureNotARefusedToken() {
            SupervisorState connecting = run(SupervisorState.initial(), new Start(), new SignalOpened(1)).state();
            Supervisor.Step step = SUPERVISOR.next(connecting, new EpisodeExpired(1), T0.plusSeconds(60));
            List<SupervisorCommand> effects = effects(step);
            assertThat(effects).hasSize(3);
            assertThat(effects.get(0)).isInstanceOfSatisfying(SupervisorCommand.ConnectFailedFinally.class,
                    failed -> assertThat(failed.error()).isInstanceOf(io.rtcreactor.engine.JoinTimeoutException.class));
            assertThat(effects.get(1)).isInstanceOfSatisfying(SupervisorCommand.Finish.class,
                    finish -> assertThat(finish.reason()).isEqualTo(DisconnectReason.JOIN_FAILURE));
        }
    }

    @Nested
    class StaleInputs {

        @Test
        void inputsFromRetiredOrUnknownConnectionsAreDroppedHere() {
            SupervisorState resuming = run(connected(), new SignalLost(1, LOST), new SignalOpened(2)).state();
            for (SupervisorInput stale : List.of(new JoinAccepted(7, JOIN), new ResumeAccepted(1, RESUMED),
                    new SignalLost(9, LOST), new StepFailed(1, LOST), new DeadlineMissed(Deadline.RESPONSE, 1),
                    new ConnectFailed(1, BUSY),
                    new LeaveReceived(5, LeaveAction.DISCONNECT, DisconnectReason.ROOM_DELETED))) {
                Supervisor.Step step = run(resuming, stale);
                assertThat(step.commands()).as(stale.toString()).isEmpty();
                assertThat(step.state()).isEqualTo(resuming);
            }
        }

        @Test
        void aStaleEpisodeDeadlineAfterRecoveryIsIgnored() {
            SupervisorState recovered = run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                    new ResumeAccepted(2, RESUMED), new CredentialsSet(1, SUBSCRIBER, "s2"),
                    new PathConnected(1, SUBSCRIBER, "s2")).state();
            assertThat(recovered.phase()).isEqualTo(Phase.CONNECTED);
            assertThat(run(recovered, new EpisodeExpired(recovered.episode())).commands()).isEmpty();
        }

        @Test
        void nothingMovesADisconnectedSession() {
            SupervisorState ended = run(connected(), new DisconnectRequested()).state();
            for (SupervisorInput input : List.of(new Start(), new DisconnectRequested(), new SignalOpened(2),
                    new RetryDue(1), new EpisodeExpired(1), new TransportStateChanged(1, SUBSCRIBER, PeerState.FAILED),
                    new SignalLost(1, LOST),
                    new LeaveReceived(1, LeaveAction.RECONNECT, DisconnectReason.STATE_MISMATCH))) {
                Supervisor.Step step = run(ended, input);
                assertThat(step.commands()).as(input.toString()).isEmpty();
                assertThat(step.state()).isEqualTo(ended);
            }
        }
    }
}
