package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RtcReactorException;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reconnect rules, as one pure function {@code (state, input, now) → (state, commands)}: no clock, no I/O,
 * no scheduler. The session feeds it every input that matters and runs the commands it returns, in order.
 *
 * <p>The rules (docs/reconnect.md has the diagram):
 * <ol>
 *   <li>A trigger in CONNECTED starts an episode: a lost signal, a failed transport or {@code leave{RESUME}}
 *       resume; {@code leave{RECONNECT}} reconnects fully; {@code leave{DISCONNECT}} ends the session.</li>
 *   <li>Escalate, never downgrade: a failed resume makes every later attempt of the episode a full reconnect.
 *       A resume fails when its connection is lost after opening, its response misses its deadline, a step
 *       fails, a transport fails on its new ICE generation, recovery misses its deadline, or a Leave with RESUME
 *       arrives instead of the ReconnectResponse. A resume whose connection could not be opened at all (the server
 *       unreachable, 503, no answer to the upgrade) says nothing about the session and is tried again as a resume,
 *       as LiveKit's JS client does; a server that has forgotten the session answers the next one with
 *       {@code leave{RECONNECT}}.</li>
 *   <li>Leave actions act at once, in any phase: DISCONNECT ends, RECONNECT makes the next attempt full and
 *       immediate.</li>
 *   <li>Recovered means recovered (invariant 8): a resume ends only when the ReconnectResponse arrived, the
 *       publisher restart answer for that very offer id was applied (or the publisher is unused) and every
 *       transport in use is connected; a full reconnect only when joined, connected and republished.</li>
 *   <li>Bounded: the policy decides each delay or gives up; the episode deadline ends it regardless; a refused
 *       token (401/403) ends it at once.</li>
 * </ol>
 */
public final class Supervisor {

    /** What the rules need besides the state. */
    public record Settings(ReconnectPolicy policy, Duration responseTimeout, Duration recoveryTimeout) {
    }

    /** The next state and the commands to run, in order. */
    public record Step(SupervisorState state, List<SupervisorCommand> commands) {
    }

    private final Settings settings;

