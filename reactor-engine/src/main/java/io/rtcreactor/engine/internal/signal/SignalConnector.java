package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.signal.SignalConnectException;
import reactor.core.publisher.Mono;

/** Opens signal connections: {@link SignalClient} over the network, a scripted server in the session's tests. */
@FunctionalInterface
public interface SignalConnector {

    /**
     * Opens a connection to {@code target}; completes once the upgrade succeeded, or fails with a
     * {@link SignalConnectException} that says whether retrying can help.
     */
    Mono<SignalChannel> connect(SignalConnection.Target target);
}
