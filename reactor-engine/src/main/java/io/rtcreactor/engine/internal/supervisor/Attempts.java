package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RtcReactorException;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RetryDue;
import io.rtcreactor.engine.rtc.TransportFailedException;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The attempt half of the {@link Supervisor}'s rules, pure as it is: how an episode begins, what a failed attempt
 * leads to (resume again, escalate, give up), how the next attempt is scheduled and opened, and how the session
 * ends. The supervisor decides <em>that</em> one of these happens; this class says what each one means in state and
 * commands.
 */
final class Attempts {

    private final Supervisor.Settings settings;

    Attempts(Supervisor.Settings settings) {
        this.settings = settings;
    }

    SupervisorState beginEpisode(SupervisorState s, Mode mode, Throwable cause, Instant now,
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

    SupervisorState attemptFailed(SupervisorState s, Throwable error, boolean immediate, Instant now,
                                 List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            return s.everConnected() ? finish(s, finalReason(error, true), error, out) : failConnect(s, error, out);
        }
        SupervisorState next = s.withMode(Mode.FULL);
        if (!s.everConnected()) {
            // The first join keeps its last failure, for the error that ends it at its bound (JoinTimeoutException).
            next = next.withEpisode(s.episode(), s.episodeStart(), error);
        }
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

    /**
     * A resume that could not reach the server, or lost it before recovering: resume again, by the policy. Safe to
     * repeat because a server that can no longer resume the session says so on the next attempt: LiveKit's
     * {@code RoomManager.StartSession} (livekit/livekit, pkg/service/roommanager.go) answers a reconnect of a
     * participant it closed with {@code leave{RECONNECT, STATE_MISMATCH}}, and one missing from the room with a
     * legacy {@code leave{can_reconnect}} of the same reason; both escalate.
     */
    SupervisorState retryResume(SupervisorState s, Throwable error, Instant now, List<SupervisorCommand> out) {
        if (error instanceof RtcReactorException typed && !typed.retryable()) {
            return finish(s, finalReason(error, true), error, out);
        }
        int attempt = s.attempt() + 1;
        Optional<Duration> delay = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now), error);
        return delay.isEmpty() ? giveUp(s, error, out) : schedule(s, attempt, delay.get(), true, out);
    }

    /** {@code leave{RESUME}} during a resume: another resume, made at once, counted against the policy. */
    SupervisorState resumeAgain(SupervisorState s, Throwable cause, Instant now, List<SupervisorCommand> out) {
        int attempt = s.attempt() + 1;
        Optional<Duration> allowed = settings.policy().nextDelay(attempt, Duration.between(s.episodeStart(), now),
                cause);
        if (allowed.isEmpty()) {
            return giveUp(s, cause, out);
        }
        out.add(new SupervisorCommand.ResumedAgain(attempt, cause));
        return schedule(s, attempt, Duration.ZERO, true, out);
    }

    SupervisorState schedule(SupervisorState s, int attempt, Duration delay, boolean afterFailure,
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

    SupervisorState openAttempt(SupervisorState s, int attempt, List<SupervisorCommand> out) {
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

    SupervisorState giveUp(SupervisorState s, Throwable last, List<SupervisorCommand> out) {
        if (!s.everConnected()) {
            // Giving up is a failed join, never TOKEN_REJECTED, even though the deadline's error is not retryable.
            out.add(new SupervisorCommand.ConnectFailedFinally(last));
            return finish(s, DisconnectReason.JOIN_FAILURE, last, out);
        }
        // Disconnected carries the episode's original cause, not the last attempt's error (invariant 9).
        return finish(s, DisconnectReason.RECONNECT_FAILED, s.cause() != null ? s.cause() : last, out);
    }

    SupervisorState failConnect(SupervisorState s, Throwable error, List<SupervisorCommand> out) {
        out.add(new SupervisorCommand.ConnectFailedFinally(error));
        return finish(s, finalReason(error, false), error, out);
    }

    /**
     * Why a session ends on an error no retry can fix: a refused token is TOKEN_REJECTED (protocol: "401/403 are
     * final"); anything else final (a certificate not trusted, a missing native library) is a failed join before
     * the first connection and a failed reconnect after it.
     */
    static DisconnectReason finalReason(Throwable error, boolean everConnected) {
        if (error instanceof io.rtcreactor.engine.signal.SignalConnectException refused
                && refused.kind() == io.rtcreactor.engine.signal.SignalConnectException.Kind.REJECTED) {
            return DisconnectReason.TOKEN_REJECTED;
        }
        return everConnected ? DisconnectReason.RECONNECT_FAILED : DisconnectReason.JOIN_FAILURE;
    }

    SupervisorState finish(SupervisorState s, DisconnectReason reason, Throwable cause,
                           List<SupervisorCommand> out) {
        for (Timer timer : Timer.values()) {
            out.add(new CancelTimer(timer));
        }
        out.add(new SupervisorCommand.StopAwaitingPaths());
        out.add(new SupervisorCommand.Finish(reason, cause));
        out.add(new SupervisorCommand.EnterState(ConnectionState.DISCONNECTED));
        return s.withPhase(Phase.DISCONNECTED).withoutAttempt().withLive(0);
    }
}
