package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.Tone;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other participant of a call, on this engine: it talks (660 Hz, so that the measured participant's
 * subscriber carries audio as in a call) and listens to everyone, one {@link SilenceMeter} per remote identity.
 * A track published again (a full reconnect) feeds the same meter.
 */
final class Listener implements AutoCloseable {

    private final Room room;
    private final Map<String, SilenceMeter> meters = new ConcurrentHashMap<>();

    private Listener(Room room) {
        this.room = room;
    }

    static Listener join(BenchContext context, String roomName) {
        Room room = Room.create(context.server().url(), context.server().token(roomName, "listener"),
                context.options());
        Listener listener = new Listener(room);
        room.events(RoomEvent.TrackSubscribed.class).subscribe(e -> e.track().frames()
                .subscribe(listener.meter(e.participant().identity())::add));
        room.connect().block(BenchContext.WAIT);
        room.localParticipant().publishAudio(Tone.endless(660, 12_000), AudioPublishOptions.defaults().name("caller"))
                .block(BenchContext.WAIT);
        return listener;
    }

    SilenceMeter meter(String identity) {
        return meters.computeIfAbsent(identity, id -> new SilenceMeter());
    }

    @Override
    public void close() {
        room.disconnect().block(BenchContext.WAIT);
    }
}
