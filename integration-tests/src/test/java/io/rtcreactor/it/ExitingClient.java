package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.Tone;
import java.time.Duration;

/**
 * Run in a JVM of its own by {@link ReleaseTest}: joins, publishes, leaves, and returns from main without
 * System.exit. The JVM then ends only if no non-daemon thread is left (webrtc-java's factory threads are not
 * daemons: a factory that was not disposed keeps the JVM alive for ever).
 */
public final class ExitingClient {

    private ExitingClient() {
    }

    public static void main(String[] args) {
        Room room = Room.connect(args[0], args[1], RoomOptions.defaults()).block(Duration.ofSeconds(30));
        room.localParticipant().publishAudio(Tone.endless(440, 8000), AudioPublishOptions.defaults())
                .block(Duration.ofSeconds(30));
        room.disconnect().block(Duration.ofSeconds(5));
        System.out.println("left");
    }
}
