package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import java.util.Map;

/** What a participant's server-side media reports to the participant; every call arrives on the server's lane. */
public interface MediaListener {

    /** A server candidate gathered for {@code target}; to be trickled to the client. */
    void candidateGathered(SignalTarget target, IceCandidate candidate);

    /** A subscriber offer was made and applied locally; to be sent. */
    void subscriberOfferReady(int offerId, Sdp offer, Map<String, String> midToTrackId);

    /** The client's answer to subscriber offer {@code offerId} was applied. */
    void subscriberAnswerApplied(int offerId);

    /** A client answer was ignored (stale or duplicate id). */
    void subscriberAnswerDropped(int answerId, String reason);

    /** The client's publisher offer {@code offerId} was applied and answered; the answer is to be sent. */
    void publisherAnswerReady(int offerId, Sdp offer, Sdp answer);

    /** A server peer connection changed state. */
    void transportStateChanged(SignalTarget target, PeerState state);

    /** The client's publisher PC delivered a track; {@code trackId} is its msid track id (LiveKit's cid). */
    void trackArrived(String mid, String trackId, RemoteAudio audio);

    /** A data packet arrived on one of the client's channels ({@code _reliable} or {@code _lossy}). */
    void dataArrived(String label, byte[] data);

    /** A server-side negotiation step failed or missed its deadline. */
    void negotiationFailed(SignalTarget target, String step, Throwable error);
}
