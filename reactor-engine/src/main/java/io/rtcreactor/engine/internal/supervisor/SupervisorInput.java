package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;

/**
 * Everything the supervisor reacts to, as past-tense records. Inputs of a signal connection carry its
 * <b>epoch</b> (the number of the connection); inputs of a transport carry its <b>generation</b> (the number of
 * the pair of transports, new with every full reconnect). The transition function drops every input whose epoch is
 * neither the live connection's nor the current attempt's, and every transport input of an older generation
 * (invariant 5): nothing stale is filtered anywhere else.
 */
public sealed interface SupervisorInput {

    // ---- the application ----

    /** {@code Room.connect} was called. */
    record Start() implements SupervisorInput {
    }

    /** The application called {@code disconnect()}. */
    record DisconnectRequested() implements SupervisorInput {
    }

    // ---- signal connections (epoch) ----

    /** A signal connection's WebSocket upgrade succeeded. */
    record SignalOpened(int epoch) implements SupervisorInput {
    }

    /** A signal connection could not be opened ({@code error} says whether retrying can help). */
    record ConnectFailed(int epoch, Throwable error) implements SupervisorInput {
    }

    /** A signal connection closed, errored or went silent beyond the ping timeout. */
    record SignalLost(int epoch, Throwable cause) implements SupervisorInput {
    }

    /** A JoinResponse arrived (checked for the fields the session cannot do without). */
    record JoinAccepted(int epoch, JoinResponse join) implements SupervisorInput {
    }

    /** A ReconnectResponse arrived. */
    record ResumeAccepted(int epoch, ReconnectResponse response) implements SupervisorInput {
    }

    /** A LeaveRequest arrived (possibly instead of a Join/ReconnectResponse). */
    record LeaveReceived(int epoch, LeaveAction action, DisconnectReason reason) implements SupervisorInput {
    }

    /** Something the server sent on connection {@code epoch} makes its attempt impossible (a malformed response). */
    record StepFailed(int epoch, Throwable error) implements SupervisorInput {
    }

    // ---- timers the supervisor armed ----

    /** The named deadline of the attempt on connection {@code epoch} passed. */
    record DeadlineMissed(SupervisorCommand.Deadline deadline, int epoch) implements SupervisorInput {
    }

    /** The backoff before attempt {@code attempt} elapsed. */
    record RetryDue(int attempt) implements SupervisorInput {
    }

    /** The deadline of episode {@code episode} passed. */
    record EpisodeExpired(int episode) implements SupervisorInput {
    }

    /** A transport has been DISCONNECTED for the whole grace period. */
    record GraceExpired(int generation, SignalTarget target) implements SupervisorInput {
    }

    // ---- transports (generation) ----

    /** A transport of this generation exists (the subscriber at join, the publisher on first use). */
    record TransportOpened(int generation, SignalTarget target) implements SupervisorInput {
    }

    /** A transport's aggregate state changed. */
    record TransportStateChanged(int generation, SignalTarget target, PeerState state) implements SupervisorInput {
    }

    /**
     * A transport's local description was set with ICE credentials it did not have before (its first description,
     * or an ICE restart): from now on only evidence about {@code ufrag} says it is connected.
     */
    record CredentialsSet(int generation, SignalTarget target, String ufrag) implements SupervisorInput {
    }

    /** A publisher offer went out with this id. */
    record PublisherOfferSent(int generation, int offerId, boolean iceRestart) implements SupervisorInput {
    }

    /** The server's answer to publisher offer {@code offerId} was applied. */
    record AnswerApplied(int generation, int offerId) implements SupervisorInput {
    }

    /** A server offer on the subscriber was applied and answered. */
    record SubscriberAnswered(int generation, int offerId) implements SupervisorInput {
    }

    /**
     * A look at a transport's ICE stats, taken after the local description with {@code ufrag} was set, found a
     * pair on those credentials that succeeded (selected, or nominated).
     */
    record PathConnected(int generation, SignalTarget target, String ufrag) implements SupervisorInput {
    }

    /**
     * In steady state, the pair a transport uses answered none of the connectivity checks sent on it for
     * {@code silent} ({@code unanswered} checks in a row): its path is dead, long before libwebrtc says
     * DISCONNECTED.
     */
    record PathSilent(int generation, SignalTarget target, java.time.Duration silent, long unanswered)
            implements SupervisorInput {
    }

    /** A negotiation step of a transport failed or missed its deadline. */
    record NegotiationFailed(int generation, SignalTarget target, Throwable error) implements SupervisorInput {
    }

    /** After a full join: every track is published again on this generation's transports. */
    record RepublishCompleted(int generation) implements SupervisorInput {
    }
}