    public Supervisor(Settings settings) {
        this.settings = settings;
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
            return expired.episode() == s.episode() && (s.recovering() || s.phase() == Phase.CONNECTING)
                    ? giveUp(s, new ReconnectTimeoutException(settings.policy().deadline()), out) : s;
        }
        if (input instanceof RetryDue due) {
            return s.phase() == Phase.BACKOFF && due.attempt() == s.attempt() ? open(s, out) : s;
        }
        if (s.phase() == Phase.CONNECTED) {
            return whileConnected(s, input, now, out);
        }
        return whileAttempting(s, input, now, out);
    }

    private SupervisorState start(SupervisorState s, Instant now, List<SupervisorCommand> out) {
        if (s.attempt() != 0 || s.everConnected()) {
            return s;
        }
        SupervisorState next = s.withEpisode(1, now, null).withMode(Mode.FULL);
        out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTING));
        out.add(new SupervisorCommand.ArmEpisodeDeadline(1, settings.policy().deadline()));
        return openAttempt(next.withPhase(Phase.CONNECTING), 1, out);
    }

    private SupervisorState whileConnected(SupervisorState s, SupervisorInput input, Instant now,
                                           List<SupervisorCommand> out) {
        if (input instanceof SignalLost lost && lost.epoch() == s.liveEpoch()) {
            return beginEpisode(s.withLive(0), Mode.RESUME, lost.cause(), now, out);
        }
        if (input instanceof PeerFailed failed) {
            return beginEpisode(s, Mode.RESUME, failed.cause(), now, out);
        }
        if (input instanceof StepFailed failed && failed.epoch() == s.liveEpoch()) {
            // A negotiation step of the healthy session missed its deadline: recover, never only log (invariant 2).
            return beginEpisode(s, Mode.RESUME, failed.error(), now, out);
        }
        return s;
    }

    private SupervisorState whileAttempting(SupervisorState s, SupervisorInput input, Instant now,
                                            List<SupervisorCommand> out) {
        int epoch = epochOf(input);
        if (epoch != 0 && epoch != s.attemptEpoch()) {
            // The live connection of a session being resumed dies as expected; other epochs are stale.
            return input instanceof SignalLost && epoch == s.liveEpoch() ? s.withLive(0) : s;
        }
        if (input instanceof SignalOpened) {
            out.add(new SupervisorCommand.ArmDeadline(Deadline.RESPONSE, s.attemptEpoch(), settings.responseTimeout()));
            return s;
        }
        if (input instanceof JoinAccepted && s.mode() == Mode.FULL && !s.responded()) {
            return accepted(s, true, out);
        }
        if (input instanceof ResumeAccepted && s.mode() == Mode.RESUME && !s.responded()) {
            return accepted(s, false, out);
        }
        if (input instanceof RestartOfferSent sent && s.responded() && s.mode() == Mode.RESUME) {
            return recoveredIfReady(s.withRestartOffer(sent.offerId()), now, out);
        }
        if (input instanceof AnswerApplied applied && s.mode() == Mode.RESUME && s.restartOfferId() > 0
                && applied.offerId() == s.restartOfferId()) {
            return recoveredIfReady(s.withRestartAnswered(), now, out);
        }
        if (input instanceof PeersConnected && s.responded()) {
            return recoveredIfReady(s.withPeersConnected(), now, out);
        }
        if (input instanceof RepublishCompleted && s.responded() && s.mode() == Mode.FULL) {
            return recoveredIfReady(s.withRepublished(), now, out);
        }
        Throwable failure = failureOf(input);
        if (failure != null && s.phase() != Phase.BACKOFF) {
            if (input instanceof ConnectFailed && s.mode() == Mode.RESUME) {
                return connectFailedWhileResuming(s, failure, now, out);
            }
            return attemptFailed(s, failure, false, now, out);
        }
        return s;
    }

    private SupervisorState accepted(SupervisorState s, boolean fullJoin, List<SupervisorCommand> out) {
        int previous = s.liveEpoch();
        SupervisorState next = s.withResponse(fullJoin).withLive(s.attemptEpoch());
        if (previous != 0 && previous != s.attemptEpoch()) {
            out.add(new SupervisorCommand.RetireSignal(previous));
        }
        out.add(fullJoin ? new SupervisorCommand.Rejoin() : new SupervisorCommand.Resync());
        out.add(new SupervisorCommand.ArmDeadline(Deadline.RECOVERY, s.attemptEpoch(), settings.recoveryTimeout()));
        return next;
    }

    private SupervisorState recoveredIfReady(SupervisorState s, Instant now, List<SupervisorCommand> out) {
        boolean ready = s.mode() == Mode.RESUME
                ? s.responded() && s.restartOfferId() >= 0 && s.restartAnswered() && s.peersConnected()
                : s.responded() && s.peersConnected() && !s.republishPending();
        if (!ready) {
            return s;
        }
        SupervisorState next = s.withPhase(Phase.CONNECTED).withoutAttempt();
        if (!s.everConnected()) {
            out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
            out.add(new SupervisorCommand.Connected());
            return next.withConnectedOnce();
        }
        out.add(new SupervisorCommand.Recovered(s.mode(), Duration.between(s.episodeStart(), now)));
        out.add(new SupervisorCommand.EnterState(ConnectionState.CONNECTED));
        return next;
    }

    private SupervisorState leave(SupervisorState s, LeaveReceived leave, Instant now, List<SupervisorCommand> out) {
        boolean fromLive = leave.epoch() == s.liveEpoch() && s.liveEpoch() != 0;
        boolean fromAttempt = leave.epoch() == s.attemptEpoch() && s.attemptEpoch() != 0;
        if (!fromLive && !fromAttempt) {
            return s;
        }
        LeaveRequestedException cause = new LeaveRequestedException(leave.action(), leave.reason());
        switch (leave.action()) {
            case DISCONNECT -> {
                return finish(s, leave.reason(), cause, out);
            }
            case RECONNECT -> {
                if (s.phase() == Phase.CONNECTED) {
                    return beginEpisode(s, Mode.FULL, cause, now, out);
                }
                return attemptFailed(s, cause, true, now, out);
            }
            default -> {
                if (s.phase() == Phase.CONNECTED) {
                    return beginEpisode(s, Mode.RESUME, cause, now, out);
                }
                // Protocol: "RESUME resumes (and counts as a failed resume if one is under way)".
                return fromAttempt && s.phase() != Phase.BACKOFF ? attemptFailed(s, cause, false, now, out) : s;
            }
        }
    }

    private SupervisorState beginEpisode(SupervisorState s, Mode mode, Throwable cause, Instant now,
                                         List<SupervisorCommand> out) {
        int episode = s.episode() + 1;
        SupervisorState next = s.withEpisode(episode, now, cause).withMode(mode);
        out.add(new SupervisorCommand.EpisodeStarted(mode, cause));
        out.add(new SupervisorCommand.EnterState(mode == Mode.RESUME ? ConnectionState.RESUMING
                : ConnectionState.RECONNECTING));
        out.add(new SupervisorCommand.ArmEpisodeDeadline(episode, settings.policy().deadline()));
        Optional<Duration> delay = settings.policy().nextDelay(1, Duration.ZERO, cause);
        if (delay.isEmpty()) {
            return giveUp(next, cause, out);
        }
        return schedule(next, 1, delay.get(), false, out);
    }

    private SupervisorState attemptFailed(SupervisorState s, Throwable error, boolean immediate, Instant now,
                                          List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            if (!s.everConnected()) {
                return failConnect(s, error, out);
            }
            return finish(s, DisconnectReason.TOKEN_REJECTED, error, out);
        }
        Mode before = s.mode();
        // Escalate, never downgrade: after any failed attempt the episode continues with full reconnects.
        SupervisorState next = s.withMode(Mode.FULL);
        if (before == Mode.RESUME && next.mode() == Mode.FULL) {
            out.add(new SupervisorCommand.Escalated(error));
            out.add(new SupervisorCommand.EnterState(ConnectionState.RECONNECTING));
        }
        // In BACKOFF the attempt s.attempt() is scheduled but not made yet (only a Leave{RECONNECT} gets here then):
        // it is the one to make now, at once; counting it as failed would spend a policy attempt never made.
        int attempt = s.phase() == Phase.BACKOFF ? s.attempt() : s.attempt() + 1;
        Duration elapsed = Duration.between(s.episodeStart(), now);
        Optional<Duration> delay = settings.policy().nextDelay(attempt, elapsed, error);
        if (delay.isEmpty()) {
            return giveUp(next, error, out);
        }
        return schedule(next, attempt, immediate ? Duration.ZERO : delay.get(), true, out);
    }

    /** A resume that could not even reach the server: try resuming again, by the policy. */
    private SupervisorState connectFailedWhileResuming(SupervisorState s, Throwable error, Instant now,
                                                       List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            return finish(s, DisconnectReason.TOKEN_REJECTED, error, out);
        }
        int attempt = s.attempt() + 1;
        Optional<Duration> delay = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now), error);
        if (delay.isEmpty()) {
            return giveUp(s, error, out);
        }
        return schedule(s, attempt, delay.get(), true, out);
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
            out.add(new SupervisorCommand.ResetPeers());
        }
        next = next.withoutAttempt();
        if (delay.isZero()) {
            return openAttempt(next, attempt, out);
        }
        out.add(new SupervisorCommand.ScheduleRetry(attempt, delay));
        return new SupervisorState(Phase.BACKOFF, next.mode(), next.everConnected(), next.episode(), attempt,
                next.episodeStart(), next.cause(), next.liveEpoch(), 0, next.lastEpoch(), false, -1, false, false,
                false);
    }

    private SupervisorState open(SupervisorState s, List<SupervisorCommand> out) {
        return openAttempt(s, s.attempt(), out);
    }

    private SupervisorState openAttempt(SupervisorState s, int attempt, List<SupervisorCommand> out) {
        int epoch = s.lastEpoch() + 1;
        Phase phase = !s.everConnected() ? Phase.CONNECTING
                : s.mode() == Mode.RESUME ? Phase.RESUMING : Phase.RECONNECTING;
        out.add(new SupervisorCommand.OpenSignal(epoch, s.mode()));
        return s.withPhase(phase).withAttempt(attempt, epoch);
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
        out.add(new SupervisorCommand.Finish(reason, cause));
        out.add(new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        return s.withPhase(Phase.DISCONNECTED).withoutAttempt().withLive(0);
    }

    private static int epochOf(SupervisorInput input) {
        if (input instanceof SignalOpened i) {
            return i.epoch();
        }
        if (input instanceof ConnectFailed i) {
            return i.epoch();
        }
        if (input instanceof SignalLost i) {
            return i.epoch();
        }
        if (input instanceof JoinAccepted i) {
            return i.epoch();
        }
        if (input instanceof ResumeAccepted i) {
            return i.epoch();
        }
        if (input instanceof StepFailed i) {
            return i.epoch();
        }
        return 0;
    }

    private static Throwable failureOf(SupervisorInput input) {
        if (input instanceof ConnectFailed i) {
            return i.error();
        }
        if (input instanceof SignalLost i) {
            return i.cause();
        }
        if (input instanceof StepFailed i) {
            return i.error();
        }
        if (input instanceof PeerFailed i) {
            return i.cause();
        }
        return null;
    }
}
