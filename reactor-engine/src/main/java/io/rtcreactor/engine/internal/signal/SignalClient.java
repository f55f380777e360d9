package io.rtcreactor.engine.internal.signal;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.net.URI;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Opens signal connections and explains refusals. When the WebSocket upgrade is refused, it asks
 * {@code /rtc/validate} with the same query and token, as LiveKit's clients do, and turns the answer into a
 * {@link SignalConnectException}: 401/403 final with the server's reason, 404, 5xx retryable.
 */
public final class SignalClient implements SignalConnector {

    /**
     * The JDK's one-time initialisation of its socket classes, done where blocking is allowed. The first socket a
     * process makes loads {@code net.properties} from disk ({@code java.net.SocketImpl}'s static initialiser); made
     * first by Reactor Netty on a non-blocking thread (the session's lane), that file read is a blocking call there,
     * and under BlockHound — which applications test with — it fails the class's initialisation for the rest of the
     * JVM's life: no socket can be made again.
     */
    private static final Mono<Void> PREPARED = Mono.<Void>fromRunnable(() -> {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open()) {
            channel.socket();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot initialise the JDK's sockets", e);
        }
    }).subscribeOn(io.rtcreactor.engine.internal.EngineSchedulers.blockingWork()).cache();

    private final SignalCodec codec;

    public SignalClient(SignalCodec codec) {
        this.codec = codec;
    }

    /** Completes once the JDK's socket classes are initialised (once per process, on a thread that may block). */
    public static Mono<Void> prepare() {
        return PREPARED;
    }

    /** Opens a connection to {@code target}. */
    @Override
    public Mono<SignalChannel> connect(SignalConnection.Target target) {
        // Deferred: a failure while setting the connection up (TLS context, URL) becomes this Mono's error instead of
        // an exception thrown on the session's lane, where it would be lost and the attempt never end.
        return Mono.defer(() -> SignalConnection.open(target, codec)).cast(SignalChannel.class)
                .onErrorResume(SignalConnection.PendingValidation.class,
                        refused -> explain(target, refused.status).flatMap(Mono::error));
    }

    private static Mono<SignalConnectException> explain(SignalConnection.Target target, int upgradeStatus) {
        URI validate = SignalUrl.validate(target.baseUrl(), target.query());
        return Tls.client(target.trust(), validate)
                .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + target.token()))
                .responseTimeout(target.connectTimeout())
                .get().uri(validate)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> describe(response.status().code(), text, upgradeStatus, target.token())))
                .timeout(target.connectTimeout().plus(Duration.ofSeconds(1)))
                .onErrorResume(error -> Mono.just(describe(upgradeStatus, "(/rtc/validate did not answer: " + error
                        + ")", upgradeStatus, target.token())));
    }

    static SignalConnectException describe(int validateStatus, String body, int upgradeStatus, String token) {
        // If validate says all is well, the upgrade's own status is what happened.
        int status = validateStatus == 200 ? upgradeStatus : validateStatus;
        String reason = scrub(body.strip(), token);
        SignalConnectException.Kind kind = SignalConnectException.kindOf(status);
        String fix = switch (kind) {
            case REJECTED -> status == 400
                    ? "the join request is incomplete; mint the token with a room (video.room) and an identity"
                    : "the access token was rejected; mint a valid one with the server's API key and secret";
            case NOT_FOUND -> "the room or endpoint was not found";
            default -> "the server refused the connection for now; it may accept a later attempt";
        };
        return new SignalConnectException(kind, status, "signal connection refused with HTTP " + status + ": "
                + (reason.isEmpty() ? "(no reason given)" : reason) + " — " + fix, null);
    }

    private static String scrub(String text, String token) {
        String out = token == null || token.isEmpty() ? text : text.replace(token, "<token>");
        return out.length() > 500 ? out.substring(0, 500) + "…" : out;
    }
}
