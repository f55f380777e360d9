package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.SignalRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One open signal connection as the session uses it. {@link SignalConnection} is the real one (a Reactor Netty
 * WebSocket); the session's virtual-time tests script the server behind a fake one.
 */
public interface SignalChannel {

    /** Frames from the server, decoded or reported malformed, in order; completes when the connection ends. */
    Flux<SignalFrame> inbound();

    /** How the connection ended; completes once it has. */
    Mono<SignalClosed> closed();

    /** True until the connection ended or {@link #close()} was called. */
    boolean isOpen();

    /** Queues one message; false if the connection is closing or its queue is full. Never blocks. */
    boolean send(SignalRequest request);

    /** Closes with a close frame. Idempotent. */
    void close();
}
