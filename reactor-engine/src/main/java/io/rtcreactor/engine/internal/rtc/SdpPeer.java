package io.rtcreactor.engine.internal.rtc;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The SDP operations the negotiation actors need from a transport. {@link PeerTransport} is the real one; unit
 * tests drive the actors in virtual time with a scripted one.
 */
public interface SdpPeer {

    String name();

    Mono<Sdp> createOffer(boolean iceRestart);

    Mono<Sdp> createAnswer();

    Mono<Void> setLocalDescription(Sdp description);

    Mono<Void> setRemoteDescription(Sdp description);

    /** Mids and the msid track ids of the transceivers (for {@code mid_to_track_id}). */
    Mono<Map<String, String>> midToTrackId();
}
