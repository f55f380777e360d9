package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.RtcRuntime;
import reactor.core.publisher.Mono;

/** Makes peer connections: an {@link RtcRuntime} in production, a scripted factory in the session's tests. */
@FunctionalInterface
public interface PeerFactory {

    /**
     * Opens a peer connection.
     *
     * @param role a short name for logs and events, e.g. {@code session-1-publisher}
     */
    Mono<Peer> open(AudioPath path, String role, IcePolicy ice);
}
