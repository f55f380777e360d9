package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.Tone;
import java.time.Duration;
import reactor.core.publisher.Mono;

/** This engine's session as the measured participant, publishing a tone. */
final class OurSubject implements Subject {

    private final Room room;
    private final String identity;

    private OurSubject(Room room, String identity) {
        this.room = room;
        this.identity = identity;
    }

    static OurSubject join(BenchContext context, String roomName, String identity, double hz) {
        Room room = Room.connect(context.server().url(), context.server().token(roomName, identity),
                context.options()).block(BenchContext.WAIT);
        room.localParticipant().publishAudio(Tone.endless(hz, 12_000), AudioPublishOptions.defaults().name("tone"))
                .block(BenchContext.WAIT);
        return new OurSubject(room, identity);
    }

    @Override
    public String engine() {
        return "ours";
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Recovery expectRecovery() {
        Mono<long[]> next = room.events(RoomEvent.Reconnected.class).next()
                .map(e -> new long[] {System.currentTimeMillis(), e.mode() == Mode.FULL ? 1 : 0}).cache();
        next.subscribe(null, e -> { });
        return new Recovery() {
            @Override
            public long awaitMillis(Duration timeout) {
                long[] seen = next.timeout(timeout, Mono.empty()).block();
                return seen == null ? -1 : seen[0];
            }

            @Override
            public boolean full() {
                long[] seen = next.timeout(Duration.ZERO, Mono.empty()).block();
                return seen != null && seen[1] == 1;
            }
        };
    }

    @Override
    public void close() {
        room.disconnect().block(BenchContext.WAIT);
    }
}
