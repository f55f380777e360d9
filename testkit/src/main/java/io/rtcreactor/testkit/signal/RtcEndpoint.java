package io.rtcreactor.testkit.signal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.signal.SignalCodecException;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.TokenException;
import io.rtcreactor.engine.token.TokenVerifier;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.room.RoomRegistry;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * LiveKit's signalling endpoints. {@code /rtc} checks the token before upgrading (401 with a body naming the
 * problem, as LiveKit's server does) and applies the {@code refuse} and {@code hang_upgrade} faults;
 * {@code /rtc/validate} answers {@code 200 success} or the same error; {@code /rtc/v1} and
 * {@code /rtc/v1/validate} answer 404 so that LiveKit's newest clients fall back to the two-PC mode
 * (PROTOCOL.md, "Connecting").
 */
public final class RtcEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(RtcEndpoint.class);

    private final TestkitOptions options;
    private final TokenVerifier verifier;
    private final RoomRegistry registry;
    private final Scheduler lane;
    private final SignalCodec codec;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    public RtcEndpoint(TestkitOptions options, RoomRegistry registry, Scheduler lane) {
        this.options = options;
        this.verifier = TokenVerifier.of(options.apiKey(), options.apiSecret()).withClock(registry.context().clock());
        this.registry = registry;
        this.lane = lane;
        this.codec = new SignalCodec(options.maxFrameBytes(), SignalCodec.DEFAULT_MAX_RESPONSE_BYTES);
    }

    /**
     * Mints and verifies one token on the calling thread, which must be one that may block: the JWT library fills
     * its JSON caches under a lock on first use, and the first upgrades, arriving together on several event loops,
     * would otherwise wait for that lock on non-blocking threads (BlockHound, on in every test run, turns that into
     * a 500 for all but one of them).
     */
    public void warmUp() {
        verifier.verify(AccessToken.builder(options.apiKey(), options.apiSecret()).identity("warm-up")
                .grant(VideoGrant.join("warm-up")).build().toJwt(), TokenVerifier.Requirement.ROOM_JOIN);
    }

    public void register(HttpServerRoutes routes) {
        routes.get("/rtc/v1", (req, res) -> {
                    LOG.debug("/rtc/v1 requested; answering 404 so the client falls back to /rtc");
                    return notFound(cors(req, res), "the testkit speaks the two-PC mode only: use /rtc");
                })
                .get("/rtc/v1/validate", (req, res) -> notFound(cors(req, res),
                        "the testkit speaks the two-PC mode only: use /rtc"))
                .get("/rtc/validate", (req, res) -> validate(req, cors(req, res)))
                .get("/settings/regions", this::regions)
                .get("/rtc", this::upgrade);
    }

    /**
     * LiveKit's server lets every origin read its answers (a CORS handler in front of every route that echoes the
     * Origin: "we rely on token authentication"). livekit-client in a browser fetches {@code /rtc/v1/validate}
     * from the page's origin after the {@code /rtc/v1} upgrade fails; without this header the browser hides the
     * 404 as "Failed to fetch" and the client never falls back to {@code /rtc}.
     */
    private static HttpServerResponse cors(HttpServerRequest req, HttpServerResponse res) {
        String origin = req.requestHeaders().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            res.header(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin).header(HttpHeaderNames.VARY, "Origin");
        }
        return res;
    }

    private static Publisher<Void> notFound(HttpServerResponse res, String body) {
        return res.status(HttpResponseStatus.NOT_FOUND).sendString(Mono.just(body)).then();
    }

    /**
     * LiveKit Cloud's region list, which its clients ask for with their token as a bearer (client-sdk-js
     * RegionUrlProvider): the JSON form of {@code RegionSettings}. Served only when the options name regions; the
     * open-source server has no such route (404).
     */
    private Publisher<Void> regions(HttpServerRequest req, HttpServerResponse res) {
        if (options.regions().isEmpty()) {
            return notFound(res, "404 page not found");
        }
        ConnectParams params = ConnectParams.parse(req.uri(), req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
        try {
            verifier.verify(params.token(), TokenVerifier.Requirement.ROOM_JOIN);
        } catch (TokenException e) {
            return unauthorized(res, e);
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = body.putArray("regions");
        long distance = 0;
        for (TestkitOptions.Region region : options.regions()) {
            list.addObject().put("region", region.name()).put("url", region.url())
                    .put("distance", Long.toString(distance++));
        }
        return res.status(HttpResponseStatus.OK).header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body.toString())).then();
    }

    private Publisher<Void> validate(HttpServerRequest req, HttpServerResponse res) {
        ConnectParams params = ConnectParams.parse(req.uri(), req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
        VerifiedToken token;
        try {
            token = verifier.verify(params.token(), TokenVerifier.Requirement.ROOM_JOIN);
        } catch (TokenException e) {
            return unauthorized(res, e);
        }
        return Mono.fromCallable(() -> registry.validate(token.video().room(), token.identity()))
                .subscribeOn(lane)
                .flatMap(admission -> admission instanceof RoomRegistry.Admission.Refuse refuse
                        ? res.status(refuse.status()).sendString(Mono.just(refuse.body())).then()
                        : res.status(HttpResponseStatus.OK).sendString(Mono.just("success")).then());
    }

    private Publisher<Void> upgrade(HttpServerRequest req, HttpServerResponse res) {
        ConnectParams params = ConnectParams.parse(req.uri(), req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
        VerifiedToken token;
        try {
            token = verifier.verify(params.token(), TokenVerifier.Requirement.ROOM_JOIN);
        } catch (TokenException e) {
            LOG.info("upgrade refused ({}): {}", e.reason(), e.getMessage());
            return unauthorized(res, e);
        }
        LOG.debug("upgrade requested by {} in {}: {}", token.identity(), token.video().room(), params);
        return Mono.fromCallable(() -> registry.admit(token.video().room(), token.identity()))
                .subscribeOn(lane)
                .flatMap(admission -> {
                    if (admission instanceof RoomRegistry.Admission.Refuse refuse) {
                        LOG.info("upgrade of {} refused with {} (fault)", token.identity(), refuse.status());
                        return res.status(refuse.status()).sendString(Mono.just(refuse.body())).then();
                    }
                    Mono<Void> upgrade = Mono.defer(() -> res.sendWebsocket((in, out) -> serve(params, token, in, out),
                            WebsocketServerSpec.builder().maxFramePayloadLength(options.maxFrameBytes()).build()));
                    if (admission instanceof RoomRegistry.Admission.Hang hang) {
                        LOG.info("upgrade of {} held {} (fault)", token.identity(),
                                hang.after() == null ? "for ever" : hang.after().toMillis() + " ms");
                        return hang.after() == null ? Mono.never() : Mono.delay(hang.after()).then(upgrade);
                    }
                    return upgrade;
                });
    }

    private static Mono<Void> unauthorized(HttpServerResponse res, TokenException e) {
        // The body names what is wrong with the token, never the token itself. A token naming no room or identity
        // is a bad request to LiveKit (400: ValidateConnectRequest, pkg/service/utils.go); the rest are 401
        // (APIKeyAuthMiddleware in pkg/service/auth.go; EnsureJoinPermission for a missing roomJoin).
        HttpResponseStatus status = e.reason() == TokenException.Reason.INCOMPLETE
                ? HttpResponseStatus.BAD_REQUEST : HttpResponseStatus.UNAUTHORIZED;
        return res.status(status).sendString(Mono.just(e.getMessage())).then();
    }

    private Mono<Void> serve(ConnectParams params, VerifiedToken token,
                             reactor.netty.http.websocket.WebsocketInbound in,
                             reactor.netty.http.websocket.WebsocketOutbound out) {
        SignalSocket socket = new SignalSocket(codec);
        String room = token.video().room();
        String identity = token.identity();
        lane.schedule(() -> {
            if (params.reconnect()) {
                registry.resume(params, token, socket, () -> { });
            } else {
                registry.join(params, token, socket);
            }
        });
        in.receiveFrames()
                .concatMap(frame -> {
                    if (frame instanceof BinaryWebSocketFrame binary) {
                        return Mono.just(decode(binary.content(), room, identity, socket));
                    }
                    if (frame instanceof TextWebSocketFrame) {
                        lane.schedule(() -> registry.badFrame(room, identity, socket, "text frame"));
                    }
                    return Mono.empty();
                })
                .filter(request -> request != NOTHING)
                .publishOn(lane)
                .subscribe(request -> registry.request(room, identity, socket, request),
                        error -> LOG.debug("{}: inbound ended: {}", socket, error.toString()),
                        () -> { });
        in.receiveCloseStatus().subscribe(status -> LOG.debug("{} closed by client: {}", socket, status));
        return socket.serve(in, out, options.websocketPingInterval())
                .doFinally(signal -> lane.schedule(() -> registry.socketClosed(room, identity, socket)));
    }

    private static final SignalRequest NOTHING = SignalRequest.getDefaultInstance();

    private SignalRequest decode(ByteBuf content, String room, String identity, SignalSocket socket) {
        byte[] bytes = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), bytes);
        try {
            return codec.decodeRequest(bytes);
        } catch (SignalCodecException e) {
            lane.schedule(() -> registry.badFrame(room, identity, socket, e.kind().name().toLowerCase(java.util.Locale.ROOT)));
            return NOTHING;
        }
    }
}
