package io.rtcreactor.testkit;

import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.console.ConsoleRoutes;
import io.rtcreactor.testkit.control.ControlApi;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.internal.ServerSchedulers;
import io.rtcreactor.testkit.media.MediaRelay;
import io.rtcreactor.testkit.room.RoomRegistry;
import io.rtcreactor.testkit.room.ServerContext;
import io.rtcreactor.testkit.signal.RtcEndpoint;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A LiveKit-compatible server for tests, on loopback: real WebSocket signalling, real server-side peer
 * connections, audio and data forwarding, JWT checks, resume and migration, and every fault of FAULTS.md on
 * demand ({@link #fault}, or JSON under {@code /_testkit/}).
 *
 * <pre>{@code
 * LoopbackServer server = LoopbackServer.start(TestkitOptions.defaults()).block();
 * String token = server.token("room-1", "agent");
 * // … connect a client to server.url() …
 * server.fault("room-1", "agent", new Fault.Migrate(Duration.ofSeconds(3))).block();
 * server.close().block();
 * }</pre>
 *
 * The server keeps its own WebRTC runtime (two factories and their native threads), separate from any engine
 * session in the same process, and releases it on {@link #close()}.
 */
public final class LoopbackServer {

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackServer.class);

    private final TestkitOptions options;
    private final DisposableServer http;
    private final RtcRuntime runtime;
    private final Scheduler lane;
    private final Scheduler audioPump;
    private final RoomRegistry registry;
    private final ControlApi control;

    private LoopbackServer(TestkitOptions options, DisposableServer http, RtcRuntime runtime, Scheduler lane,
                           Scheduler audioPump, RoomRegistry registry, ControlApi control) {
        this.options = options;
        this.http = http;
        this.runtime = runtime;
        this.lane = lane;
        this.audioPump = audioPump;
        this.registry = registry;
        this.control = control;
    }

    /** Starts a server; the Mono completes once it listens. */
    public static Mono<LoopbackServer> start(TestkitOptions options) {
        return RtcRuntime.createAsync("testkit").flatMap(runtime -> {
            Scheduler lane = ServerSchedulers.newLane("testkit-lane");
            Scheduler pump = ServerSchedulers.newAudioPump("testkit-audio");
            MediaRelay relay = new MediaRelay(Clock.systemUTC());
            RoomRegistry registry = new RoomRegistry(new ServerContext(options, lane, runtime, pump, Clock.systemUTC(),
                    relay));
            RtcEndpoint rtc = new RtcEndpoint(options, registry, lane);
            rtc.warmUp(); // on the runtime's start-up thread, which may block
            ControlApi control = new ControlApi(registry, lane, (room, identity) -> AccessToken
                    .builder(options.apiKey(), options.apiSecret()).identity(identity).name(identity)
                    .grant(VideoGrant.join(room)).ttl(Duration.ofHours(1)).build().toJwt());
            ConsoleRoutes console = ConsoleRoutes.load();
            HttpServer plain = HttpServer.create();
            return (options.tls() == null ? plain
                    : plain.secure(spec -> spec.sslContext(options.tls().serverContext())))
                    .host(options.host())
                    .port(options.port())
                    .route(routes -> {
                        rtc.register(routes);
                        control.register(routes);
                        console.register(routes);
                    })
                    .bind()
                    .map(http -> {
                        LoopbackServer server = new LoopbackServer(options, http, runtime, lane, pump, registry, control);
                        LOG.info("testkit listening on {} (API key {})", server.url(), options.apiKey());
                        return server;
                    })
                    .onErrorResume(error -> runtime.release().then(Mono.fromRunnable(() -> {
                        relay.close();
                        lane.dispose();
                        pump.dispose();
                    })).then(Mono.error(error)));
        });
    }

    /** The URL clients connect to, e.g. {@code ws://127.0.0.1:7880} ({@code wss://} with TLS). */
    public String url() {
        return (options.tls() == null ? "ws://" : "wss://") + host() + ":" + http.port();
    }

    /** The HTTP base URL of the control API, e.g. {@code http://127.0.0.1:7880}. */
    public String httpUrl() {
        return (options.tls() == null ? "http://" : "https://") + host() + ":" + http.port();
    }

    /** The host part of the URLs: IPv6 literals in brackets. */
    private String host() {
        return options.host().contains(":") ? "[" + options.host() + "]" : options.host();
    }

    public int port() {
        return http.port();
    }

    public TestkitOptions options() {
        return options;
    }

    /** A join token for {@code identity} in {@code room}, signed with the server's key, valid for an hour. */
    public String token(String room, String identity) {
        return token(identity, VideoGrant.join(room));
    }

    /** A token with the given grant, signed with the server's key, valid for an hour. */
    public String token(String identity, VideoGrant grant) {
        return AccessToken.builder(options.apiKey(), options.apiSecret()).identity(identity).name(identity)
                .grant(grant).ttl(Duration.ofHours(1)).build().toJwt();
    }

    /** As {@link #token(String, VideoGrant)}, with the room a first join makes configured by {@code roomConfig}. */
    public String token(String identity, VideoGrant grant, io.rtcreactor.engine.token.RoomConfig roomConfig) {
        return AccessToken.builder(options.apiKey(), options.apiSecret()).identity(identity).name(identity)
                .grant(grant).roomConfig(roomConfig).ttl(Duration.ofHours(1)).build().toJwt();
    }

    /**
     * Applies a fault; the Mono gives the control API's status: 200 accepted, 404 no such participant.
     */
    public Mono<Integer> fault(String room, String identity, Fault fault) {
        return control.apply(room, identity, fault);
    }

    /**
     * What the server knows of {@code identity} in {@code room} now: its state, sid, joins, resumes, tracks and
     * signal messages (for tests that check what the server saw).
     */
    public Mono<ParticipantSnapshot> participant(String room, String identity) {
        return Mono.fromCallable(() -> ParticipantSnapshot.of(registry, room, identity)).subscribeOn(lane);
    }

    /**
     * Runs {@code query} on the server's lane against its registry: the testkit's internals, for its own tests;
     * applications use {@link #participant(String, String)}.
     */
    public <T> Mono<T> inspect(java.util.function.Function<RoomRegistry, T> query) {
        return Mono.fromCallable(() -> query.apply(registry)).subscribeOn(lane);
    }

    /** Live server-side peer connections (a leak check). */
    public int livePeerConnections() {
        return runtime.livePeerConnections();
    }

    /** Drops every room and fault. */
    public Mono<Void> reset() {
        return Mono.fromRunnable(registry::reset).subscribeOn(lane).then();
    }

    /** Disconnects everyone, stops listening and releases the native runtime. */
    public Mono<Void> close() {
        return Mono.fromRunnable(registry::close).subscribeOn(lane)
                .then(Mono.fromRunnable(http::disposeNow).subscribeOn(ServerSchedulers.blocking()))
                .then(Mono.defer(this::awaitPeerConnectionsClosed))
                .then(runtime.release())
                .then(Mono.fromRunnable(() -> {
                    registry.context().relay().close();
                    lane.dispose();
                    audioPump.dispose();
                    LOG.info("testkit on port {} closed", http.port());
                }));
    }

    /**
     * Waits until every participant's media is closed, including peer connections that were still being opened
     * when the server was closed (the runtime does not count those yet) and the channels and tracks a closed one
     * disposes after it is no longer counted: disposing the factories under any of them crashes the JVM.
     */
    private Mono<Void> awaitPeerConnectionsClosed() {
        return Mono.defer(() -> runtime.livePeerConnections() == 0 && registry.mediaClosing() == 0 ? Mono.empty()
                        : Mono.error(new IllegalStateException("peer connections still open")))
                .retryWhen(reactor.util.retry.Retry.fixedDelay(50, Duration.ofMillis(100)))
                .onErrorResume(e -> {
                    LOG.warn("testkit closing with {} peer connections still open ({} participants' media closing)",
                            runtime.livePeerConnections(), registry.mediaClosing());
                    return Mono.empty();
                }).then();
    }
}
