package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.IcePolicy;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One peer connection as the session drives it. {@link PeerTransport} is the real one (webrtc-java); the session's
 * virtual-time tests run the whole pipeline against scripted ones. Operations are {@link Mono}s without deadlines
 * of their own: the caller applies a named timeout.
 */
public interface Peer extends SdpPeer {

    /** Which factory it lives on: SEND for a client's publisher, RECEIVE for its subscriber. */
    AudioPath path();

    /** Everything the connection reports, in order; one subscriber. */
    Flux<TransportEvent> events();

    /** Adds a remote candidate now, or once a remote description of its ICE generation is applied. */
    Mono<Void> addIceCandidate(IceCandidate candidate);

    /** Replaces the STUN/TURN servers and the candidate policy; takes effect at the next ICE restart. */
    Mono<Void> setIcePolicy(IcePolicy policy);

    /** Opens a data channel. */
    Mono<DataChannel> createDataChannel(String label, boolean ordered, int maxRetransmits);

    /** A channel by label (whichever side opened it), or null. */
    DataChannel channel(String label);

    /** Adds an audio track this side sends. */
    Mono<LocalAudio> addAudioTrack(String trackId, List<String> streamIds);

    /** Stops sending a track. */
    Mono<Void> removeAudioTrack(LocalAudio audio);

    /** Where ICE stands now, read from the connection's stats (see {@link IcePath}). */
    Mono<IcePath> icePath();

    boolean isClosed();

    /** Closes the connection and releases everything behind it. Idempotent. */
    Mono<Void> close();
}
