package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RtcReactorException;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.reconnect.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.reconnect.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.reconnect.SupervisorCommand.Deadline;
import io.rtcreactor.engine.reconnect.SupervisorCommand.Timer;
import io.rtcreactor.engine.reconnect.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.reconnect.SupervisorInput.DeadlineMissed;
import io.rtcreactor.engine.reconnect.SupervisorInput.DisconnectRequested;
import io.rtcreactor.engine.reconnect.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.reconnect.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.reconnect.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.reconnect.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.reconnect.SupervisorInput.RetryDue;
import io.rtcreactor.engine.reconnect.SupervisorInput.SignalLost;
import io.rtcreactor.engine.reconnect.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.reconnect.SupervisorInput.Start;
import io.rtcreactor.engine.reconnect.SupervisorInput.StepFailed;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.TransportFailedException;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every reconnect rule, as one pure function {@code (state, input, now) → (state, commands)}: no clock, no I/O, no
 * scheduler. The {@link SupervisorRunner} feeds it every input that matters and runs the commands it returns, in
 * order; timers are commands too. The transport half of the rules is in {@link TransportRules}.
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

    /** What the rules need besides the state. */
    public record Settings(ReconnectPolicy policy, Duration responseTimeout, Duration recoveryTimeout,
                           Duration peerDisconnectedGrace) {
    }

    /** The next state and the commands to run, in order. */
    public record Step(SupervisorState state, List<SupervisorCommand> commands) {
    }

    private final Settings settings;
    private final TransportRules transports;

    public Supervisor(Settings settings) {
        this.settings = settings;
        this.transports = new TransportRules(settings.peerDisconnectedGrace());
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
            return finish(s, DisconnectReason.CLIENT_INITIATED, null, out);
        }
        if (input instanceof LeaveReceived leave) {
            return leave(s, leave, now, out);
        }
        if (input instanceof EpisodeExpired expired) {
            return expired.episode() == s.episode() && s.attempting()
                    ? giveUp(s, new ReconnectTimeoutException(settings.policy().deadline()), out) : s;
        }
        if (input instanceof RetryDue due) {
            return s.phase() == Phase.BACKOFF && due.attempt() == s.attempt() ? openAttempt(s, s.attempt(), out) : s;
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
        out.add(new ArmTimer(Timer.EPISODE, settings.policy().deadline(), new EpisodeExpired(1)));
        return openAttempt(next.withPhase(Phase.CONNECTING), 1, out);
    }

    private SupervisorState transportInput(SupervisorState s, SupervisorInput input, Instant now,
                                           List<SupervisorCommand> out) {
        TransportRules.Outcome outcome = transports.apply(s, input, out);
        SupervisorState next = outcome.state();
        Throwable failure = outcome.failure();
        if (failure != null) {
            if (next.phase() == Phase.CONNECTED) {
                // A step of the healthy session failed or missed its deadline: recover, never only log (invariant 2).
                return beginEpisode(next, Mode.RESUME, failure, now, out);
            }
            return next.attempting() && next.phase() != Phase.BACKOFF ? attemptFailed(next, failure, false, now, out)
                    : next;
        }
        return next.attempting() ? recoveredIfReady(next, now, out) : next;
    }

    private SupervisorState whileConnected(SupervisorState s, SupervisorInput input, Instant now,
                                           List<SupervisorCommand> out) {
        if (input instanceof SignalLost lost && lost.epoch() == s.liveEpoch()) {
            return beginEpisode(s.withLive(0), Mode.RESUME, lost.cause(), now, out);
        }
        if (input instanceof StepFailed failed && failed.epoch() == s.liveEpoch()) {
            return beginEpisode(s, Mode.RESUME, failed.error(), now, out);
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
            return s.mode() == Mode.RESUME ? retryResume(s, failed.error(), now, out)
                    : attemptFailed(s, failed.error(), false, now, out);
        }
        if (input instanceof SignalLost lost) {
            // A connection that closed says nothing about the session: resume again. A server that fell silent on
            // the resume is not serving it: that resume failed on its own.
            SupervisorState gone = lost.epoch() == s.liveEpoch() ? s.withLive(0) : s;
            boolean silent = lost.cause() instanceof SignalLostException lostSignal && lostSignal.silent();
            return s.mode() == Mode.RESUME && !silent ? retryResume(gone, lost.cause(), now, out)
                    : attemptFailed(gone, lost.cause(), false, now, out);
        }
        if (input instanceof StepFailed failed) {
            return attemptFailed(s, failed.error(), false, now, out);
        }
        if (input instanceof DeadlineMissed missed) {
            Duration after = missed.deadline() == Deadline.RESPONSE ? settings.responseTimeout()
                    : settings.recoveryTimeout();
            String step = missed.deadline() == Deadline.RESPONSE ? "the Join/ReconnectResponse"
                    : "recovery (answers applied, transports connected on their new credentials, tracks published)";
            return attemptFailed(s, new DeadlineExceededException(step, after), false, now, out);
        }
        return s;
    }

    private SupervisorState accepted(SupervisorState s, SupervisorInput response, List<SupervisorCommand> out) {
        boolean fullJoin = response instanceof JoinAccepted;
        int previous = s.liveEpoch();
        int epoch = s.attemptEpoch();
        SupervisorState next = s.withProgress(s.progress().withResponse(fullJoin, s.publisher().open()))
                .withLive(epoch);
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
        if (s.mode() == Mode.RESUME) {
            int epoch = s.attemptEpoch();
            return progress.publisherRestarted() && s.subscriber().connectedOnCredentialsOf(epoch)
                    && (!s.publisher().open() || s.publisher().connectedOnCredentialsOf(epoch));
        }
        return !progress.republishPending() && s.subscriber().open() && s.subscriber().state() == PeerState.CONNECTED
                && (!s.publisher().open() || s.publisher().state() == PeerState.CONNECTED);
    }

    private SupervisorState leave(SupervisorState s, LeaveReceived leave, Instant now, List<SupervisorCommand> out) {
        boolean fromLive = leave.epoch() != 0 && leave.epoch() == s.liveEpoch();
        boolean fromAttempt = leave.epoch() != 0 && leave.epoch() == s.attemptEpoch();
        if (!fromLive && !fromAttempt) {
            return s;
        }
        LeaveRequestedException cause = new LeaveRequestedException(leave.action(), leave.reason());
        if (leave.action() == LeaveAction.DISCONNECT) {
            return finish(s, leave.reason(), cause, out);
        }
        if (s.phase() == Phase.CONNECTED) {
            return beginEpisode(s, leave.action() == LeaveAction.RECONNECT ? Mode.FULL : Mode.RESUME, cause, now, out);
        }
        if (leave.action() == LeaveAction.RECONNECT) {
            // The server cannot (or will not) resume this session: escalate, at once.
            return attemptFailed(s, cause, true, now, out);
        }
        if (!fromAttempt || s.phase() == Phase.BACKOFF) {
            // Already recovering: the attempt under way or scheduled is the resume the server asks for.
            return s;
        }
        // Protocol: "RESUME resumes". During a resume the server moved the session again: resume again, at once.
        return s.mode() == Mode.RESUME ? resumeAgain(s, cause, now, out) : attemptFailed(s, cause, false, now, out);
    }

    private SupervisorState beginEpisode(SupervisorState s, Mode mode, Throwable cause, Instant now,
                                         List<SupervisorCommand> out) {
        int episode = s.episode() + 1;
        SupervisorState next = s.withEpisode(episode, now, cause).withMode(mode);
        out.add(new SupervisorCommand.EpisodeStarted(mode, cause));
        out.add(new SupervisorCommand.EnterState(mode == Mode.RESUME ? ConnectionState.RESUMING
                : ConnectionState.RECONNECTING));
        out.add(new ArmTimer(Timer.EPISODE, settings.policy().deadline(), new EpisodeExpired(episode)));
        Optional<Duration> delay = settings.policy().nextDelay(1, Duration.ZERO, cause);
        if (delay.isEmpty()) {
            return giveUp(next, cause, out);
        }
        return schedule(next, 1, delay.get(), false, out);
    }

    private SupervisorState attemptFailed(SupervisorState s, Throwable error, boolean immediate, Instant now,
                                          List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            return s.everConnected() ? finish(s, DisconnectReason.TOKEN_REJECTED, error, out) : failConnect(s, error, out);
        }
        SupervisorState next = s.withMode(Mode.FULL);
        if (s.mode() == Mode.RESUME) {
            out.add(new SupervisorCommand.Escalated(error));
            out.add(new SupervisorCommand.EnterState(ConnectionState.RECONNECTING));
        }
        // In BACKOFF the attempt s.attempt() is scheduled but not made yet (only a Leave{RECONNECT} gets here then):
        // it is the one to make now, at once; counting it as failed would spend a policy attempt never made.
        int attempt = s.phase() == Phase.BACKOFF ? s.attempt() : s.attempt() + 1;
        Optional<Duration> delay = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now), error);
        if (delay.isEmpty()) {
            return giveUp(next, error, out);
        }
        return schedule(next, attempt, immediate ? Duration.ZERO : delay.get(), true, out);
    }

    /** A resume that could not reach the server, or lost it before recovering: resume again, by the policy. */
    private SupervisorState retryResume(SupervisorState s, Throwable error, Instant now, List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            return finish(s, DisconnectReason.TOKEN_REJECTED, error, out);
        }
        int attempt = s.attempt() + 1;
        Optional<Duration> delay = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now), error);
        return delay.isEmpty() ? giveUp(s, error, out) : schedule(s, attempt, delay.get(), true, out);
    }

    /** {@code leave{RESUME}} during a resume: another resume, made at once, counted against the policy. */
    private SupervisorState resumeAgain(SupervisorState s, Throwable cause, Instant now, List<SupervisorCommand> out) {
        int attempt = s.attempt() + 1;
        Optional<Duration> allowed = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now),
                cause);
        if (allowed.isEmpty()) {
            return giveUp(s, cause, out);
        }
        out.add(new SupervisorCommand.ResumedAgain(attempt, cause));
        return schedule(s, attempt, Duration.ZERO, true, out);
    }

    private SupervisorState schedule(SupervisorState s, int attempt, Duration delay, boolean afterFailure,
                                     List<SupervisorCommand> out) {
        SupervisorState next = s;
        if (afterFailure && s.attemptEpoch() != 0 && s.attemptEpoch() != s.liveEpoch()) {
            out.add(new SupervisorCommand.RetireSignal(s.attemptEpoch()));
        }
        if (s.mode() == Mode.FULL) {
            // Protocol: "Anything failing → full reconnect: leave{DISCONNECT} on the old socket if open, close both
            // PCs". The attempt's own connection was retired above.
            if (s.liveEpoch() != 0) {
                out.add(new SupervisorCommand.LeaveAndRetire(s.liveEpoch()));
                next = next.withLive(0);
            }
            TransportRules.forgetGraces(out);
            next = next.withNewGeneration();
            out.add(new SupervisorCommand.ResetPeers(next.generation()));
        }
        next = next.withoutAttempt();
        if (delay.isZero()) {
            return openAttempt(next, attempt, out);
        }
        out.add(new CancelTimer(Timer.RESPONSE));
        out.add(new CancelTimer(Timer.RECOVERY));
        out.add(new SupervisorCommand.StopAwaitingPaths());
        out.add(new ArmTimer(Timer.RETRY, delay, new RetryDue(attempt)));
        return new SupervisorState(Phase.BACKOFF, next.mode(), next.everConnected(), next.episode(), attempt,
                next.episodeStart(), next.cause(), next.liveEpoch(), 0, next.lastEpoch(), next.generation(),
                AttemptProgress.NONE, next.publisher(), next.subscriber());
    }

    private SupervisorState openAttempt(SupervisorState s, int attempt, List<SupervisorCommand> out) {
        int epoch = s.lastEpoch() + 1;
        Phase phase = !s.everConnected() ? Phase.CONNECTING
                : s.mode() == Mode.RESUME ? Phase.RESUMING : Phase.RECONNECTING;
        out.add(new CancelTimer(Timer.RESPONSE));
        out.add(new CancelTimer(Timer.RECOVERY));
        out.add(new SupervisorCommand.StopAwaitingPaths());
        out.add(new SupervisorCommand.OpenSignal(epoch, s.mode(), s.mode() == Mode.RESUME ? reasonOf(s.cause())
                : ReconnectReason.RR_UNKNOWN));
        return s.withPhase(phase).withAttempt(attempt, epoch);
    }

    /** The {@code reconnect_reason} a resume tells the server (LiveKit decides its ICE fallbacks by it). */
    static ReconnectReason reasonOf(Throwable cause) {
        if (cause instanceof SignalLostException) {
            return ReconnectReason.RR_SIGNAL_DISCONNECTED;
        }
        if (cause instanceof TransportFailedException failed) {
            return failed.target() == SignalTarget.PUBLISHER ? ReconnectReason.RR_PUBLISHER_FAILED
                    : ReconnectReason.RR_SUBSCRIBER_FAILED;
        }
        return ReconnectReason.RR_UNKNOWN;
    }

    private SupervisorState giveUp(SupervisorState s, Throwable last, List<SupervisorCommand> out) {
        if (!s.everConnected()) {
            // Giving up is a failed join, never TOKEN_REJECTED, even though the deadline's error is not retryable.
            out.add(new SupervisorCommand.ConnectFailedFinally(last));
            return finish(s, DisconnectReason.JOIN_FAILURE, last, out);
        }
        // Disconnected carries the episode's original cause, not the last attempt's error (invariant 9).
        return finish(s, DisconnectReason.RECONNECT_FAILED, s.cause() != null ? s.cause() : last, out);
    }

    private SupervisorState failConnect(SupervisorState s, Throwable error, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.ConnectFailedFinally(error));
        return finish(s, error instanceof RtcReactorException typed && !typed.retryable()
                ? DisconnectReason.TOKEN_REJECTED : DisconnectReason.JOIN_FAILURE, error, out);
    }

    private SupervisorState finish(SupervisorState s, DisconnectReason reason, Throwable cause,
                                   List<SupervisorCommand> out) {
        for (Timer timer : Timer.values()) {
            out.add(new CancelTimer(timer));
        }
        out.add(new SupervisorCommand.StopAwaitingPaths());
        out.add(new SupervisorCommand.Finish(reason, cause));
        out.add(new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        return s.withPhase(Phase.DISCONNECTED).withoutAttempt().withLive(0);
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
