package io.rtcreactor.benchmarks.density;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.testing.Tone;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * P5's floor: the same calls' media with webrtc-java alone, no engine. Per call, as the engine has it, a sending
 * peer connection on a factory with a dummy audio module fed by a {@code CustomAudioSource} and a receiving one on a
 * factory with a headless module whose playout pulls the remote audio into a sink (shared/WEBRTC.md's recipe); the
 * sending side offers, without trickle. No SFU: the agent's and the caller's connections meet directly, their SDP
 * relayed by the parent through stdin and stdout:
 * <pre>
 * java -cp … io.rtcreactor.benchmarks.density.RawDensityNode agent|caller &lt;N&gt;
 * </pre>
 * prints {@code offer}/{@code answer} lines for the other side and takes theirs as {@code offer}/{@code answer}
 * commands; then the same {@code ready}, {@code measure <seconds>} and {@code exit} as {@link DensityNode}.
 */
public final class RawDensityNode {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RawDensityNode() {
    }

    public static void main(String[] args) throws Exception {
        String role = args[0];
        int n = Integer.parseInt(args[1]);
        AudioDeviceModule sendModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
        PeerConnectionFactory sendFactory = new PeerConnectionFactory(sendModule);
        HeadlessAudioDeviceModule receiveModule = new HeadlessAudioDeviceModule();
        PeerConnectionFactory receiveFactory = new PeerConnectionFactory(receiveModule);
        receiveModule.initPlayout();
        receiveModule.startPlayout();
        List<FrameTimes> clocks = new CopyOnWriteArrayList<>();
        Call[] calls = new Call[n];
        for (int k = 0; k < n; k++) {
            calls[k] = new Call(k, sendFactory, receiveFactory, clocks);
        }
        for (Call call : calls) {
            String offer = call.offer();
            DensityNode.emit(Map.of("event", "offer", "call", call.index, "sdp", offer));
        }
        // The same looped second as DensityNode's calls send, so that neither side pays for synthesis.
        List<AudioFrame> second = Tone.second(role.equals("agent") ? 440 : 660, 12_000);
        ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
        long[] index = {0};
        pusher.scheduleAtFixedRate(() -> {
            AudioFrame frame = second.get((int) (index[0]++ % second.size()));
            for (Call call : calls) {
                call.source.pushAudio(frame.pcm(), 16, frame.sampleRate(), frame.channels(), frame.samplesPerChannel());
            }
        }, 0, 10, TimeUnit.MILLISECONDS);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        boolean ready = false;
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("{")) {
                JsonNode command = JSON.readTree(line);
                Call call = calls[command.path("call").asInt()];
                if (command.path("cmd").asText().equals("offer")) {
                    DensityNode.emit(Map.of("event", "answer", "call", call.index, "sdp",
                            call.answer(command.path("sdp").asText())));
                } else {
                    call.answered(command.path("sdp").asText());
                }
            } else if (line.startsWith("await")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (clocks.size() < n && System.nanoTime() < deadline) {
                    Mono.delay(Duration.ofMillis(100)).block();
                }
                ready = clocks.size() >= n;
                DensityNode.emit(Map.of("event", "ready", "sessions", n, "tracks", clocks.size(), "hearing", ready));
            } else if (line.startsWith("measure")) {
                DensityNode.measure(clocks, Integer.parseInt(line.split(" ")[1]));
            } else if (line.equals("exit")) {
                break;
            }
        }
        pusher.shutdownNow();
        for (Call call : calls) {
            call.close();
        }
        System.exit(0);
    }

    /** One call's two connections. */
    private static final class Call implements PeerConnectionObserver {
        final int index;
        final CustomAudioSource source = new CustomAudioSource();
        final AudioTrack track;
        final RTCPeerConnection sending;
        final RTCPeerConnection receiving;
        final List<FrameTimes> clocks;
        final Gathering sendGathering = new Gathering();
        final Gathering receiveGathering = new Gathering();

        Call(int index, PeerConnectionFactory sendFactory, PeerConnectionFactory receiveFactory,
             List<FrameTimes> clocks) {
            this.index = index;
            this.clocks = clocks;
            this.sending = sendFactory.createPeerConnection(configuration(), sendGathering);
            this.track = sendFactory.createAudioTrack("raw-" + index, source);
            this.sending.addTrack(track, List.of("raw-" + index));
            this.receiving = receiveFactory.createPeerConnection(configuration(), this);
        }

        String offer() throws Exception {
            RTCSessionDescription offer = describe(observer -> sending.createOffer(new RTCOfferOptions(), observer));
            apply(observer -> sending.setLocalDescription(offer, observer));
            sendGathering.complete.get(10, TimeUnit.SECONDS);
            return sending.getLocalDescription().sdp;
        }

        void answered(String sdp) throws Exception {
            apply(observer -> sending.setRemoteDescription(new RTCSessionDescription(RTCSdpType.ANSWER, sdp),
                    observer));
        }

        String answer(String offer) throws Exception {
            apply(observer -> receiving.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, offer),
                    observer));
            RTCSessionDescription answer = describe(observer -> receiving.createAnswer(new RTCAnswerOptions(),
                    observer));
            apply(observer -> receiving.setLocalDescription(answer, observer));
            receiveGathering.complete.get(10, TimeUnit.SECONDS);
            return receiving.getLocalDescription().sdp;
        }

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            receiveGathering.onIceGatheringChange(state);
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            FrameTimes clock = new FrameTimes();
            clocks.add(clock);
            ((AudioTrack) transceiver.getReceiver().getTrack()).addSink(
                    (data, bits, sampleRate, channels, frames) -> clock.add(frames, sampleRate));
        }

        void close() {
            sending.close();
            receiving.close();
        }
    }

    /** Completes once a connection has gathered all its candidates (no trickle: they go in the SDP). */
    private static final class Gathering implements PeerConnectionObserver {
        final CompletableFuture<Void> complete = new CompletableFuture<>();

        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                complete.complete(null);
            }
        }
    }

    private static RTCConfiguration configuration() {
        RTCConfiguration config = new RTCConfiguration();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        return config;
    }

    private interface Describing {
        void call(CreateSessionDescriptionObserver observer);
    }

    private interface Applying {
        void call(SetSessionDescriptionObserver observer);
    }

    private static RTCSessionDescription describe(Describing step) throws Exception {
        CompletableFuture<RTCSessionDescription> done = new CompletableFuture<>();
        step.call(new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                done.complete(description);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    private static void apply(Applying step) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        step.call(new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                done.complete(null);
            }

            @Override
            public void onFailure(String error) {
                done.completeExceptionally(new IllegalStateException(error));
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }
}
