package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;

import static org.awaitility.Awaitility.await;

/** Shared moves of the integration tests: a server, rooms that record their events, tones and detectors. */
final class Harness implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Harnesses not yet closed, for {@link TimelineOnFailure}. */
    static final java.util.Set<Harness> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    final LoopbackServer server;
    final java.util.Set<String> roomNames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<Room> rooms = new CopyOnWriteArrayList<>();
    private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    Harness(TestkitOptions options) {
        this.server = LoopbackServer.start(options).block(WAIT);
        OPEN.add(this);
    }

    Harness() {
        this(TestkitOptions.defaults());
    }

    /** A room joined as {@code identity}, with its events recorded. */
    Recorded join(String room, String identity, RoomOptions options) {
        return joinWithToken(room, server.token(room, identity), options);
    }

    /** A room joined with {@code token} (a grant of the test's own), with its events recorded. */
    Recorded joinWithToken(String room, String token, RoomOptions options) {
        Room created = Room.create(server.url(), token, options);
        roomNames.add(room);
        rooms.add(created);
        Recorded recorded = new Recorded(created);
        subscriptions.add(created.events().subscribe(recorded::record));
        created.connect().block(WAIT);
        return recorded;
    }

    Recorded join(String room, String identity) {
        return join(room, identity, RoomOptions.defaults());
    }

    /** Publishes an endless tone. */
    static LocalTrackPublication publishTone(Room room, double hz) {
        return room.localParticipant().publishAudio(Tone.endless(hz, 12_000), AudioPublishOptions.defaults()
                .name("tone-" + (int) hz)).block(WAIT);
    }

    /** Waits for a subscribed track and listens to it. */
    ToneDetector listen(Recorded listener) {
        RemoteAudioTrack track = await().atMost(WAIT).until(() -> listener.events.stream()
                .filter(RoomEvent.TrackSubscribed.class::isInstance)
                .map(e -> ((RoomEvent.TrackSubscribed) e).track()).reduce((a, b) -> b).orElse(null),
                t -> t != null);
        ToneDetector detector = new ToneDetector();
        subscriptions.add(track.frames().subscribe(detector::add));
        return detector;
    }

    /** Disposes {@code subscription} when the harness closes. */
    void keep(Disposable subscription) {
        subscriptions.add(subscription);
    }

    @Override
    public void close() {
        OPEN.remove(this);
        subscriptions.forEach(Disposable::dispose);
        for (Room room : rooms) {
            room.disconnect().block(WAIT);
        }
        server.close().block(WAIT);
    }

    /** A room and everything it reported, each event with the moment it reached the test. */
    static final class Recorded {
        final Room room;
        final List<RoomEvent> events = new CopyOnWriteArrayList<>();
        final java.util.Map<RoomEvent, java.time.Instant> seenAt = new java.util.concurrent.ConcurrentHashMap<>();

        Recorded(Room room) {
            this.room = room;
        }

        void record(RoomEvent event) {
            seenAt.put(event, java.time.Instant.now());
            events.add(event);
        }

        <T extends RoomEvent> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
