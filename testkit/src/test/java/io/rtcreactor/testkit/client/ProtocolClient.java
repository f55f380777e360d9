package io.rtcreactor.testkit.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * A raw LiveKit signalling client for tests: one WebSocket to the testkit's {@code /rtc}, speaking the protocol
 * message by message and judging nothing. It records every frame the server sends, in order and with its arrival
 * time, so a test can assert exactly what a client sees — including frames it cannot decode, a refused upgrade's
 * HTTP status, and whether the connection ended with a close frame.
 *
 * <pre>{@code
 * ProtocolClient alice = ProtocolClient.connect(server.url(), server.token("room", "alice"), ConnectOptions.defaults());
 * JoinResponse join = alice.await(SignalResponse.MessageCase.JOIN).getJoin();
 * alice.send(Requests.pingReq(42));
 * assertThat(alice.await(SignalResponse.MessageCase.PONG_RESP).getPongResp().getLastPingTimestamp()).isEqualTo(42);
 * }</pre>
 *
 * Without {@link ClientMedia} it never answers an offer; with it (see {@link ClientMedia#attach}) it answers
 * subscriber offers, trickles candidates and can publish. Every wait is bounded ({@link #WAIT} unless told) and
 * fails with the list of what did arrive. Frames arrive on a Netty event loop; the recording is thread-safe, the
 * waits are meant for the test thread.
 */
public final class ProtocolClient implements AutoCloseable {

    /** The default bound of every wait: generous, for a loaded two-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(15);

    /** LiveKit's 2 MiB limit, as a real client applies it when decoding. */
    private static final SignalCodec CODEC = SignalCodec.defaults();

    private final String url;
    private final String token;
    private final ConnectOptions options;
    private final long startedNanos = System.nanoTime();
    private final List<Inbound> received = new CopyOnWriteArrayList<>();
    private final List<Outbound> sent = new CopyOnWriteArrayList<>();
    private final Sinks.Many<Inbound> inbound = Sinks.many().replay().all();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Empty<Void> opened = Sinks.empty();
    private final Sinks.One<Integer> refused = Sinks.one();
    private final Sinks.One<Closed> closed = Sinks.one();
    private final AtomicBoolean requestStarted = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean upgraded;
    private volatile Closed ending;
    private volatile Connection connection;
    private volatile Disposable lifetime;
    private volatile ClientMedia media;

    /** One request the client sent, with the time it was handed to the socket. */
    public record Outbound(long atNanos, SignalRequest request) {
    }

    private ProtocolClient(String url, String token, ConnectOptions options) {
        this.url = url;
        this.token = token;
        this.options = options;
    }

    /**
     * Starts connecting to {@code url} (e.g. {@code ws://127.0.0.1:7880}) and returns at once; the outcome is
     * observed with {@link #awaitOpen()}, {@link #awaitRefusal()} or the first message.
     */
    public static ProtocolClient connect(String url, String token, ConnectOptions options) {
        ProtocolClient client = new ProtocolClient(url, token, options);
        client.start();
        return client;
    }

    private void start() {
        HttpClient http = HttpClient.create()
                .doOnRequest((request, conn) -> requestStarted.set(true));
        if (options.tokenInHeader()) {
            http = http.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
        }
        WebsocketClientSpec spec = WebsocketClientSpec.builder().maxFramePayloadLength(options.maxFrameBytes()).build();
        lifetime = http.websocket(spec)
                .uri(url + options.path() + "?" + options.query(token))
                .handle(this::serve)
                .subscribe(null, this::lifetimeEnded, () -> lifetimeEnded(null));
    }

    private Mono<Void> serve(WebsocketInbound in, WebsocketOutbound out) {
        in.withConnection(c -> connection = c);
        in.receiveCloseStatus().subscribe(status -> ended(Closed.of(status.code(), status.reasonText(), System.nanoTime())));
        upgraded = true;
        opened.tryEmitEmpty();
        Mono<Void> reading = in.receiveFrames()
                .doOnNext(this::onFrame)
                .then()
                .doFinally(signal -> completeOutbound());
        return Mono.when(out.sendObject(outbound.asFlux()).then(), reading);
    }

    private void onFrame(WebSocketFrame frame) {
        if (frame instanceof BinaryWebSocketFrame) {
            byte[] bytes = copy(frame.content());
            SignalResponse message = null;
            SignalCodecException error = null;
            try {
                message = CODEC.decodeResponse(bytes);
            } catch (SignalCodecException e) {
                error = e;
            }
            record(bytes.length, message, error);
        } else if (frame instanceof TextWebSocketFrame) {
            int size = frame.content().readableBytes();
            record(size, null, CODEC.textFrame(size));
        }
    }

    private synchronized void record(int bytes, SignalResponse message, SignalCodecException error) {
        Inbound entry = new Inbound(received.size(), System.nanoTime(), bytes, message, error);
        received.add(entry);
        inbound.tryEmitNext(entry);
    }

    private synchronized void lifetimeEnded(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            refused.tryEmitValue(handshake.response().status().code());
        }
        // Whatever happened, the connection is over: waits for messages fail at once instead of timing out.
        ended(Closed.of(Closed.ABNORMAL, error == null ? "" : error.toString(), System.nanoTime()));
    }

    /** The first report of the end wins: a close frame's status is reported before the channel goes inactive. */
    private synchronized void ended(Closed how) {
        if (ending == null) {
            ending = how;
            closed.tryEmitValue(how);
        }
        inbound.tryEmitComplete();
        completeOutbound();
    }

    private synchronized void completeOutbound() {
        closing.set(true);
        outbound.tryEmitComplete();
    }

    private static byte[] copy(ByteBuf content) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        return bytes;
    }

    // ---------------------------------------------------------------------------------------------- identity

    public String url() {
        return url;
    }

    public ConnectOptions options() {
        return options;
    }

    /** {@link System#nanoTime()} when {@link #connect} was called. */
    public long startedNanos() {
        return startedNanos;
    }

    /**
     * The participant sid: from this connection's JoinResponse (awaited), or the sid this connection resumed.
     */
    public String sid() {
        if (options.isResume()) {
            return options.resumeSid();
        }
        return await(SignalResponse.MessageCase.JOIN).getJoin().getParticipant().getSid();
    }

    /** The newest token the server gave this client ({@code refresh_token}), or the one it connected with. */
    public String latestToken() {
        String latest = token;
        for (Inbound entry : received) {
            if (entry.is(SignalResponse.MessageCase.REFRESH_TOKEN)) {
                latest = entry.message().getRefreshToken();
            }
        }
        return latest;
    }

    /** The media attached to this connection, or null. */
    public ClientMedia media() {
        return media;
    }

    void media(ClientMedia value) {
        this.media = value;
    }

    /**
     * Opens a new connection that resumes this participant ({@code reconnect=1&sid=…}) with the newest token, as a
     * LiveKit client does; attached media moves to it. This connection is left as it is.
     */
    public ProtocolClient resume() {
        ProtocolClient next = connect(url, latestToken(), options.withResume(sid(), ConnectOptions.SIGNAL_DISCONNECTED));
        ClientMedia current = media;
        if (current != null) {
            current.attach(next);
        }
        return next;
    }

    /** Opens a new connection that joins afresh with the same token (a full reconnect); media is not carried. */
    public ProtocolClient rejoin() {
        return connect(url, latestToken(), options.withoutResume());
    }

    // ---------------------------------------------------------------------------------------------- upgrade

    /** Waits until the WebSocket upgrade succeeded; fails with the HTTP status if it was refused. */
    public ProtocolClient awaitOpen() {
        Object outcome = Mono.firstWithValue(opened.asMono().thenReturn((Object) "open"),
                        refused.asMono().map(status -> (Object) ("refused with HTTP " + status)),
                        closed.asMono().map(how -> (Object) ("ended before the upgrade: " + how)))
                .timeout(WAIT, Mono.just("nothing"))
                .onErrorReturn("nothing")
                .block();
        if (!"open".equals(outcome)) {
            throw new AssertionError("the upgrade did not succeed within " + WAIT + ": " + outcome);
        }
        return this;
    }

    /** Waits for the upgrade to be refused and returns its HTTP status. */
    public int awaitRefusal() {
        Integer status = refused.asMono().timeout(WAIT, Mono.empty()).block();
        if (status == null) {
            throw new AssertionError("the upgrade was not refused within " + WAIT + " (open: " + isOpen()
                    + ", received: " + summary() + ")");
        }
        return status;
    }

    /** True once the HTTP request was about to be written: the server accepted the TCP connection. */
    public boolean requestStarted() {
        return requestStarted.get();
    }

    /** True while the upgrade succeeded and the connection has not ended. */
    public boolean isOpen() {
        return upgraded && ending == null;
    }

    /** True once the upgrade succeeded (whether or not the connection has ended since). */
    public boolean wasOpened() {
        return upgraded;
    }

    // ---------------------------------------------------------------------------------------------- inbound

    /** Every frame so far, then every later one; completes when the connection ends. */
    public Flux<Inbound> inbound() {
        return inbound.asFlux();
    }

    /** The frames received so far, in order. */
    public List<Inbound> received() {
        return List.copyOf(received);
    }

    /** The decoded messages received so far, in order. */
    public List<SignalResponse> messages() {
        return received.stream().filter(Inbound::decoded).map(Inbound::message).toList();
    }

    /** Waits for the first message (since connecting) of that type. */
    public SignalResponse await(SignalResponse.MessageCase type) {
        return await(type.name().toLowerCase(java.util.Locale.ROOT), m -> m.getMessageCase() == type);
    }

    /** Waits for the first message (since connecting) that matches. */
    public SignalResponse await(String what, Predicate<SignalResponse> matching) {
        return awaitFrame(what, entry -> entry.decoded() && matching.test(entry.message()), WAIT).message();
    }

    /** Waits for the first frame (since connecting) that matches, within {@code within}. */
    public Inbound awaitFrame(String what, Predicate<Inbound> matching, Duration within) {
        Inbound found = inbound.asFlux().filter(matching).next().timeout(within, Mono.empty()).block();
        if (found == null) {
            throw new AssertionError("no " + what + " within " + within + (closedNow() ? " (connection ended)" : "")
                    + "; received " + summary());
        }
        return found;
    }

    /** Waits for the first {@code count} messages (since connecting) that match. */
    public List<Inbound> awaitFrames(String what, Predicate<Inbound> matching, int count) {
        List<Inbound> found = inbound.asFlux().filter(matching).take(count).collectList()
                .timeout(WAIT, Mono.empty()).block();
        if (found == null || found.size() < count) {
            throw new AssertionError("fewer than " + count + " " + what + " within " + WAIT + "; received " + summary());
        }
        return found;
    }

    /** Waits for {@code count} messages of that type, from the first one on. */
    public List<SignalResponse> awaitCount(SignalResponse.MessageCase type, int count) {
        return awaitFrames(count + " × " + type, entry -> entry.is(type), count).stream().map(Inbound::message).toList();
    }

    /** Fails if a matching frame arrives (or has arrived) within {@code during}; returns early if the connection ends. */
    public void expectNone(String what, Predicate<Inbound> matching, Duration during) {
        Inbound found = inbound.asFlux().filter(matching).next().timeout(during, Mono.empty()).block();
        if (found != null) {
            throw new AssertionError("unexpected " + what + ": " + found.label() + "; received " + summary());
        }
    }

    /** The received frames as short labels, for failure messages. */
    public String summary() {
        return received.stream().map(Inbound::label).collect(Collectors.joining(", ", "[", "]"));
    }

    // ---------------------------------------------------------------------------------------------- outbound

    /** Sends one request as a binary frame; false if the connection is not open (nothing is sent). */
    public boolean send(SignalRequest request) {
        boolean queued = sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(CODEC.encode(request))));
        if (queued) {
            sent.add(new Outbound(System.nanoTime(), request));
        }
        return queued;
    }

    /** Sends raw bytes as one binary frame (bad input for the server). */
    public boolean sendRaw(byte[] frame) {
        return sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    /** Sends a text frame (LiveKit's binary protocol never does). */
    public boolean sendText(String text) {
        return sendFrame(new TextWebSocketFrame(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
    }

    /** The requests sent so far, in order. */
    public List<Outbound> sent() {
        return List.copyOf(sent);
    }

    private synchronized boolean sendFrame(WebSocketFrame frame) {
        if (closing.get() || !wasOpened()) {
            frame.release();
            return false;
        }
        return outbound.tryEmitNext(frame).isSuccess();
    }

    // ---------------------------------------------------------------------------------------------- closing

    /** Waits until the connection ended, and tells how. */
    public Closed awaitClosed() {
        return awaitClosed(WAIT);
    }

    public Closed awaitClosed(Duration within) {
        Closed result = closed.asMono().timeout(within, Mono.empty()).block();
        if (result == null) {
            throw new AssertionError("the connection did not end within " + within + "; received " + summary());
        }
        return result;
    }

    /** Fails if the connection ends within {@code during}. */
    public void expectOpenFor(Duration during) {
        Closed result = closed.asMono().timeout(during, Mono.empty()).block();
        if (result != null) {
            throw new AssertionError("the connection ended within " + during + ": " + result + "; received " + summary());
        }
    }

    /** True once the connection ended. */
    public boolean closedNow() {
        return ending != null;
    }

    /** Closes with a close frame (1000), waits a little for the server's echo, then drops the connection. */
    @Override
    public void close() {
        boolean sendFrame;
        synchronized (this) {
            sendFrame = !closing.get() && wasOpened();
            if (sendFrame) {
                outbound.tryEmitNext(new CloseWebSocketFrame(1000, "client closing"));
            }
            completeOutbound();
        }
        if (sendFrame) {
            closed.asMono().timeout(Duration.ofSeconds(2), Mono.empty()).onErrorResume(e -> Mono.empty()).block();
        }
        dispose();
    }

    /** Drops the TCP connection without a close frame. */
    public void abort() {
        completeOutbound();
        dispose();
    }

    private void dispose() {
        Connection current = connection;
        if (current != null) {
            current.dispose();
        }
        Disposable life = lifetime;
        if (life != null) {
            life.dispose();
        }
    }

    @Override
    public String toString() {
        return "ProtocolClient{" + options.path() + (options.isResume() ? " resume " + options.resumeSid() : "")
                + ", received " + summary() + "}";
    }
}
