package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, soak: recovery cycles against a testkit in a process of its own while audio and data flow both ways,
 * alternating a migration (resume) and a {@code leave{RECONNECT}} (full reconnect). After every cycle the agent
 * reported {@code Reconnected} in the expected mode, the caller hears the agent's tone again and the agent the
 * caller's, and a reliable packet each way arrives. What the process holds is read after every full reconnect (which
 * gives back the per-ICE-generation sockets libwebrtc keeps until a connection closes; ResumeResourcesTest): after a
 * warm-up, threads, live peer connections and descriptors stay within 5 % of their post-warm-up level; heap after
 * a GC and resident memory grow by no more than webrtc-java's own leaks allow per cycle (see below). Cycles:
 * {@code -Drtcr.soak.cycles} (100 in CI; 1000 is the long mode).
 */
@Timeout(value = 60, unit = java.util.concurrent.TimeUnit.MINUTES)
class SoakTest {

    private static final int CYCLES = Integer.getInteger("rtcr.soak.cycles", 100);
    private static final int WARM_UP = Math.max(10, CYCLES / 10);
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** webrtc-java's per-received-message heap leak (about 1 kB) for a full reconnect's cycle pair (4 messages). */
    private static final long HEAP_PER_FULL_RECONNECT_KB = 8;
    /** The same for a short call (one message received). */
    private static final long HEAP_PER_CALL_KB = 3;
    /** What webrtc-java keeps of a full reconnect's closed pair (about 300 kB measured) and a margin. */
    private static final long RSS_PER_FULL_RECONNECT_KB = 512;

