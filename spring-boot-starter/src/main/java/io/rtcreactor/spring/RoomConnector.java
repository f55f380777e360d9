package io.rtcreactor.spring;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Mints tokens and creates rooms against the configured server, with the configured options; keeps the rooms it
 * created until they end, for the health indicator and for shutdown (every room still live is disconnected when the
 * application context closes, before the WebRTC runtime is).
 *
 * <pre>{@code
 * Room room = connector.create("support-42", "agent-7");   // not yet joined
 * room.events().subscribe(this::onEvent);                   // events are hot: subscribe first
 * room.connect().subscribe();
 * }</pre>
 */
public final class RoomConnector {

    private static final Logger LOG = LoggerFactory.getLogger(RoomConnector.class);

    private final RtcReactorProperties properties;
    private final RoomOptions options;
    private final Set<Room> live = ConcurrentHashMap.newKeySet();

    public RoomConnector(RtcReactorProperties properties, RoomOptions options) {
        this.properties = properties;
        this.options = options;
    }

    /** The server rooms are joined on ({@code rtc-reactor.url}). */
    public String url() {
        String url = properties.url();
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("rtc-reactor.url is not set: set it to the LiveKit server's URL, "
                    + "e.g. wss://my-project.livekit.cloud or ws://127.0.0.1:7880");
        }
        return url;
    }

    /** The options every room of this connector uses. */
    public RoomOptions options() {
        return options;
    }

    /**
     * A token for {@code identity} to join {@code room}, granting what {@code rtc-reactor.token.*} says (by default
     * an agent that may update its own attributes), valid for {@code rtc-reactor.token.ttl}.
     */
    public String token(String room, String identity) {
        RtcReactorProperties.Token token = properties.token();
        return token(identity, VideoGrant.builder().room(room).roomJoin(true).agent(token.agent())
                .canUpdateOwnMetadata(token.canUpdateOwnMetadata()).build());
    }

    /** A token for {@code identity} with exactly {@code grant}, valid for {@code rtc-reactor.token.ttl}. */
    public String token(String identity, VideoGrant grant) {
        String key = properties.apiKey();
        String secret = properties.apiSecret();
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalStateException("rtc-reactor.api-key and rtc-reactor.api-secret are not set: set both to "
                    + "mint tokens here, or pass a token minted elsewhere to createWithToken(token)");
        }
        return AccessToken.builder(key, secret).identity(identity).name(identity).grant(grant)
                .ttl(properties.token().ttl()).build().toJwt();
    }

    /** A room for {@code identity} in {@code room}, not yet joined: subscribe to its events, then connect(). */
    public Room create(String room, String identity) {
        return createWithToken(token(room, identity));
    }

    /** A room joined with a token minted elsewhere (e.g. by an agent dispatcher), not yet joined. */
    public Room createWithToken(String token) {
        Room room = Room.create(url(), token, options);
        live.add(room);
        room.ended().doFinally(signal -> live.remove(room)).subscribe(null, error -> { });
        return room;
    }

    /** Creates and joins; completes with the room once connected. */
    public Mono<Room> connect(String room, String identity) {
        return Mono.defer(() -> create(room, identity).connect());
    }

    /** The rooms this connector created that have not ended yet. */
    public List<Room> rooms() {
        return List.copyOf(live);
    }

    /** How many of those rooms are in each state (every state listed, zero included). */
    public Map<ConnectionState, Integer> sessionsByState() {
        Map<ConnectionState, Integer> counts = new EnumMap<>(ConnectionState.class);
        for (ConnectionState state : ConnectionState.values()) {
            counts.put(state, 0);
        }
        for (Room room : live) {
            counts.merge(room.state(), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * Disconnects every live room, all at once, each bounded by the options' {@code disconnectTimeout}. The
     * application context calls it on shutdown and waits for the Mono (Spring awaits a destroy method's
     * Publisher), before it releases the WebRTC runtime the rooms use.
     */
    public Mono<Void> close() {
        return Mono.defer(() -> {
            List<Room> rooms = rooms();
            if (rooms.isEmpty()) {
                return Mono.empty();
            }
            LOG.info("disconnecting {} room(s) on shutdown", rooms.size());
            Duration bound = options.disconnectTimeout().plusSeconds(1);
            return Flux.fromIterable(rooms)
                    .flatMap(room -> room.disconnect().timeout(bound).onErrorResume(error -> {
                        LOG.warn("{} did not disconnect cleanly: {}", room, error.toString());
                        return Mono.empty();
                    }))
                    .then();
        });
    }
}
