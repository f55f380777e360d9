package io.rtcreactor.it;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The first agent of docs/getting-started.md, compiled and run by {@link FirstAgentTest}, which also checks that the
 * guide shows exactly this code. Keep the two in step.
 */
final class FirstAgent {

    private FirstAgent() {
    }

    // --- docs/getting-started.md: example begins ---
    /** Joins {@code roomName}, says back what it hears, reports its reconnects; completes once joined. */
    static Mono<Room> start(String url, String apiKey, String apiSecret, String roomName) {
        // 1. A token: who the agent is and what it may do. Mint it where the API secret lives.
        String token = AccessToken.builder(apiKey, apiSecret)
                .identity("first-agent")
                .grant(VideoGrant.builder().room(roomName).roomJoin(true).agent(true).build())
                .build()
                .toJwt();

        // 2. Create the room and subscribe to its events before connecting: events are hot.
        Room room = Room.create(url, token, RoomOptions.defaults());
        // What the agent hears, on its way back out: at most 64 frames (0.64 s) wait, the rest are dropped. A
        // Reactor queue, not a java.util.concurrent one: those take a lock, and a publisher must never block.
        Sinks.Many<AudioFrame> heard = Sinks.many().unicast().onBackpressureBuffer(Queues.<AudioFrame>get(64).get());
        room.events().subscribe(event -> {
            if (event instanceof RoomEvent.TrackSubscribed subscribed) {
                subscribed.track().frames().subscribe(heard::tryEmitNext);
            } else if (event instanceof RoomEvent.Reconnected reconnected) {
                System.out.println("reconnected (" + reconnected.mode() + ") in "
                        + reconnected.took().toMillis() + " ms");
            } else if (event instanceof RoomEvent.Disconnected disconnected) {
                System.out.println("session ended: " + disconnected.reason());
            }
        });

        // 3. Connect, then publish a track that carries back what the agent hears (10 ms frames, 48 kHz).
        return room.connect()
                .flatMap(joined -> joined.localParticipant()
                        .publishAudio(heard.asFlux(), AudioPublishOptions.defaults().name("echo"))
                        .thenReturn(joined));
    }
    // --- docs/getting-started.md: example ends ---
}