    @Test
    void recoveryCyclesWithAudioAndDataFlowingLeaveNothingBehind() throws Exception {
        NetworkNamespace.requireIsolated();
        RtcRuntime runtime = RtcRuntime.createAsync("soak").block(WAIT);
        List<Disposable> subscriptions = new ArrayList<>();
        try (SeparateTestkit testkit = SeparateTestkit.start()) {
            RoomOptions options = RoomOptions.defaults().withRtcRuntime(runtime);
            Room agent = Room.create(testkit.url(), testkit.token("soak", "agent"), options);
            Room caller = Room.create(testkit.url(), testkit.token("soak", "caller"), options);
            // The test keeps only what it checks (each text until it was seen, the Reconnected records): holding every
            // event would hold every track and participant of 1000 cycles, and the heap check would measure the test.
            List<RoomEvent.Reconnected> reconnects = new CopyOnWriteArrayList<>();
            List<RoomEvent.Disconnected> ends = new CopyOnWriteArrayList<>();
            subscriptions.add(agent.events(RoomEvent.Reconnected.class).subscribe(reconnects::add));
            subscriptions.add(agent.events(RoomEvent.Disconnected.class).subscribe(ends::add));
            java.util.Set<String> atAgent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Set<String> atCaller = java.util.concurrent.ConcurrentHashMap.newKeySet();
            ToneDetector agentHears = new ToneDetector();
            ToneDetector callerHears = new ToneDetector();
            subscriptions.add(agent.dataReceived().subscribe(d -> atAgent.add(d.text())));
            subscriptions.add(caller.dataReceived().subscribe(d -> atCaller.add(d.text())));
            subscriptions.add(agent.events(RoomEvent.TrackSubscribed.class).map(RoomEvent.TrackSubscribed::track)
                    .flatMap(RemoteAudioTrack::frames).subscribe(agentHears::add));
            subscriptions.add(caller.events(RoomEvent.TrackSubscribed.class).map(RoomEvent.TrackSubscribed::track)
                    .flatMap(RemoteAudioTrack::frames).subscribe(callerHears::add));
            agent.connect().block(WAIT);
            caller.connect().block(WAIT);
            agent.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults())
                    .block(WAIT);
            caller.localParticipant().publishAudio(Tone.endless(660, 12_000), AudioPublishOptions.defaults())
                    .block(WAIT);

            List<ProcessResources> samples = new ArrayList<>();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                boolean resume = cycle % 2 == 1;
                testkit.fault(resume
                        ? "{\"room\":\"soak\",\"identity\":\"agent\",\"fault\":\"migrate\",\"old_path\":\""
                                + (cycle % 4 == 1 ? "keep" : "drop") + "\"}"
                        : "{\"room\":\"soak\",\"identity\":\"agent\",\"fault\":\"leave\",\"action\":\"RECONNECT\","
                                + "\"reason\":\"STATE_MISMATCH\"}");
                int n = cycle;
                RoomEvent.Reconnected reconnected = await().atMost(WAIT).until(() -> reconnects.size() >= n
                        ? reconnects.get(n - 1) : null, e -> e != null);
                // On a mismatch the agent's recent history says why (a migration that fell back to a full reconnect).
                assertThat(reconnected.mode()).as(() -> "cycle " + n + "\n" + agent.diagnostics())
                        .isEqualTo(resume ? Mode.RESUME : Mode.FULL);

                int heardByCaller = callerHears.voicedFrames();
                int heardByAgent = agentHears.voicedFrames();
                await().atMost(WAIT).until(() -> callerHears.voicedFrames() > heardByCaller + 25
                        && agentHears.voicedFrames() > heardByAgent + 25);
                String there = "to caller " + cycle;
                String back = "to agent " + cycle;
                agent.publishData(there.getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(WAIT);
                caller.publishData(back.getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(WAIT);
                await().atMost(WAIT).until(() -> atCaller.contains(there) && atAgent.contains(back));
                atCaller.remove(there);
                atAgent.remove(back);
                if (!resume) {
                    samples.add(ProcessResources.afterGc(runtime.livePeerConnections()));
                }
            }
            assertThat(ends).isEmpty();
            assertThat(reconnects).hasSize(CYCLES);
            assertThat(callerHears.dominant(440, 660)).isEqualTo(440);
            assertThat(agentHears.dominant(440, 660)).isEqualTo(660);

            List<ProcessResources> settled = samples.subList(WARM_UP / 2, samples.size());
            ProcessResources first = settled.get(0);
            System.out.println("soak: " + CYCLES + " cycles; after warm-up " + first + "; last " + samples.get(
                    samples.size() - 1) + "; every full reconnect " + samples);
            within5Percent(settled, "threads", ProcessResources::threads);
            within5Percent(settled, "live peer connections", ProcessResources::livePeerConnections);
            within5Percent(settled, "descriptors", ProcessResources::descriptors);
            // Resident memory is not flat, and cannot be from here: webrtc-java 0.14 never frees part of a closed
            // connection's native memory (about 230 kB per closed connected pair measured on the adapter alone,
            // ConnectionCycleCostTest; shared/WEBRTC.md). Bounded per full reconnect instead, so that a leak of
            // ours on top of it still fails: docs/reliability.md has the figures.
            long rssGrowth = samples.get(samples.size() - 1).rssKb() - first.rssKb();
            int fullReconnects = samples.size() - 1 - WARM_UP / 2;
            assertThat(rssGrowth).as("resident memory growth over %d full reconnects: %s", fullReconnects,
                    settled.stream().map(ProcessResources::rssKb).toList())
                    .isLessThanOrEqualTo(RSS_PER_FULL_RECONNECT_KB * fullReconnects);
            // The heap keeps webrtc-java's per-message leak (a buffer, its direct ByteBuffer and a map entry for every
            // data-channel message received, about 1 kB: class histograms of 270 short calls): bounded per unit
            // instead of flat. The observer leak of ours this test found held 80 kB per full reconnect.
            withinBudget(settled, "heap after GC (kB)", ProcessResources::heapAfterGcKb, HEAP_PER_FULL_RECONNECT_KB,
                    1);

            caller.disconnect().block(WAIT);
            agent.disconnect().block(WAIT);
            assertThat(runtime.livePeerConnections()).as("every connection closed").isZero();
        } finally {
            subscriptions.forEach(Disposable::dispose);
            runtime.release().block(WAIT);
        }
    }

