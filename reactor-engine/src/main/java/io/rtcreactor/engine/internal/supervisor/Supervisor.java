package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.reconnect.TransportsNotConnectedException;
import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import io.rtcreactor.engine.reconnect.ReconnectPolicy;
import io.rtcreactor.engine.JoinTimeoutException;
import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.ReconnectTimeoutException;
import io.rtcreactor.engine.LeaveRequestedException;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Deadline;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DeadlineMissed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DisconnectRequested;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RetryDue;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalLost;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.Start;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.StepFailed;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every reconnect rule, as one pure function {@code (state, input, now) → (state, commands)}: no clock, no I/O, no
 * scheduler. The {@link SupervisorRunner} feeds it every input that matters and runs the commands it returns, in
 * order; timers are commands too. The transport half of the rules is in {@link TransportRules}; what beginning,
 * failing, scheduling and ending an attempt means in state and commands is in {@link Attempts}.
 *
 * <ol>
 *   <li><b>Stale inputs are dropped here</b> (invariant 5): a signal input whose epoch is neither the live
 *       connection's nor the current attempt's, a transport input of an older generation, a timer of an attempt,
 *       episode or backoff that is over.</li>
 *   <li>A trigger in CONNECTED starts an episode: a lost signal, a failed transport, a failed negotiation step or
 *       {@code leave{RESUME}} resume; {@code leave{RECONNECT}} reconnects fully; {@code leave{DISCONNECT}} ends the
 *       session.</li>
 *   <li><b>Resumes stay resumes</b> until the session cannot be resumed: a resume escalates to a full reconnect
 *       (and the episode never comes back, invariant 6) when the server refuses the session
 *       ({@code leave{RECONNECT}}, which is also how it answers a resume it cannot serve) or the resume fails on
 *       its own (its response or recovery deadline passes, a negotiation step fails, a transport fails after this
 *       attempt renegotiated it). A server that asks for a resume again ({@code leave{RESUME}} during one) gets
 *       another resume at once; a connection that could not be opened or was lost says nothing about the session
 *       and is retried as a resume by the policy — within the episode's deadline and the policy's attempts.</li>
 *   <li>Leave actions act at once, in any phase (invariant 7).</li>
 *   <li>Recovered means recovered (invariant 8): a resume ends only when the ReconnectResponse arrived, the answer
 *       to this attempt's publisher ICE-restart offer (that very id) was applied, and every transport in use is
 *       connected on credentials set in this attempt, proven by a look at its stats taken after they were set; a
 *       full reconnect ends when joined, the new transports are connected and every track is published again.</li>
 *   <li>Bounded (invariant 9): the policy decides each delay or gives up; the episode deadline ends it regardless;
 *       a refused token (401/403) ends it at once.</li>
 * </ol>
 */
public final class Supervisor {

    /**
     * What the rules need besides the state.
     *
     * @param joinTimeout the first join's bound (its episode ends at the earlier of this and the policy's deadline)
     */
    public record Settings(ReconnectPolicy policy, Duration responseTimeout, Duration recoveryTimeout,
                           Duration peerDisconnectedGrace, Duration joinTimeout) {

        /** Without a join bound of its own: the first join runs as long as the policy allows. */
        public Settings(ReconnectPolicy policy, Duration responseTimeout, Duration recoveryTimeout,
                        Duration peerDisconnectedGrace) {
            this(policy, responseTimeout, recoveryTimeout, peerDisconnectedGrace, policy.deadline());
        }

        /** The first join's episode bound. */
        Duration joinBound() {
            return joinTimeout.compareTo(policy.deadline()) < 0 ? joinTimeout : policy.deadline();
        }
    }

    /** The next state and the commands to run, in order. */
    public record Step(SupervisorState state, List<SupervisorCommand> commands) {
    }

    private final Settings settings;
    private final TransportRules transports;
    private final Attempts attempts;

    public Supervisor(Settings settings) {
        this.settings = settings;
        this.transports = new TransportRules(settings.peerDisconnectedGrace());
        this.attempts = new Attempts(settings);
    }

