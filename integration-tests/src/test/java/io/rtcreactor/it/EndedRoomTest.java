package io.rtcreactor.it;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomDisconnectedException;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13 ("what a first agent tripped over"): every operation on a room that ended fails with a typed
 * {@link RoomDisconnectedException} naming why it ended, never Reactor's "Scheduler unavailable"; before
 * {@code connect()} the same type says so.
 */
@Timeout(120)
class EndedRoomTest {

    private static void refused(Supplier<Mono<?>> operation, String what, DisconnectReason reason) {
        assertThatThrownBy(() -> operation.get().block(Harness.WAIT)).as(what)
                .isInstanceOfSatisfying(RoomDisconnectedException.class, e -> {
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("disconnected (" + reason + ")");
                });
    }

    @Test
    void everyOperationOnAnEndedRoomFailsWithATypedErrorNamingTheReason() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded caller = harness.join("ended", "caller");
            LocalTrackPublication callerTrack = Harness.publishTone(caller.room, 440);
            Harness.Recorded agent = harness.join("ended", "agent");
            LocalTrackPublication track = Harness.publishTone(agent.room, 660);
            agent.room.disconnect().block(Harness.WAIT);
            // ended() gives the Disconnected, also to a subscriber that comes after it.
            assertThat(agent.room.ended().block(Harness.WAIT).reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);

            DisconnectReason why = DisconnectReason.CLIENT_INITIATED;
            Room room = agent.room;
            refused(() -> room.publishData(new byte[] {1}, DataOptions.reliable()), "publishData", why);
            refused(() -> room.localParticipant().publishAudio(Flux.just(AudioFrame.silence(1)),
                    AudioPublishOptions.defaults()), "publishAudio", why);
            refused(() -> room.localParticipant().setAttributes(Map.of("k", "v")), "setAttributes", why);
            refused(() -> room.localParticipant().performRpc("caller", "m", "", Duration.ofSeconds(10)),
                    "performRpc", why);
            refused(() -> room.localParticipant().sendText("hi", StreamOptions.defaults()), "sendText", why);
            refused(() -> room.localParticipant().publishDtmf(1, "1"), "publishDtmf", why);
            refused(() -> room.subscribe(new TrackPublication(callerTrack.sid(), "tone", TrackPublication.Kind.AUDIO,
                    "MICROPHONE", false)), "subscribe", why);
            refused(() -> track.mute(true), "mute", why);
            refused(track::unpublish, "unpublish", why);
        }
    }

    @Test
    void anOperationBeforeConnectSaysTheRoomIsNotConnectedYet() {
        try (Harness harness = new Harness()) {
            Room room = Room.create(harness.server.url(), harness.server.token("ended", "early"), RoomOptions.defaults());
            assertThatThrownBy(() -> room.publishData(new byte[] {1}, DataOptions.reliable()).block(Harness.WAIT))
                    .isInstanceOfSatisfying(RoomDisconnectedException.class, e -> {
                        assertThat(e.reason()).isEmpty();
                        assertThat(e.getMessage()).contains("call connect() first");
                    });
            room.disconnect().block(Harness.WAIT);
            assertThat(room.ended().block(Harness.WAIT).reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        }
    }

    /** An operation still waiting for the server when the room ends fails with the same typed error. */
    @Test
    void anUpdateStillWaitingWhenTheRoomEndsFailsTyped() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded agent = harness.join("ending", "agent");
            // The server goes quiet: the update is sent and its answer never comes before the disconnect.
            harness.server.fault("ending", "agent", new io.rtcreactor.testkit.fault.Fault.Silent(
                    io.rtcreactor.testkit.fault.Fault.Silence.ALL, java.time.Duration.ofSeconds(5)))
                    .block(Harness.WAIT);
            java.util.concurrent.CompletableFuture<Void> update = agent.room.localParticipant()
                    .setAttributes(java.util.Map.of("k", "v")).toFuture();
            agent.room.disconnect().block(Harness.WAIT);
            assertThatThrownBy(update::join).hasCauseInstanceOf(RoomDisconnectedException.class)
                    .hasMessageContaining("disconnected (CLIENT_INITIATED)");
        }
    }
}