    /**
     * Short calls, one after another in one JVM: an agent joins, publishes, is heard by a caller who stays, gets a
     * reliable packet from it, and leaves. Same leak checks, sampled every fifth call; every call's connections are
     * closed when it ends. Calls: {@code -Drtcr.soak.calls} (100 in CI; 1000 is the long mode).
     */
    @Test
    void shortCallsOneAfterAnotherLeaveNothingBehind() throws Exception {
        NetworkNamespace.requireIsolated();
        int calls = Integer.getInteger("rtcr.soak.calls", 100);
        RtcRuntime runtime = RtcRuntime.createAsync("calls").block(WAIT);
        List<Disposable> subscriptions = new ArrayList<>();
        try (SeparateTestkit testkit = SeparateTestkit.start()) {
            RoomOptions options = RoomOptions.defaults().withRtcRuntime(runtime);
            Room caller = Room.create(testkit.url(), testkit.token("calls", "caller"), options);
            java.util.Set<String> atCaller = java.util.concurrent.ConcurrentHashMap.newKeySet();
            ToneDetector callerHears = new ToneDetector();
            subscriptions.add(caller.dataReceived().subscribe(d -> atCaller.add(d.text())));
            subscriptions.add(caller.events(RoomEvent.TrackSubscribed.class).map(RoomEvent.TrackSubscribed::track)
                    .flatMap(RemoteAudioTrack::frames).subscribe(callerHears::add));
            caller.connect().block(WAIT);
            int callerConnections = runtime.livePeerConnections();

            List<ProcessResources> samples = new ArrayList<>();
            for (int call = 1; call <= calls; call++) {
                Room agent = Room.create(testkit.url(), testkit.token("calls", "agent"), options);
                agent.connect().block(WAIT);
                agent.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults())
                        .block(WAIT);
                int heard = callerHears.voicedFrames();
                await().atMost(WAIT).until(() -> callerHears.voicedFrames() > heard + 10);
                String text = "call " + call;
                agent.publishData(text.getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(WAIT);
                await().atMost(WAIT).until(() -> atCaller.contains(text));
                atCaller.remove(text);
                agent.disconnect().block(WAIT);
                assertThat(agent.ended().block(WAIT).reason())
                        .isEqualTo(io.rtcreactor.engine.DisconnectReason.CLIENT_INITIATED);
                assertThat(runtime.livePeerConnections()).as("call %d's connections closed", call)
                        .isEqualTo(callerConnections);
                if (call % 5 == 0) {
                    samples.add(ProcessResources.afterGc(runtime.livePeerConnections()));
                }
            }
            // Warm-up: the first fifth (at least 20 calls: JIT, the caller's flight recorder filling to its bound).
            List<ProcessResources> settled = samples.subList(Math.min(Math.max(4, samples.size() / 5),
                    samples.size() - 1), samples.size());
            System.out.println("short calls: " + calls + "; every fifth " + samples);
            within5Percent(settled, "threads", ProcessResources::threads);
            within5Percent(settled, "descriptors", ProcessResources::descriptors);
            // The heap keeps webrtc-java's per-message leak (a buffer, its direct ByteBuffer and a map entry for every
            // data-channel message received, about 1 kB: class histograms of 270 short calls): bounded per unit
            // instead of flat. The observer leak of ours this test found held 80 kB per full reconnect.
            withinBudget(settled, "heap after GC (kB)", ProcessResources::heapAfterGcKb, HEAP_PER_CALL_KB, 5);
            long rssGrowth = settled.get(settled.size() - 1).rssKb() - settled.get(0).rssKb();
            int callsSince = (settled.size() - 1) * 5;
            assertThat(rssGrowth).as("resident memory growth over %d calls: %s", callsSince,
                    settled.stream().map(ProcessResources::rssKb).toList())
                    .isLessThanOrEqualTo(RSS_PER_FULL_RECONNECT_KB * callsSince);
            caller.disconnect().block(WAIT);
        } finally {
            subscriptions.forEach(Disposable::dispose);
            runtime.release().block(WAIT);
        }
    }

    /** From the first settled sample to the last, {@code what} grew by at most {@code perUnit} per unit. */
    private static void withinBudget(List<ProcessResources> settled, String what,
                                     ToLongFunction<ProcessResources> value, long perUnit, int unitsPerSample) {
        long growth = value.applyAsLong(settled.get(settled.size() - 1)) - value.applyAsLong(settled.get(0));
        long units = (long) (settled.size() - 1) * unitsPerSample;
        assertThat(growth).as("%s grew %d over %d units (budget %d each): %s", what, growth, units, perUnit,
                settled.stream().mapToLong(value).boxed().toList()).isLessThanOrEqualTo(perUnit * units);
    }

    /** The last quarter's highest value is within 5 % of the first settled value: nothing grows per cycle. */
    private static void within5Percent(List<ProcessResources> settled, String what,
                                       ToLongFunction<ProcessResources> value) {
        long start = value.applyAsLong(settled.get(0));
        long lastQuarterMax = settled.subList(settled.size() * 3 / 4, settled.size()).stream().mapToLong(value)
                .max().orElseThrow();
        assertThat((double) lastQuarterMax).as("%s: from %d after warm-up to %d (all: %s)", what, start,
                lastQuarterMax, settled.stream().mapToLong(value).boxed().toList())
                .isLessThanOrEqualTo(start * 1.05 + 1);
    }
}