    /** The transition function. */
    public Step next(SupervisorState state, SupervisorInput input, Instant now) {
        List<SupervisorCommand> out = new ArrayList<>();
        SupervisorState next = apply(state, input, now, out);
        return new Step(next, List.copyOf(out));
    }

    private SupervisorState apply(SupervisorState s, SupervisorInput input, Instant now, List<SupervisorCommand> out) {
        if (s.phase() == Phase.DISCONNECTED) {
            return s;
        }
        if (input instanceof Start) {
            return start(s, now, out);
        }
        if (input instanceof DisconnectRequested) {
            return attempts.finish(s, DisconnectReason.CLIENT_INITIATED, null, out);
        }
        if (input instanceof LeaveReceived leave) {
            return leave(s, leave, now, out);
        }
        if (input instanceof EpisodeExpired expired) {
            if (expired.episode() != s.episode() || !(s.attempting() || s.phase() == Phase.CONNECTING)) {
                return s;
            }
            if (!s.everConnected()) {
                // The first join has a bound of its own: a machine where media can never connect fails fast,
                // saying so, instead of running the whole reconnect policy.
                return attempts.giveUp(s, new JoinTimeoutException(settings.joinBound(), s.cause(),
                        s.cause() instanceof TransportsNotConnectedException), out);
            }
            return attempts.giveUp(s, new ReconnectTimeoutException(settings.policy().deadline()), out);
        }
        if (input instanceof RetryDue due) {
            return s.phase() == Phase.BACKOFF && due.attempt() == s.attempt()
                    ? attempts.openAttempt(s, s.attempt(), out) : s;
        }
        if (TransportRules.handles(input)) {
            return TransportRules.generationOf(input) == s.generation() ? transportInput(s, input, now, out) : s;
        }
        return s.phase() == Phase.CONNECTED ? whileConnected(s, input, now, out) : whileAttempting(s, input, now, out);
    }

