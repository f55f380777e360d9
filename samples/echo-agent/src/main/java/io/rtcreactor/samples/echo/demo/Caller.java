package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.samples.echo.EchoAgent;
import io.rtcreactor.samples.echo.EventText;
import io.rtcreactor.samples.echo.Timeline;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The simulated caller: an engine session that speaks a tone, listens to the agent's tracks for that tone coming
 * back, and sends data on topic {@code echo} expecting it back. Every agent track it subscribes to (a republished
 * track is a new one) feeds the same check.
 */
public final class Caller {

    static final double TONE_HZ = 440;
    private static final int AMPLITUDE = 10_000;

    private final Room room;
    private final String agentIdentity;
    private final Timeline timeline;
    private final Sinks.Many<RemoteAudioTrack> agentTracks = Sinks.many().replay().all();

    private Caller(Room room, String agentIdentity, Timeline timeline) {
        this.room = room;
        this.agentIdentity = agentIdentity;
        this.timeline = timeline;
        room.events().subscribe(event -> {
            if (!(event instanceof RoomEvent.TokenRefreshed || event instanceof RoomEvent.DataPacketReceived
                    || event instanceof RoomEvent.LocalTrackPublished)) {
                // The demo's timeline tells the caller's story; its own lines say what those events would.
                timeline.line(EventText.of(event));
            }
            if (event instanceof RoomEvent.TrackSubscribed subscribed
                    && subscribed.participant().identity().equals(agentIdentity)) {
                agentTracks.tryEmitNext(subscribed.track());
            }
        });
    }

    /** Joins and starts speaking. */
    public static Mono<Caller> join(String url, String token, String agentIdentity, Timeline timeline) {
        return Mono.defer(() -> {
            Caller caller = new Caller(Room.create(url, token, RoomOptions.defaults()), agentIdentity, timeline);
            return caller.room.connect()
                    .doOnNext(room -> timeline.line("connected room=" + room.name() + " as "
                            + room.localParticipant().identity() + " (" + room.localParticipant().sid() + ")"))
                    .then(caller.room.localParticipant().publishAudio(Sine.frames(TONE_HZ, AMPLITUDE),
                            AudioPublishOptions.defaults().name("voice")))
                    .doOnNext(track -> timeline.line("speaking: a " + (int) TONE_HZ + " Hz tone on " + track.sid()))
                    .thenReturn(caller);
        });
    }

    /**
     * Completes once {@code frames} frames of our own tone have come back on the agent's tracks, counting only
     * frames that arrive from now on; fails after {@code within}.
     */
    public Mono<Void> hearsEcho(int frames, Duration within) {
        return agentTracks.asFlux()
                .flatMap(RemoteAudioTrack::frames)
                .filter(frame -> ToneCheck.isTone(frame, TONE_HZ))
                .take(frames)
                .then()
                .timeout(within, Mono.error(() -> new IllegalStateException("the caller did not hear its "
                        + (int) TONE_HZ + " Hz tone come back from " + agentIdentity + " within " + within)));
    }

    /** Sends {@code text} on topic echo to the agent; completes with the round trip once it has come back. */
    public Mono<Duration> dataEcho(String text, Duration within) {
        Mono<Boolean> back = room.dataReceived()
                .filter(data -> EchoAgent.TOPIC.equals(data.topic()) && data.reliable()
                        && agentIdentity.equals(data.senderIdentity()) && text.equals(data.text()))
                .next()
                .thenReturn(true);
        Mono<Boolean> send = Mono.defer(() -> {
            timeline.line("sends \"" + text + "\" on topic " + EchoAgent.TOPIC);
            return room.publishData(text.getBytes(StandardCharsets.UTF_8), DataOptions.reliable()
                    .topic(EchoAgent.TOPIC).destinations(List.of(agentIdentity)));
        }).thenReturn(true);
        // Listening is subscribed before sending (zip subscribes in order): the data stream is hot.
        return Mono.zip(back, send).then(Mono.just(true)).elapsed()
                .map(timed -> Duration.ofMillis(timed.getT1()))
                .doOnNext(took -> timeline.line("got \"" + text + "\" back from " + agentIdentity + " in "
                        + took.toMillis() + " ms"))
                .timeout(within, Mono.error(() -> new IllegalStateException("the caller's data \"" + text
                        + "\" did not come back from " + agentIdentity + " within " + within)));
    }

    public Mono<Void> disconnect() {
        return room.disconnect();
    }
}
