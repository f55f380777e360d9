package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent framework republishes from its {@code Reconnected} handler after a full reconnect: the engine has just
 * published the track again itself, and the handler unpublishes it and publishes a new one at once, while the other
 * participant's subscription to the first is still being negotiated. The other participant must hear the new
 * track (found by the benchmarks' P2, where it heard the unpublished track's audio go on and the new one silent).
 */
class RepublishAfterFullReconnectTest {

    @Test
    void theTrackPublishedFromTheHandlerIsHeard() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.harness.keep(scenario.agent.room.events().ofType(RoomEvent.Reconnected.class).take(1)
                    .concatMap(e -> scenario.agent.room.localParticipant().tracks().get(0).unpublish()
                            .then(scenario.agent.room.localParticipant().publishAudio(Tone.endless(550, 12_000),
                                    AudioPublishOptions.defaults().name("again"))))
                    .subscribe());
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.UNKNOWN_REASON, true));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);

            RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> scenario.peer
                    .events(RoomEvent.TrackSubscribed.class).stream()
                    .filter(e -> e.participant().tracks().stream().anyMatch(t -> t.sid().equals(e.track().sid())
                            && t.name().equals("again")))
                    .map(RoomEvent.TrackSubscribed::track).reduce((a, b) -> b).orElse(null), t -> t != null);
            ToneDetector heard = new ToneDetector();
            scenario.harness.keep(track.frames().subscribe(heard::add));
            await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
            assertThat(heard.dominant(440, 550)).isEqualTo(550);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                    .stream().map(t -> t.name()).toList().equals(java.util.List.of("again")));
        }
    }
}
