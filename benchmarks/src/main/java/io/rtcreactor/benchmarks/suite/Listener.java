package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.RemoteParticipant;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.Tone;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other participant of a call, on this engine: it talks (660 Hz, so that the measured participant's
 * subscriber carries audio as in a call) and listens to everyone, one {@link SilenceMeter} per remote identity.
 * A track published again (a full reconnect) feeds the same meter; each track also feeds a meter of its own,
 * {@code identity/trackName}.
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
        room.events(RoomEvent.TrackSubscribed.class).subscribe(e -> {
            String identity = e.participant().identity();
            SilenceMeter all = listener.meter(identity);
            // The track's name may reach the room only after the subscription: looked up per frame until found.
            SilenceMeter[] named = new SilenceMeter[1];
            e.track().frames().subscribe(frame -> {
                all.add(frame);
                if (named[0] == null) {
                    named[0] = listener.named(identity, e.track().sid());
                }
                if (named[0] != null) {
                    named[0].add(frame);
                }
            });
        });
        room.connect().block(BenchContext.WAIT);
        room.localParticipant().publishAudio(Tone.endless(660, 12_000), AudioPublishOptions.defaults().name("caller"))
                .block(BenchContext.WAIT);
        return listener;
    }

    private SilenceMeter named(String identity, String trackSid) {
        RemoteParticipant participant = room.remoteParticipants().get(identity);
        return participant == null ? null : participant.tracks().stream().filter(t -> t.sid().equals(trackSid))
                .map(t -> meter(identity + "/" + t.name())).findFirst().orElse(null);
    }

    SilenceMeter meter(String identity) {
        return meters.computeIfAbsent(identity, id -> new SilenceMeter());
    }

    /** Each meter with how long ago it last heard sound, for a sample that failed. */
    String describe() {
        StringBuilder text = new StringBuilder();
        meters.forEach((key, meter) -> text.append(key).append(": last sound ")
                .append(meter.sinceLastSound().toMillis()).append(" ms ago; "));
        return text.append("\nthe listener's flight record:\n").append(room.diagnostics()).toString();
    }

    @Override
    public void close() {
        room.disconnect().block(BenchContext.WAIT);
    }
}
