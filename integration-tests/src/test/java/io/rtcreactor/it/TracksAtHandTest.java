package io.rtcreactor.it;

import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, "tracks at hand": an agent that never subscribed to {@code events()} before the caller's audio was
 * subscribed (the events are hot; that TrackSubscribed is gone) still finds the caller's track in
 * {@code remoteParticipants()} (the publication's {@code audioTrack()}) and {@code remoteAudioTracks()} and hears it;
 * when the caller leaves, the track is gone from there too.
 */
class TracksAtHandTest {

    @Test
    void anAgentThatListensLateFindsTheCallersAudioAtHand() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded caller = harness.join("hand", "caller");
            Harness.publishTone(caller.room, 660);
            Room agent = Room.connect(harness.server.url(), harness.server.token("hand", "agent"),
                    RoomOptions.defaults()).block(Harness.WAIT);
            try {
                // The caller's publication, as the room's snapshot gives it, carries its subscribed audio.
                RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> java.util.Optional
                        .ofNullable(agent.remoteParticipants().get("caller")).stream()
                        .flatMap(p -> p.tracks().stream())
                        .flatMap(publication -> publication.audioTrack().stream())
                        .findFirst().orElse(null), java.util.Objects::nonNull);
                assertThat(agent.remoteAudioTracks()).containsExactly(track);
                assertThat(agent.remoteParticipants().get("caller").tracks()).singleElement()
                        .satisfies(p -> assertThat(p.sid()).isEqualTo(track.sid()));
                ToneDetector heard = new ToneDetector();
                Disposable listening = track.frames().subscribe(heard::add);
                try {
                    await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
                    assertThat(heard.dominant(440, 660, 880)).isEqualTo(660);
                } finally {
                    listening.dispose();
                }
                caller.room.disconnect().block(Harness.WAIT);
                await().atMost(Harness.WAIT).until(() -> agent.remoteAudioTracks().isEmpty());
            } finally {
                agent.disconnect().block(Harness.WAIT);
            }
        }
    }
}
