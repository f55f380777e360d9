package io.rtcreactor.engine.internal.signal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rtcreactor.engine.TlsTrust;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.signal.SignalCodecException;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import reactor.util.concurrent.Queues;

/**
 * One signal WebSocket to a LiveKit server (Reactor Netty). {@link #inbound()} carries every frame decoded or
 * reported malformed, then completes when the socket ends; {@link #closed()} tells how it ended. Outgoing
 * messages go through a bounded queue: {@link #send} never blocks, it refuses when the queue is full.
 *
 * <p>Protocol rules: "one WebSocket binary message = one protobuf message"; the token travels as
 * {@code Authorization: Bearer}; "When the upgrade fails, GET /rtc/validate with the same query returns 200
 * success or an error status with a text body … 401/403 are final".
 */
public final class SignalConnection implements SignalChannel {

    private static final Logger LOG = LoggerFactory.getLogger(SignalConnection.class);
    private static final int INBOUND_CAPACITY = 8192;
    /**
     * A server that sends faster than the session handles (a flood of updates or trickles) is read no further until
     * the session caught up: TCP pushes back on the server, and no message is ever dropped. The margin above
     * HIGH_WATER covers what the socket had already read when reading paused.
     */
    private static final int HIGH_WATER = 2048;
    private static final int LOW_WATER = 512;

