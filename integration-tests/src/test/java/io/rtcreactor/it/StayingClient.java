package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.Tone;
import java.time.Duration;

/**
 * Run in a JVM of its own by {@link ReleaseTest}: joins, publishes, says so, and returns from main without
 * disconnecting. The call stays up (WebRTC's threads keep the JVM alive) until the JVM is told to stop; then the
 * engine's shutdown hook leaves the room.
 */
public final class StayingClient {

    private StayingClient() {
    }

    public static void main(String[] args) {
        Room room = Room.connect(args[0], args[1], RoomOptions.defaults()).block(Duration.ofSeconds(30));
        room.localParticipant().publishAudio(Tone.endless(440, 8000), AudioPublishOptions.defaults())
                .block(Duration.ofSeconds(30));
        System.out.println("joined");
    }
}
