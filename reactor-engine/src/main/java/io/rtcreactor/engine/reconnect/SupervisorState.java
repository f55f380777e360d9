package io.rtcreactor.engine.reconnect;

import java.time.Instant;

/**
 * The supervisor's whole state, immutable. {@code liveEpoch} is the connection carrying the session (0 if none);
 * {@code attemptEpoch} the connection of the attempt under way (0 if none). {@code restartOfferId}: -1 until the
 * session reports the publisher restart offer, 0 when the publisher is not in use.
 */
public record SupervisorState(Phase phase, Mode mode, boolean everConnected, int episode, int attempt,
                              Instant episodeStart, Throwable cause, int liveEpoch, int attemptEpoch, int lastEpoch,
                              boolean responded, int restartOfferId, boolean restartAnswered,
                              boolean peersConnected, boolean republishPending) {

    /** Before {@code Room.connect}. */
    public static SupervisorState initial() {
        return new SupervisorState(Phase.CONNECTING, Mode.FULL, false, 0, 0, null, null, 0, 0, 0, false, -1, false,
                false, false);
    }

    SupervisorState withPhase(Phase value) {
        return new SupervisorState(value, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, republishPending);
    }

    SupervisorState withMode(Mode value) {
        return new SupervisorState(phase, value, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, republishPending);
    }

    SupervisorState withConnectedOnce() {
        return new SupervisorState(phase, mode, true, episode, attempt, episodeStart, cause, liveEpoch, attemptEpoch,
                lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, republishPending);
    }

    SupervisorState withEpisode(int number, Instant start, Throwable why) {
        return new SupervisorState(phase, mode, everConnected, number, 0, start, why, liveEpoch, attemptEpoch,
                lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, republishPending);
    }

    /** A new attempt on a new connection: progress reset. */
    SupervisorState withAttempt(int number, int epoch) {
        return new SupervisorState(phase, mode, everConnected, episode, number, episodeStart, cause, liveEpoch, epoch,
                Math.max(lastEpoch, epoch), false, -1, false, false, false);
    }

    SupervisorState withLive(int epoch) {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, epoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, republishPending);
    }

    SupervisorState withoutAttempt() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch, 0,
                lastEpoch, false, -1, false, false, false);
    }

    SupervisorState withResponse(boolean fullJoin) {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, true, restartOfferId, restartAnswered, peersConnected, fullJoin);
    }

    SupervisorState withRestartOffer(int offerId) {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, offerId, offerId == 0, peersConnected, republishPending);
    }

    SupervisorState withRestartAnswered() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, true, peersConnected, republishPending);
    }

    SupervisorState withPeersConnected() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, restartAnswered, true, republishPending);
    }

    SupervisorState withRepublished() {
        return new SupervisorState(phase, mode, everConnected, episode, attempt, episodeStart, cause, liveEpoch,
                attemptEpoch, lastEpoch, responded, restartOfferId, restartAnswered, peersConnected, false);
    }

    /** True while an attempt (or its backoff) is under way. */
    public boolean recovering() {
        return phase == Phase.RESUMING || phase == Phase.RECONNECTING || phase == Phase.BACKOFF;
    }
}