    private final SignalCodec codec;
    private final Sinks.Many<WebSocketFrame> outbound;
    private final Sinks.Many<SignalFrame> inbound =
            Sinks.many().unicast().onBackpressureBuffer(Queues.<SignalFrame>get(INBOUND_CAPACITY).get());
    /** Frames decoded and not yet taken by the session: reading the socket pauses above HIGH_WATER. */
    private final java.util.concurrent.atomic.AtomicInteger unread = new java.util.concurrent.atomic.AtomicInteger();
    private final Sinks.One<SignalClosed> closed = Sinks.one();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** {@link #close} (a clean close) was asked for: one close frame follows the queued messages. */
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile Connection connection;
    private volatile Disposable lifetime;

    private SignalConnection(SignalCodec codec, int outboundCapacity) {
        this.codec = codec;
        this.outbound = Sinks.many().unicast().onBackpressureBuffer(Queues.<WebSocketFrame>get(outboundCapacity).get());
    }

    /** What to open. {@code query} must not contain the token. */
    public record Target(String baseUrl, Map<String, String> query, String token, Duration connectTimeout,
                         int outboundCapacity, TlsTrust trust) {
        @Override
        public String toString() {
            return "Target{" + SignalUrl.websocket(baseUrl, query) + ", token=<hidden>}";
        }
    }

    /**
     * Opens a connection; completes once the upgrade succeeded. A refused upgrade becomes a
     * {@link SignalConnectException} carrying {@code /rtc/validate}'s explanation.
     */
    public static Mono<SignalConnection> open(Target target, SignalCodec codec) {
        URI uri = SignalUrl.websocket(target.baseUrl(), target.query());
        HttpClient client = Tls.client(target.trust(), uri)
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + target.token()));
        // Frames above the codec's limit must still arrive so the codec can refuse them as one bad frame;
        // Netty drops the whole connection only beyond twice that.
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(aggregateLimit(codec)).build();
        return Mono.<SignalConnection>create(sink -> {
            SignalConnection connection = new SignalConnection(codec, target.outboundCapacity());
            AtomicBoolean opened = new AtomicBoolean();
            Disposable lifetime = client.websocket(spec).uri(uri)
                    .handle((in, out) -> {
                        opened.set(true);
                        connection.attach(in);
                        sink.success(connection);
                        return connection.serve(in, out);
                    })
                    .subscribe(null, error -> {
                        if (!opened.get()) {
                            sink.error(error);
                        }
                        connection.ended(error);
                    }, () -> connection.ended(null));
            connection.lifetime = lifetime;
            sink.onCancel(() -> {
                if (!opened.get()) {
                    lifetime.dispose();
                }
            });
        })
                .timeout(target.connectTimeout(), Mono.error(() -> new SignalConnectException(
                        SignalConnectException.Kind.TIMEOUT, 0, "the signal connection to " + uri.getHost() + ":"
                        + uri.getPort() + " was not established within " + target.connectTimeout().toMillis()
                        + " ms (no answer to the WebSocket upgrade)", new TimeoutException())))
                .onErrorResume(error -> Mono.error(classify(error, target, uri)));
    }

    private static Throwable classify(Throwable error, Target target, URI uri) {
        if (error instanceof SignalConnectException) {
            return error;
        }
        if (error instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            int status = handshake.response().status().code();
            return new PendingValidation(status, error);
        }
        SSLException tls = tlsCause(error);
        if (tls != null) {
            return new SignalConnectException(SignalConnectException.Kind.TLS, 0, tlsMessage(tls, target, uri), error);
        }
        return new SignalConnectException(SignalConnectException.Kind.NETWORK, 0,
                "cannot reach the signal server at " + uri.getHost() + ":" + uri.getPort() + ": " + error, error);
    }

    private static SSLException tlsCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
        }
        return null;
    }

    /** Names what failed (trust or host name) and the fix; the JDK's own reason is the deepest cause's message. */
    private static String tlsMessage(SSLException error, Target target, URI uri) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = String.valueOf(root.getMessage());
        String server = uri.getHost() + ":" + uri.getPort();
        String lower = reason.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("subject alternative name") || lower.contains("no name matching")) {
            return "TLS to " + server + " failed: the server's certificate is not for host '" + uri.getHost() + "' ("
                    + reason + "); connect with a host name the certificate names";
        }
        if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("unable to find valid")) {
            return "TLS to " + server + " failed: the server's certificate is not trusted by "
                    + target.trust().description() + " (" + reason + "); if this server is yours, trust its"
                    + " certificate or CA with RoomOptions.withTlsTrust(TlsTrust.pem(path))";
        }
        return "TLS to " + server + " failed: " + reason + " (trusting " + target.trust().description() + ")";
    }

    /**
     * A refused upgrade, before {@code /rtc/validate} was asked why. {@link SignalClient} turns it into a
     * {@link SignalConnectException} with the server's explanation.
     */
    static final class PendingValidation extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        PendingValidation(int status, Throwable cause) {
            super("upgrade refused with HTTP " + status, cause, false, false);
            this.status = status;
        }
    }

    /** Frames from the server, in order; completes when the connection ends. One subscriber. */
    @Override
    public Flux<SignalFrame> inbound() {
        return inbound.asFlux().doOnNext(frame -> {
            if (unread.decrementAndGet() == LOW_WATER) {
                reading(true);
            }
        });
    }

    /** Resumes or pauses reading the socket (Netty's auto-read; a paused socket leaves data in the kernel). */
    private void reading(boolean on) {
        Connection current = connection;
        if (current != null) {
            current.channel().config().setAutoRead(on);
        }
    }

    /** How the connection ended; completes once it has. */
    @Override
    public Mono<SignalClosed> closed() {
        return closed.asMono();
    }

    /** True until the connection ended or {@link #close()} was called. */
    @Override
    public boolean isOpen() {
        return !closing.get() && !finished.get();
    }

    /**
     * Queues one message. Returns false if the connection is closing or the queue is full (the caller decides
     * what that means: the session keeps the message and sends it first on the next connection). Call from one
     * thread at a time.
     */
    @Override
    public boolean send(SignalRequest request) {
        if (closing.get()) {
            return false;
        }
        byte[] bytes = codec.encode(request);
        return outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes))).isSuccess();
    }

    /**
     * Closes with one close frame (1000) after the messages already queued (a Leave goes out before it). Further
     * sends are refused. Idempotent.
     */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            closeRequested.set(true);
            outbound.tryEmitComplete();
        }
    }

    /** Drops the connection at once, without a close frame (a connection we abandon as dead). */
    public void abort() {
        closing.set(true);
        outbound.tryEmitComplete();
        Connection current = connection;
        if (current != null) {
            current.dispose();
        }
        Disposable life = lifetime;
        if (life != null) {
            life.dispose();
        }
        ended(null);
    }

    private void attach(WebsocketInbound in) {
        in.withConnection(c -> this.connection = c);
        in.receiveCloseStatus().subscribe(status -> {
            finished.set(true);
            closed.tryEmitValue(new SignalClosed(status.code(), status.reasonText(), closing.get()));
        });
    }

    private Mono<Void> serve(WebsocketInbound in, WebsocketOutbound out) {
        // A message may arrive as a binary frame and continuation frames (RFC 6455 section 5.4; LiveKit's server
        // writes large messages in pieces of its write buffer): they are joined into one message before decoding,
        // up to twice the codec's limit so that a message above the limit still arrives and is refused as one
        // bad message; an absurd one ends the connection.
        Mono<Void> reading = in.aggregateFrames(aggregateLimit(codec)).receiveFrames()
                .doOnNext(this::onFrame)
                .then()
                .doFinally(signal -> outbound.tryEmitComplete());
        // The close frame goes through Reactor Netty's sendClose, which records that one was sent: a close frame
        // queued as one more message was followed by a second one of Reactor Netty's own when the server answered
        // the first (RFC 6455 section 5.5.1: nothing may follow a close frame).
        Mono<Void> writing = out.sendObject(outbound.asFlux()).then()
                .then(Mono.defer(() -> closeRequested.get() && !finished.get()
                        ? out.sendClose(1000, "client closing") : Mono.<Void>empty()));
        return Mono.when(writing, reading);
    }

    /** The largest message assembled from fragments: twice the codec's limit, as for a single frame. */
    static int aggregateLimit(SignalCodec codec) {
        return (int) Math.min(Integer.MAX_VALUE - 8, 2L * codec.maxResponseBytes());
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame binary) {
            ByteBuf content = binary.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            SignalFrame decoded;
            try {
                decoded = new SignalFrame.Message(codec.decodeResponse(bytes));
            } catch (SignalCodecException e) {
                decoded = new SignalFrame.Malformed(e);
            }
            emit(decoded);
        } else if (frame instanceof TextWebSocketFrame text) {
            emit(new SignalFrame.Malformed(codec.textFrame(text.content().readableBytes())));
        }
    }

    private void emit(SignalFrame frame) {
        reactor.core.publisher.Sinks.EmitResult result = inbound.tryEmitNext(frame);
        if (result.isSuccess()) {
            if (unread.incrementAndGet() == HIGH_WATER) {
                reading(false);
                // The session may have drained past LOW_WATER (and resumed) before this pause took effect.
                if (unread.get() <= LOW_WATER) {
                    reading(true);
                }
            }
        } else if (result == reactor.core.publisher.Sinks.EmitResult.FAIL_OVERFLOW) {
            LOG.warn("signal inbound buffer full; a frame was dropped");
        } else if (result.isFailure()) {
            // The connection is being closed (the session left or retired it): nothing reads it any more.
            LOG.debug("a frame arrived on a connection being closed ({}); dropped", result);
        }
    }

    private void ended(Throwable error) {
        finished.set(true);
        closed.tryEmitValue(new SignalClosed(-1, error == null ? "connection ended" : String.valueOf(error),
                closing.get()));
        inbound.tryEmitComplete();
        outbound.tryEmitComplete();
    }
}
