package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.proto.SignalTarget;
import java.time.Instant;

/**
 * The supervisor's whole state, immutable.
 *
 * @param liveEpoch    the connection carrying the session (0 if none)
 * @param attemptEpoch the connection of the attempt under way (0 if none, e.g. in backoff)
 * @param lastEpoch    the newest connection number handed out
 * @param generation   the current pair of transports (1 at the first join, one more per full reconnect)
 * @param progress     how far the attempt under way has come
 */
public record SupervisorState(Phase phase, Mode mode, boolean everConnected, int episode, int attempt,
                              Instant episodeStart, Throwable cause, int liveEpoch, int attemptEpoch, int lastEpoch,
                              int generation, AttemptProgress progress, TransportView publisher,
                              TransportView subscriber) {

    /** Before {@code Room.connect}. */
    public static SupervisorState initial() {
        return new SupervisorState(Phase.CONNECTING, Mode.FULL, false, 0, 0, null, null, 0, 0, 0, 1,
                AttemptProgress.NONE, TransportView.ABSENT, TransportView.ABSENT);
    }

    /** True while an attempt (or its backoff) of a recovery episode is under way. */
    public boolean recovering() {
        return phase == Phase.RESUMING || phase == Phase.RECONNECTING || phase == Phase.BACKOFF;
    }

    /** True while the first join or a recovery is under way. */
    public boolean attempting() {
        return phase != Phase.CONNECTED && phase != Phase.DISCONNECTED;
    }

    public TransportView transport(SignalTarget target) {
        return target == SignalTarget.PUBLISHER ? publisher : subscriber;
    }

    SupervisorState withTransport(SignalTarget target, TransportView view) {
        return target == SignalTarget.PUBLISHER
                ? new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                        attemptEpoch, lastEpoch, generation, progress, view, subscriber)
                : new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                        attemptEpoch, lastEpoch, generation, progress, publisher, view);
    }

    SupervisorState withPhase(Phase value) {
        return new SupervisorState(value, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, generation, progress, publisher, subscriber);
    }

    SupervisorState withMode(Mode value) {
        return new SupervisorState(phase, value, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, generation, progress, publisher, subscriber);
    }

    SupervisorState withConnectedOnce() {
        return new SupervisorState(phase, mode, true, episode, attempt, episodeStart, cause, liveEpoch, attemptEpoch,
                lastEpoch, generation, progress, publisher, subscriber);
    }

    SupervisorState withEpisode(int number, Instant start, Throwable why) {
        return new SupervisorState(phase, mode, everConnected, number, 0, start, why, liveEpoch, attemptEpoch,
                lastEpoch, generation, progress, publisher, subscriber);
    }

    /** A new attempt on a new connection: its progress starts from nothing. */
    SupervisorState withAttempt(int number, int epoch) {
        return new SupervisorState(phase, mode, everConnected, episode, number, episodeStart, cause, liveEpoch, epoch,
                Math.max(lastEpoch, epoch), generation, AttemptProgress.NONE, publisher, subscriber);
    }

    SupervisorState withoutAttempt() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch, 0,
                lastEpoch, generation, AttemptProgress.NONE, publisher, subscriber);
    }

    SupervisorState withLive(int epoch) {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, epoch,
                attemptEpoch, lastEpoch, generation, progress, publisher, subscriber);
    }

    SupervisorState withProgress(AttemptProgress value) {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, generation, value, publisher, subscriber);
    }

    /** Both transports replaced by a new, empty generation. */
    SupervisorState withNewGeneration() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, generation + 1, progress, TransportView.ABSENT, TransportView.ABSENT);
    }
}
