package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.SignalTarget;

/**
 * Where ICE candidates cross between a participant's server-side PCs and its client. The direct gate passes
 * everything through; the media relay rewrites the server's candidates to its own ports and keeps the client's
 * away from the server's PCs, so that all media passes through it and {@code black_hole_media} can stop it.
 */
public interface CandidateGate {

    /** Passes every candidate and description unchanged. */
    CandidateGate DIRECT = new CandidateGate() {
    };

    /** A server candidate about to be trickled to the client; null to keep it back. */
    default IceCandidate outgoing(SignalTarget target, IceCandidate candidate) {
        return candidate;
    }

    /** A description of the server's {@code target} PC about to be sent to the client. */
    default Sdp outgoing(SignalTarget target, Sdp description) {
        return description;
    }

    /** Whether a client candidate may be added to the server's PC. */
    default boolean acceptRemote(SignalTarget target, IceCandidate candidate) {
        return true;
    }

    /** A client description about to be applied to one of the server's PCs. */
    default Sdp incoming(Sdp description) {
        return description;
    }
}
