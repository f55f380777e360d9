package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, soak: what one connected pair of peer connections (a tone and a reliable channel, as a full reconnect
 * makes) costs this process once closed, measured on the adapter alone (no session, no signalling), so that the
 * soak test's resident-memory figure can be split into the dependency's and ours. Prints the resident memory after
 * each cycle; asserts that every connection and sink is released and that the Java heap does not grow per cycle.
 * Cycles: {@code -Drtcr.pc.cycles} (20 in CI). {@code -Drtcr.pc.recycle=K} releases the runtime and makes a new
 * one every K cycles, to see whether disposing the factories returns the native memory (it does not:
 * docs/reliability.md, Soak).
 */
class ConnectionCycleCostTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static final int CYCLES = Integer.getInteger("rtcr.pc.cycles", 20);
    private static final int RECYCLE = Integer.getInteger("rtcr.pc.recycle", 0);

    @Test
    void aClosedConnectedPairLeavesNoJavaObjectsAndItsNativeCostIsMeasured() throws Exception {
        NetworkNamespace.requireIsolated();
        RtcRuntime runtime = RtcRuntime.createAsync("cycles").block(STEP);
        try {
            List<Long> rss = new ArrayList<>();
            List<Long> heap = new ArrayList<>();
            for (int i = 0; i < CYCLES; i++) {
                if (RECYCLE > 0 && i > 0 && i % RECYCLE == 0) {
                    runtime.release().block(STEP);
                    runtime = RtcRuntime.createAsync("cycles-" + i).block(STEP);
                }
                onePair(runtime);
                assertThat(runtime.livePeerConnections()).isZero();
                assertThat(runtime.attachedAudioSinks()).isZero();
                System.gc();
                heap.add(java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024);
                rss.add(rss());
            }
            int from = CYCLES / 4;
            long perCycle = (rss.get(CYCLES - 1) - rss.get(from)) / Math.max(1, CYCLES - 1 - from);
            System.out.println("connection cycles: " + CYCLES + "; resident kB after each " + rss + "; about "
                    + perCycle + " kB per closed pair after warm-up; heap kB after GC " + heap);
            assertThat(heap.get(CYCLES - 1)).as("heap after GC: %s", heap).isLessThanOrEqualTo(
                    (long) (heap.get(from) * 1.05) + 256);
        } finally {
            runtime.release().block(STEP);
        }
    }

    private static void onePair(RtcRuntime runtime) {
        List<Disposable> subscriptions = new ArrayList<>();
        LoopbackPair pair = LoopbackPair.open(runtime, STEP, subscriptions);
        PeerTransport sender = pair.sender;
        PeerTransport receiver = pair.receiver;
        List<TransportEvent> receiverEvents = pair.receiverEvents;
        try {
            DataChannel reliable = sender.createDataChannel("_reliable", true, -1).block(STEP);
            LocalAudio audio = sender.addAudioTrack("TR_cid", List.of("PA_sender|TR_cid")).block(STEP);
            pair.negotiate();
            TransportEvent.TrackReceived track = await().atMost(STEP).until(
                    () -> receiverEvents.stream().filter(TransportEvent.TrackReceived.class::isInstance)
                            .map(TransportEvent.TrackReceived.class::cast).findFirst().orElse(null),
                    found -> found != null);
            ToneDetector detector = new ToneDetector();
            track.audio().start().block(STEP);
            subscriptions.add(track.audio().frames(100).subscribe(detector::add));
            ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
            long[] index = {0};
            pusher.scheduleAtFixedRate(() -> audio.push(Tone.frame(440, 12_000, index[0]++)), 0, 10,
                    TimeUnit.MILLISECONDS);
            try {
                await().atMost(STEP).until(() -> detector.voicedFrames() > 50);
                await().atMost(STEP).until(() -> reliable.state().block(STEP) == DataChannel.State.OPEN);
                for (int i = 0; i < 20; i++) {
                    reliable.send(("message " + i).getBytes(StandardCharsets.UTF_8), true).block(STEP);
                }
                await().atMost(STEP).until(() -> receiverEvents.stream()
                        .filter(TransportEvent.ChannelMessageReceived.class::isInstance).count() == 20);
            } finally {
                pusher.shutdownNow();
            }
        } finally {
            Mono.when(sender.close(), receiver.close()).block(STEP);
            subscriptions.forEach(Disposable::dispose);
        }
    }

    private static long rss() throws java.io.IOException {
        return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst().orElse(0);
    }
}
