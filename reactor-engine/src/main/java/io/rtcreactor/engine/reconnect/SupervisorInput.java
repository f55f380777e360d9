package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.DisconnectReason;

/**
 * Everything the supervisor reacts to. Signal inputs carry the epoch of the connection they came from; the
 * session drops inputs of connections it has retired before they get here, and the supervisor ignores those of
 * connections that are neither the live one nor the current attempt's.
 */
public sealed interface SupervisorInput {

    /** {@code Room.connect} was called. */
    record Start() implements SupervisorInput {
    }

    /** The application called {@code disconnect()}. */
    record DisconnectRequested() implements SupervisorInput {
    }

    /** A signal connection's WebSocket upgrade succeeded. */
    record SignalOpened(int epoch) implements SupervisorInput {
    }

    /** A signal connection could not be opened ({@code error} says whether retrying can help). */
    record ConnectFailed(int epoch, Throwable error) implements SupervisorInput {
    }

    /** A signal connection closed, errored or went silent beyond the ping timeout. */
    record SignalLost(int epoch, Throwable cause) implements SupervisorInput {
    }

    /** A JoinResponse arrived. */
    record JoinAccepted(int epoch) implements SupervisorInput {
    }

    /** A ReconnectResponse arrived. */
    record ResumeAccepted(int epoch) implements SupervisorInput {
    }

    /** A LeaveRequest arrived (possibly instead of a Join/ReconnectResponse). */
    record LeaveReceived(int epoch, LeaveAction action, DisconnectReason reason) implements SupervisorInput {
    }

    /** A transport in use failed (or stayed disconnected past the grace) on its current ICE generation. */
    record PeerFailed(Throwable cause) implements SupervisorInput {
    }

    /** During a resume: the publisher ICE-restart offer was sent with this id; 0 = publisher not in use. */
    record RestartOfferSent(int offerId) implements SupervisorInput {
    }

    /** An answer to a publisher offer was applied. */
    record AnswerApplied(int offerId) implements SupervisorInput {
    }

    /** Every transport in use is connected (after a restart: on its new ICE credentials). */
    record PeersConnected() implements SupervisorInput {
    }

    /** After a full join: every track is published again. */
    record RepublishCompleted() implements SupervisorInput {
    }

    /** A step of the current attempt failed or missed its deadline. */
    record StepFailed(int epoch, Throwable error) implements SupervisorInput {
    }

    /** The backoff before attempt {@code attempt} elapsed. */
    record RetryDue(int attempt) implements SupervisorInput {
    }

    /** The deadline of episode {@code episode} passed. */
    record EpisodeExpired(int episode) implements SupervisorInput {
    }
}
