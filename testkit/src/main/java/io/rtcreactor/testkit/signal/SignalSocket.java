package io.rtcreactor.testkit.signal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.testkit.internal.ServerSchedulers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;

/**
 * The server end of one signal WebSocket. Outgoing frames go through a bounded queue drained by the socket's
 * own event loop; {@link #send} may be called from the server's lane only (one producer). Closing is either
 * clean (a close frame) or abrupt (TCP dropped without one), as the {@code close_signal} fault chooses.
 */
public final class SignalSocket {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id = IDS.incrementAndGet();
    private final SignalCodec codec;
    private final java.util.Queue<WebSocketFrame> queued = Queues.<WebSocketFrame>get(4096).get();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer(queued);
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Sinks.Empty<Void> closed = Sinks.empty();
    private volatile Connection connection;
    /** The close asked for by {@link #close} (code and reason); written once the queued frames have gone out. */
    private volatile Map.Entry<Integer, String> closing;

    SignalSocket(SignalCodec codec) {
        this.codec = codec;
    }

    /** A short id for logs and the timeline. */
    public int id() {
        return id;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Frames queued and not yet written (a flood waits for them to drain). */
    public int pending() {
        return queued.size();
    }

    /** Sends one message; dropped if the socket is closed. */
    public void send(SignalResponse message) {
        sendBytes(codec.encode(message));
    }

    /** Sends raw bytes as one binary frame (the {@code corrupt_frame} fault uses this). */
    public void sendBytes(byte[] frame) {
        if (open.get()) {
            outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
        }
    }

    /**
     * Closes with exactly one close frame, after the frames already queued (a Leave goes out before the close that
     * follows it). LiveKit's server writes one close frame and drops the connection (its WebSocket library,
     * gorilla/websocket, through {@code WSSignalConnection.Close} in {@code pkg/service/wsprotocol.go}); RFC 6455
     * section 5.5.1 forbids sending anything after it.
     */
    public void close(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            closing = Map.entry(code, reason);
            outbound.tryEmitComplete();
            closed.tryEmitEmpty();
        }
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        open.set(false);
        closed.tryEmitEmpty();
        Connection current = connection;
        if (current == null) {
            markClosed();
            return;
        }
        // The outbound stream completes only once the channel is closed: Reactor Netty answers a completed stream
        // with a close frame of its own (1000 "Bye"), which would turn this into a clean close.
        current.channel().close().addListener(done -> markClosed());
    }

    /** Serves the socket: writes queued frames and pings, and returns when the socket is closed. */
    Mono<Void> serve(WebsocketInbound in, WebsocketOutbound out, Duration pingInterval) {
        in.withConnection(c -> this.connection = c);
        // Cancelling the ticker removes its periodic task from the timer's queue under a lock. The socket's event loop
        // (or the lane) must not wait for that lock: BlockHound, on in every test run, throws inside the wait, which
        // leaves the lock broken and every later timer of Reactor's shared scheduler dead. So it is cancelled on a
        // thread that may block.
        Flux<WebSocketFrame> pings = Flux.interval(pingInterval)
                .cancelOn(ServerSchedulers.blocking())
                .map(tick -> (WebSocketFrame) new PingWebSocketFrame())
                .takeUntilOther(closed.asMono());
        // The close frame goes through Reactor Netty's own sendClose, not as one more queued frame: Reactor Netty
        // writes a close frame of its own when the handler completes unless sendClose already wrote one, so a
        // queued CloseWebSocketFrame came out as two close frames (Chromium: "Close received after close").
        return out.sendObject(Flux.merge(outbound.asFlux(), pings)).then()
                .then(Mono.defer(() -> {
                    Map.Entry<Integer, String> close = closing;
                    return close == null ? Mono.<Void>empty() : out.sendClose(close.getKey(), close.getValue());
                }))
                .doFinally(signal -> markClosed());
    }

    /** Marks the socket closed after its client went away. */
    void markClosed() {
        open.set(false);
        outbound.tryEmitComplete();
        closed.tryEmitEmpty();
    }

    @Override
    public String toString() {
        return "socket#" + id;
    }
}
