package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.Session;
import io.rtcreactor.engine.internal.rtc.NativeRuntime;
import io.rtcreactor.engine.internal.signal.SignalClient;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.internal.signal.Tls;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.stream.ByteStream;
import io.rtcreactor.engine.stream.ChatMessage;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.stream.Topics;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A LiveKit room joined as a participant. Connect with {@link #connect(String, String, RoomOptions)}; watch
 * {@link #states()} and {@link #events()}; publish audio through {@link #localParticipant()}; send and receive
 * data; {@link #disconnect()} when done.
 *
 * <p>The room recovers by itself from a server moving it (migration), a lost signal connection, failed
 * transports and every fault of docs/faults.md: it resumes the session where it can, reconnects fully where it
 * must, and ends in {@link ConnectionState#CONNECTED} or {@link ConnectionState#DISCONNECTED} within the reconnect
 * policy's deadline. {@link RoomEvent.Reconnected} means recovered: signal up, transports connected on their new
 * ICE credentials, tracks published.
 *
 * <p>{@link #events()} is hot: an event is seen only by those subscribed when it happens. Create the room,
 * subscribe and register RPC methods, then connect, so that nothing of the join is missed:
 *
 * <pre>{@code
 * Room room = Room.create("wss://example.livekit.cloud", token, RoomOptions.defaults());
 * room.events().subscribe(event -> log.info("{}", event));
 * room.localParticipant().registerRpcMethod("echo", call -> Mono.just(call.payload()));
 * room.connect()
 *     .flatMap(r -> r.localParticipant().publishAudio(pcmFrames, AudioPublishOptions.defaults()))
 *     .subscribe();
 * }</pre>
 *
 * <p>{@link #connect(String, String, RoomOptions)} does both steps at once, for code that needs no event of the
 * join: what it missed is still in {@link #remoteParticipants()}.
 *
 * <p>A room is used once: after it ended (by {@link #disconnect()} or by itself) every operation fails with a
 * {@link RoomDisconnectedException} naming why; create a new room to join again.
 */
public final class Room {

    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final Session session;
    private final LocalParticipant local;

    private Room(Session session) {
        this.session = session;
        this.local = new LocalParticipant(session);
    }

    /**
     * Joins the room named in {@code token}. Completes when connected; fails with a {@link RtcReactorException}
     * that says why (a rejected token fails at once, without retrying). The token is never logged.
     *
     * @param url   the server, e.g. {@code wss://…} or {@code http://127.0.0.1:7880}
     * @param token an access token with {@code roomJoin}
     */
    public static Mono<Room> connect(String url, String token, RoomOptions options) {
        return Mono.defer(() -> create(url, token, options).connect());
    }

    /**
     * A room not yet joined: subscribe to {@link #events()} and {@link #states()} first, then {@link #connect()},
     * to see every event from the very first one (events are hot).
     */
    public static Room create(String url, String token, RoomOptions options) {
        return new Room(new Session(url, token, options, "session-" + SESSIONS.incrementAndGet(),
                new SignalClient(SignalCodec.defaults())));
    }

    /** Joins; completes with this room once connected (see {@link #connect(String, String, RoomOptions)}). */
    public Mono<Room> connect() {
        RoomOptions options = session.options();
        RtcRuntime own = options.rtcRuntime();
        Mono<RtcRuntime> runtime = own != null ? Mono.fromCallable(own::retain) : RtcRuntime.shared();
        // A TLS context reads its trust store from disk: built here, where blocking is allowed, not on a lane.
        Mono<Void> tls = Tls.secure(session.url()) ? Tls.prepare(options.tlsTrust()) : Mono.empty();
        return SignalClient.prepare().then(tls).then(runtime)
                .flatMap(rt -> session.start(NativeRuntime.of(rt), rt.release()).thenReturn(this)
                        // Given up by the application (its timeout(), a dispose): leave, once the cancel has
                        // reached the session (doFinally runs after it went upstream; doOnCancel ran before, and the
                        // session's "not connected" error could then still reach the cancelled subscriber and be
                        // dropped). The disconnect may end in an error (it did not finish within disconnectTimeout,
                        // and goes on in the background); nobody waits for it here, so it is logged rather than
                        // dropped to Reactor's onErrorDropped, which prints an unhandled ERROR with a stack trace.
                        .doFinally(signal -> {
                            if (signal == SignalType.CANCEL) {
                                session.disconnect().subscribe(null, e -> LOG.info(
                                        "{}: the join was given up; leaving goes on in the background ({})",
                                        session.name(), e.getMessage()));
                            }
                        }));
    }

    /** The connection state; replays the latest to each subscriber. */
    public Flux<ConnectionState> states() {
        return session.hub().states();
    }

    /** The current connection state. */
    public ConnectionState state() {
        return session.hub().state();
    }

    /**
     * Everything that happens, as past-tense records. Hot; each subscriber has a buffer of the options'
     * {@code eventBuffer} events and loses the oldest beyond it (counted in {@link #droppedEvents()}).
     */
    public Flux<RoomEvent> events() {
        return session.hub().events();
    }

    /**
     * The events of one type, e.g. {@code room.events(RoomEvent.Reconnected.class)}: {@link #events()} filtered, so
     * that a Java 17 application need not write an {@code instanceof} chain for the one or two it acts on. Hot, like
     * {@link #events()}: subscribe before {@link #connect()} to see the first ones.
     */
    public <T extends RoomEvent> Flux<T> events(Class<T> type) {
        return events().ofType(type);
    }

    /** Events dropped because a subscriber fell behind. */
    public long droppedEvents() {
        return session.hub().droppedEvents();
    }

    /** User data packets from other participants; hot, bounded like {@link #events()}. */
    public Flux<DataReceived> dataReceived() {
        return session.hub().data();
    }

    /**
     * Sends a data packet; completes once it is handed to a data channel (after a reconnect, if one is under way).
     * Cancelled before the engine took it (a {@code timeout()}, a disposed subscription), nothing is sent; once taken,
     * a reliable packet is delivered, since it holds its place in the sequence receivers check for gaps. Fails at once
     * with {@link PermissionDeniedException} if the server's permission says this participant may not send data
     * (LiveKit's server would drop the packet without a word).
     */
    public Mono<Void> publishData(byte[] payload, DataOptions options) {
        return session.publishData(payload, options);
    }

    /**
     * Receives the text streams other participants send on {@code topic} (LiveKit's
     * {@code registerTextStreamHandler}): {@code handler} gets each one as its header arrives, on the callback
     * scheduler, and reads its chunks from {@link TextStream#chunks()}. Streams on a topic without a handler are
     * ignored, as LiveKit's clients ignore them. One handler per topic: registering a second fails with an
     * {@link IllegalStateException}. May be called before {@code connect()}.
     */
    public void registerTextStreamHandler(String topic, Consumer<TextStream> handler) {
        session.registerTextStreamHandler(Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(handler, "handler"));
    }

    /** Stops receiving text streams on {@code topic}; streams already open go on. */
    public void unregisterTextStreamHandler(String topic) {
        session.unregisterTextStreamHandler(topic);
    }

    /** Receives byte streams on {@code topic}; as {@link #registerTextStreamHandler}. */
    public void registerByteStreamHandler(String topic, Consumer<ByteStream> handler) {
        session.registerByteStreamHandler(Objects.requireNonNull(topic, "topic"),
                Objects.requireNonNull(handler, "handler"));
    }

    /** Stops receiving byte streams on {@code topic}; streams already open go on. */
    public void unregisterByteStreamHandler(String topic) {
        session.unregisterByteStreamHandler(topic);
    }

    /**
     * The text streams arriving on {@code topic}, as a {@code Flux}: subscribing registers the topic's handler,
     * cancelling unregisters it (so one subscriber per topic); it completes when the session ends. Incoming streams wait in memory until requested.
     */
    public Flux<TextStream> textStreams(String topic) {
        return Flux.create(sink -> {
            registerTextStreamHandler(topic, sink::next);
            sink.onDispose(() -> unregisterTextStreamHandler(topic));
        }).takeUntilOther(ended().thenReturn(Boolean.TRUE)).cast(TextStream.class);
    }

    /** The byte streams arriving on {@code topic}; as {@link #textStreams}. */
    public Flux<ByteStream> byteStreams(String topic) {
        return Flux.create(sink -> {
            registerByteStreamHandler(topic, sink::next);
            sink.onDispose(() -> unregisterByteStreamHandler(topic));
        }).takeUntilOther(ended().thenReturn(Boolean.TRUE)).cast(ByteStream.class);
    }

    /**
     * Chat messages from the others, both kinds LiveKit's clients send: text streams on {@code lk.chat} (each read
     * whole, its id the stream's) and legacy {@code chat_message} packets. Subscribing takes the {@code lk.chat}
     * text stream handler (see {@link #textStreams}); a stream that breaks is left out.
     */
    public Flux<ChatMessage> chatMessages() {
        Flux<ChatMessage> streams = textStreams(Topics.CHAT).flatMap(stream -> stream.readAll()
                .map(text -> new ChatMessage(stream.info().id(), stream.info().timestamp(), text,
                        stream.info().senderIdentity(), false, false, false))
                .onErrorResume(StreamBrokenException.class, broken -> Mono.empty()));
        Flux<ChatMessage> legacy = events().ofType(RoomEvent.ChatMessageReceived.class)
                .map(RoomEvent.ChatMessageReceived::message);
        return Flux.merge(streams, legacy);
    }

    /**
     * Transcription segments from the others, both kinds LiveKit's agents send: text streams on
     * {@code lk.transcription} (one segment each, final as its trailer or header says) and legacy
     * {@code transcription} packets. Subscribing takes the {@code lk.transcription} text stream handler.
     */
    public Flux<TranscriptionSegment> transcriptions() {
        Flux<TranscriptionSegment> streams = textStreams(Topics.TRANSCRIPTION).flatMap(stream -> stream.readAll()
                .zipWith(stream.ended(), (text, ended) -> new TranscriptionSegment(ended.senderIdentity(),
                        ended.attributes().getOrDefault(Topics.TRANSCRIBED_TRACK_ID, ""),
                        ended.attributes().getOrDefault(Topics.SEGMENT_ID, ended.id()), text,
                        !"false".equals(ended.attributes().get(Topics.TRANSCRIPTION_FINAL)), ""))
                .onErrorResume(StreamBrokenException.class, broken -> Mono.empty()));
        Flux<TranscriptionSegment> legacy = events().ofType(RoomEvent.TranscriptionReceived.class)
                .flatMapIterable(RoomEvent.TranscriptionReceived::segments);
        return Flux.merge(streams, legacy);
    }

    /**
     * Subscribes to a remote track, whatever {@link RoomOptions#autoSubscribe()} chose; completes once the server
     * was asked. Its audio arrives as {@link RoomEvent.TrackSubscribed}. Fails if no participant publishes it, and
     * with {@link PermissionDeniedException} if the server's permission says this participant may not subscribe.
     */
    public Mono<Void> subscribe(TrackPublication track) {
        return session.setSubscribed(track.sid(), true);
    }

    /**
     * Unsubscribes from a remote track: its audio ends at once ({@link RoomEvent.TrackUnsubscribed}) and the engine
     * does not subscribe to it again on its own, not even after a reconnect.
     */
    public Mono<Void> unsubscribe(TrackPublication track) {
        return session.setSubscribed(track.sid(), false);
    }

    public LocalParticipant localParticipant() {
        return local;
    }

    /**
     * The remote audio tracks subscribed now, each with its publisher's identity and sid (a snapshot, safe from any
     * thread). What a subscriber of {@link #events()} that came after the {@link RoomEvent.TrackSubscribed} needs:
     * the caller's audio is here whenever it is subscribed, and {@link RemoteAudioTrack#frames()} can be listened to
     * at any time.
     */
    public List<RemoteAudioTrack> remoteAudioTracks() {
        return session.audioTracks();
    }

    /** The other participants, by identity (a snapshot). */
    public Map<String, RemoteParticipant> remoteParticipants() {
        return session.participants();
    }

    public String name() {
        return session.roomName();
    }

    public String sid() {
        return session.roomSid();
    }

    /**
     * Leaves: sends {@code leave{CLIENT_INITIATED}} if the signal connection is open, closes both transports and
     * releases every native object. Ends within the options' {@code disconnectTimeout} (default 2 s), even if a
     * step is stuck: completes when the session has ended cleanly, or fails with
     * {@link DisconnectIncompleteException} when it could not finish in time (it then goes on ending in the
     * background; {@link #ended()} completes once it has). A JVM that is stopping (SIGTERM, Ctrl-C,
     * {@code System.exit}) leaves every room still joined on its own, from a shutdown hook.
     */
    public Mono<Void> disconnect() {
        return session.disconnect();
    }

    /**
     * The room's end: its {@link RoomEvent.Disconnected} (why, and the error if one ended it), once the session has
     * ended and released every native object. Also for a subscriber that came after the event.
     */
    public Mono<RoomEvent.Disconnected> ended() {
        return session.ended();
    }

    /**
     * The session's flight recorder: its last signal messages both ways, state changes and reconnect episodes (never
     * payloads, SDP bodies or tokens; {@link RoomOptions#flightRecorder()} entries). The same is logged at WARN when
     * the session ends other than by {@link #disconnect()}. Safe from any thread, also after the end.
     */
    public Diagnostics diagnostics() {
        return session.diagnostics();
    }

    @Override
    public String toString() {
        return "Room{" + session.roomName() + ", " + session.identity() + ", " + state() + "}";
    }
}
