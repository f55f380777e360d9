package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two real peer connections, one per factory, inside the test's private network namespace. */
class PeerTransportTest {

    private static final Duration STEP = Duration.ofSeconds(10);

    private RtcRuntime runtime;
    private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        runtime = RtcRuntime.createAsync("test").block(STEP);
    }

    @AfterEach
    void tearDown() {
        subscriptions.forEach(Disposable::dispose);
        if (runtime != null) {
            runtime.release().block(STEP);
        }
    }

    @Test
    void connectsCarriesAToneAndDataAndReleasesEverything() throws Exception {
        LoopbackPair pair = LoopbackPair.open(runtime, STEP, subscriptions);
        PeerTransport sender = pair.sender;
        PeerTransport receiver = pair.receiver;
        List<TransportEvent> senderEvents = pair.senderEvents;
        List<TransportEvent> receiverEvents = pair.receiverEvents;

        DataChannel reliable = sender.createDataChannel("_reliable", true, -1).block(STEP);
        LocalAudio audio = sender.addAudioTrack("TR_cid", List.of("PA_sender|TR_cid")).block(STEP);
        pair.negotiate();

        await().atMost(STEP).until(() -> connected(senderEvents) && connected(receiverEvents));
        TransportEvent.TrackReceived track = await().atMost(STEP).until(
                () -> receiverEvents.stream().filter(TransportEvent.TrackReceived.class::isInstance)
                        .map(TransportEvent.TrackReceived.class::cast).findFirst().orElse(null),
                found -> found != null);
        assertThat(track.kind()).isEqualTo("audio");
        assertThat(track.streamId()).isEqualTo("PA_sender|TR_cid");
        assertThat(sender.midToTrackId().block(STEP)).containsValue("TR_cid");

        ToneDetector detector = new ToneDetector();
        track.audio().start().block(STEP);
        subscriptions.add(track.audio().frames(100).subscribe(detector::add));
        ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
        long[] index = {0};
        pusher.scheduleAtFixedRate(() -> audio.push(Tone.frame(440, 12_000, index[0]++)), 0, 10, TimeUnit.MILLISECONDS);
        try {
            await().atMost(STEP).until(() -> detector.voicedFrames() > 150);
            assertThat(detector.dominant(300, 440, 700, 1000)).isEqualTo(440);
            assertThat(detector.dominance(440, 300, 700, 1000)).isGreaterThan(20);
        } finally {
            pusher.shutdownNow();
        }

        await().atMost(STEP).until(() -> receiver.channel("_reliable") != null);
        await().atMost(STEP).until(() -> reliable.state().block(STEP) == DataChannel.State.OPEN);
        reliable.send("hello".getBytes(StandardCharsets.UTF_8), true).block(STEP);
        TransportEvent.ChannelMessageReceived message = await().atMost(STEP).until(
                () -> receiverEvents.stream().filter(TransportEvent.ChannelMessageReceived.class::isInstance)
                        .map(TransportEvent.ChannelMessageReceived.class::cast).findFirst().orElse(null),
                found -> found != null);
        assertThat(message.label()).isEqualTo("_reliable");
        assertThat(new String(message.data(), StandardCharsets.UTF_8)).isEqualTo("hello");

        assertThat(runtime.livePeerConnections()).isEqualTo(2);
        Mono.when(sender.close(), receiver.close(), sender.close()).block(STEP);
        assertThat(runtime.livePeerConnections()).isZero();
        assertThat(sender.createOffer(false).onErrorResume(RtcStepException.class, e -> Mono.just(Sdp.offer("closed")))
                .block(STEP).sdp()).isEqualTo("closed");
        assertThat(AudioFrame.SAMPLES_PER_10MS).isEqualTo(480);
    }

    @Test
    void queuesRemoteCandidatesUntilTheRemoteDescriptionIsApplied() {
        PeerTransport a = PeerTransport.open(runtime, AudioPath.SEND, "a", List.of()).block(STEP);
        PeerTransport b = PeerTransport.open(runtime, AudioPath.RECEIVE, "b", List.of()).block(STEP);
        List<IceCandidate> fromA = new CopyOnWriteArrayList<>();
        List<TransportEvent> bEvents = new CopyOnWriteArrayList<>();
        subscriptions.add(a.events().ofType(TransportEvent.CandidateGathered.class)
                .subscribe(e -> fromA.add(e.candidate())));
        subscriptions.add(b.events().doOnNext(bEvents::add).ofType(TransportEvent.CandidateGathered.class)
                .concatMap(e -> a.addIceCandidate(e.candidate())).subscribe());
        a.createDataChannel("_lossy", false, 0).block(STEP);
        Sdp offer = a.createOffer(false).block(STEP);
        a.setLocalDescription(offer).block(STEP);
        await().atMost(STEP).until(() -> !fromA.isEmpty());
        // B has no remote description yet: these must be queued, not dropped.
        fromA.forEach(c -> b.addIceCandidate(c).block(STEP));
        b.setRemoteDescription(offer).block(STEP);
        Sdp answer = b.createAnswer().block(STEP);
        b.setLocalDescription(answer).block(STEP);
        a.setRemoteDescription(answer).block(STEP);

        await().atMost(STEP).until(() -> connected(bEvents));
        Mono.when(a.close(), b.close()).block(STEP);
    }

    @Test
    void afterAnIceRestartTheSelectedPathRunsOnTheNewCredentials() {
        PeerTransport a = PeerTransport.open(runtime, AudioPath.SEND, "a", List.of()).block(STEP);
        PeerTransport b = PeerTransport.open(runtime, AudioPath.RECEIVE, "b", List.of()).block(STEP);
        subscriptions.add(a.events().ofType(TransportEvent.CandidateGathered.class)
                .concatMap(e -> b.addIceCandidate(e.candidate())).subscribe());
        subscriptions.add(b.events().ofType(TransportEvent.CandidateGathered.class)
                .concatMap(e -> a.addIceCandidate(e.candidate())).subscribe());
        a.createDataChannel("_reliable", true, -1).block(STEP);
        String first = negotiate(a, b, false).iceUfrag();
        await().atMost(STEP).until(() -> first.equals(a.icePath().block(STEP).localUfrag()));

        String second = negotiate(a, b, true).iceUfrag();
        assertThat(second).isNotEqualTo(first).isNotEmpty();
        await().atMost(STEP).until(() -> second.equals(a.icePath().block(STEP).localUfrag()));
        assertThat(a.icePath().block(STEP).state()).isEqualTo("succeeded");
        assertThat(a.icePath().block(STEP).connectedOn(second)).isTrue();
        Mono.when(a.close(), b.close()).block(STEP);
    }

    /**
     * libwebrtc may still hold a track for a moment after {@code removeTrack} (a stats read collecting, as the
     * path watch does throughout a resume); webrtc-java then releases our reference and throws from the track's
     * dispose. Here the other holder is made deterministic: a second peer connection sending the same track.
     */
    @Test
    void removingATrackLibwebrtcStillHoldsSucceedsAndReleasesOurReferenceOnce() {
        PeerTransport a = PeerTransport.open(runtime, AudioPath.SEND, "a", List.of()).block(STEP);
        LocalAudio audio = a.addAudioTrack("TR_held", List.of("PA_a|TR_held")).block(STEP);
        dev.onvoid.webrtc.RTCPeerConnection other = NativeRuntime.of(runtime).factory(AudioPath.SEND)
                .createPeerConnection(new dev.onvoid.webrtc.RTCConfiguration(), candidate -> { });
        try {
            other.addTrack(((NativeLocalAudio) audio).track(), List.of("other"));

            a.removeAudioTrack(audio).block(STEP);

            assertThat(audio.isDisposed()).isTrue();
            assertThat(a.midToTrackId().block(STEP)).doesNotContainValue("TR_held");
        } finally {
            // The other holder lets go: libwebrtc frees the track now (our reference was released exactly once).
            other.close();
        }
        a.close().block(STEP);
    }

    /** Offer and answer; returns the offer (its ufrag is the offerer's local credentials). */
    private static Sdp negotiate(PeerTransport offerer, PeerTransport answerer, boolean iceRestart) {
        return LoopbackPair.negotiate(offerer, answerer, iceRestart, STEP);
    }

    private static boolean connected(List<TransportEvent> events) {
        return events.stream().anyMatch(e -> e instanceof TransportEvent.StateChanged s && s.state() == PeerState.CONNECTED);
    }
}