    private SupervisorState start(SupervisorState s, Instant now, List<SupervisorCommand> out) {
        if (s.attempt() != 0 || s.everConnected()) {
            return s;
        }
        SupervisorState next = s.withEpisode(1, now, null).withMode(Mode.FULL);
        out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTING));
        out.add(new ArmTimer(Timer.EPISODE, settings.joinBound(), new EpisodeExpired(1)));
        return attempts.openAttempt(next.withPhase(Phase.CONNECTING), 1, out);
    }

    private SupervisorState transportInput(SupervisorState s, SupervisorInput input, Instant now,
                                           List<SupervisorCommand> out) {
        TransportRules.Outcome outcome = transports.apply(s, input, out);
        SupervisorState next = outcome.state();
        Throwable failure = outcome.failure();
        if (failure != null) {
            if (next.phase() == Phase.CONNECTED) {
                // A step of the healthy session failed or missed its deadline: recover, never only log (invariant 2).
                return attempts.beginEpisode(next, Mode.RESUME, failure, now, out);
            }
            return next.attempting() && next.phase() != Phase.BACKOFF
                    ? attempts.attemptFailed(next, failure, false, now, out) : next;
        }
        return next.attempting() ? recoveredIfReady(next, now, out) : next;
    }

    private SupervisorState whileConnected(SupervisorState s, SupervisorInput input, Instant now,
                                           List<SupervisorCommand> out) {
        if (input instanceof SignalLost lost && lost.epoch() == s.liveEpoch()) {
            return attempts.beginEpisode(s.withLive(0), Mode.RESUME, lost.cause(), now, out);
        }
        if (input instanceof StepFailed failed && failed.epoch() == s.liveEpoch()) {
            return attempts.beginEpisode(s, Mode.RESUME, failed.error(), now, out);
        }
        return s;
    }

    private SupervisorState whileAttempting(SupervisorState s, SupervisorInput input, Instant now,
                                            List<SupervisorCommand> out) {
        int epoch = epochOf(input);
        if (epoch == 0 || epoch != s.attemptEpoch()) {
            // The live connection of a session being resumed dies as expected; anything else is stale.
            return input instanceof SignalLost && epoch != 0 && epoch == s.liveEpoch() ? s.withLive(0) : s;
        }
        if (input instanceof SignalOpened) {
            out.add(new ArmTimer(Timer.RESPONSE, settings.responseTimeout(),
                    new DeadlineMissed(Deadline.RESPONSE, epoch)));
            return s;
        }
        if (input instanceof JoinAccepted join) {
            return s.mode() == Mode.FULL && !s.progress().responded() ? accepted(s, join, out) : s;
        }
        if (input instanceof ResumeAccepted resume) {
            return s.mode() == Mode.RESUME && !s.progress().responded() ? accepted(s, resume, out) : s;
        }
        if (s.phase() == Phase.BACKOFF) {
            return s;
        }
        if (input instanceof ConnectFailed failed) {
            return s.mode() == Mode.RESUME ? attempts.retryResume(s, failed.error(), now, out)
                    : attempts.attemptFailed(s, failed.error(), false, now, out);
        }
        if (input instanceof SignalLost lost) {
            // A connection that closed says nothing about the session: resume again. A server that fell silent on
            // the resume is not serving it: that resume failed on its own.
            SupervisorState gone = lost.epoch() == s.liveEpoch() ? s.withLive(0) : s;
            boolean silent = lost.cause() instanceof SignalLostException lostSignal && lostSignal.silent();
            return s.mode() == Mode.RESUME && !silent ? attempts.retryResume(gone, lost.cause(), now, out)
                    : attempts.attemptFailed(gone, lost.cause(), false, now, out);
        }
        if (input instanceof StepFailed failed) {
            return attempts.attemptFailed(s, failed.error(), false, now, out);
        }
        if (input instanceof DeadlineMissed missed) {
            if (missed.deadline() == Deadline.RECOVERY && !s.everConnected()
                    && !(s.publisher().settled() && s.subscriber().settled())) {
                return attempts.attemptFailed(s, new TransportsNotConnectedException(settings.recoveryTimeout(),
                        s.publisher().state(), s.publisher().needed(), s.subscriber().state(),
                        s.subscriber().needed()), false, now, out);
            }
            Duration after = missed.deadline() == Deadline.RESPONSE ? settings.responseTimeout()
                    : settings.recoveryTimeout();
            String step = missed.deadline() == Deadline.RESPONSE ? "the Join/ReconnectResponse"
                    : "recovery (answers applied, transports connected on their new credentials, tracks published)";
            return attempts.attemptFailed(s, new DeadlineExceededException(step, after), false, now, out);
        }
        return s;
    }

    private SupervisorState accepted(SupervisorState s, SupervisorInput response, List<SupervisorCommand> out) {
        boolean fullJoin = response instanceof JoinAccepted;
        int previous = s.liveEpoch();
        int epoch = s.attemptEpoch();
        SupervisorState next = s.withProgress(s.progress().withResponse(fullJoin, s.publisher().open()))
                .withLive(epoch);
        if (fullJoin) {
            // Protocol: "subscriber_primary false (a token without canSubscribe): the publisher is primary; the
            // client offers on it at join and the server may never offer on the subscriber".
            SignalTarget primary = ((JoinAccepted) response).join().getSubscriberPrimary() ? SignalTarget.SUBSCRIBER
                    : SignalTarget.PUBLISHER;
            next = next.withTransport(primary, next.transport(primary).asNeeded());
        }
        if (previous != 0 && previous != epoch) {
            out.add(new SupervisorCommand.RetireSignal(previous));
        }
        out.add(new CancelTimer(Timer.RESPONSE));
        out.add(fullJoin ? new SupervisorCommand.Rejoin(epoch, s.generation(), ((JoinAccepted) response).join())
                : new SupervisorCommand.Resync(epoch, ((ResumeAccepted) response).response()));
        out.add(new ArmTimer(Timer.RECOVERY, settings.recoveryTimeout(), new DeadlineMissed(Deadline.RECOVERY, epoch)));
        return next;
    }

    private SupervisorState recoveredIfReady(SupervisorState s, Instant now, List<SupervisorCommand> out) {
        if (!ready(s)) {
            return s;
        }
        SupervisorState next = s.withPhase(Phase.CONNECTED).withoutAttempt();
        out.add(new CancelTimer(Timer.RESPONSE));
        out.add(new CancelTimer(Timer.RECOVERY));
        out.add(new CancelTimer(Timer.EPISODE));
        out.add(new SupervisorCommand.StopAwaitingPaths());
        if (!s.everConnected()) {
            out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
            out.add(new SupervisorCommand.Connected());
            return next.withConnectedOnce();
        }
        out.add(new SupervisorCommand.Recovered(s.mode(), Duration.between(s.episodeStart(), now)));
        out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
        return next;
    }

    /** Invariant 8, per mode (see the class comment). */
    private static boolean ready(SupervisorState s) {
        AttemptProgress progress = s.progress();
        if (s.attemptEpoch() == 0 || !progress.responded()) {
            return false;
        }
        TransportView publisher = s.publisher();
        TransportView subscriber = s.subscriber();
        if (!publisher.needed() && !subscriber.needed()) {
            return false;
        }
        if (s.mode() == Mode.RESUME) {
            int epoch = s.attemptEpoch();
            return progress.publisherRestarted()
                    && (!subscriber.needed() || subscriber.connectedOnCredentialsOf(epoch))
                    && (!publisher.needed() || publisher.connectedOnCredentialsOf(epoch));
        }
        return !progress.republishPending() && subscriber.settled() && publisher.settled();
    }

    private SupervisorState leave(SupervisorState s, LeaveReceived leave, Instant now, List<SupervisorCommand> out) {
        boolean fromLive = leave.epoch() != 0 && leave.epoch() == s.liveEpoch();
        boolean fromAttempt = leave.epoch() != 0 && leave.epoch() == s.attemptEpoch();
        if (!fromLive && !fromAttempt) {
            return s;
        }
        LeaveRequestedException cause = new LeaveRequestedException(leave.action(), leave.reason());
        if (leave.action() == LeaveAction.DISCONNECT) {
            return attempts.finish(s, leave.reason(), cause, out);
        }
        if (s.phase() == Phase.CONNECTED) {
            Mode mode = leave.action() == LeaveAction.RECONNECT ? Mode.FULL : Mode.RESUME;
            return attempts.beginEpisode(s, mode, cause, now, out);
        }
        if (leave.action() == LeaveAction.RECONNECT) {
            // The server cannot (or will not) resume this session: escalate, at once.
            return attempts.attemptFailed(s, cause, true, now, out);
        }
        if (!fromAttempt || s.phase() == Phase.BACKOFF) {
            // Already recovering: the attempt under way or scheduled is the resume the server asks for.
            return s;
        }
        // Protocol: "RESUME resumes". During a resume the server moved the session again: resume again, at once.
        return s.mode() == Mode.RESUME ? attempts.resumeAgain(s, cause, now, out)
                : attempts.attemptFailed(s, cause, false, now, out);
    }

    /** The connection a signal input came from, or 0 for inputs that have none. */
    static int epochOf(SupervisorInput input) {
        if (input instanceof SignalOpened i) {
            return i.epoch();
        } else if (input instanceof ConnectFailed i) {
            return i.epoch();
        } else if (input instanceof SignalLost i) {
            return i.epoch();
        } else if (input instanceof JoinAccepted i) {
            return i.epoch();
        } else if (input instanceof ResumeAccepted i) {
            return i.epoch();
        } else if (input instanceof StepFailed i) {
            return i.epoch();
        } else if (input instanceof DeadlineMissed i) {
            return i.epoch();
        } else if (input instanceof LeaveReceived i) {
            return i.epoch();
        }
        return 0;
    }
}
