package io.rtcreactor.it;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, floods: the server bursts {@code -Drtcr.flood.count} (20 000 in CI) participant updates or trickled
 * candidates at the agent while audio and data flow ({@code flood}, a testkit addition). While the flood is being
 * read, a control message of the room (an administrator's mute of the peer's track, announced to the agent by a
 * ParticipantUpdate) still reaches the application promptly: the lane takes the socket's messages in order and
 * does nothing slow with any of them, so what stands in front of a control message is only the part of the flood
 * already on the wire. Throughout: no resume or reconnect (the flood is not mistaken for a dead server or a failed
 * transport), every update applied (the made-up participant's last update says it left, and it is gone), and after
 * it audio and data flow both ways. Prints how long the flood took to read, the lane's latency (the
 * {@code rtcreactor.lane.latency} metric: a message's arrival to its handling) and the control message's delay; only
 * the lane's longest wait is bounded, far above those figures, so that a starved lane fails.
 */
class FloodTest {

    private static final int COUNT = Integer.getInteger("rtcr.flood.count", 20_000);
    /** Far above the figures printed (well under a second here): only a starved lane misses it. */
    private static final Duration STARVED = Duration.ofSeconds(10);

    @ParameterizedTest
    @EnumSource(value = Fault.Flooding.class, names = {"PARTICIPANT_UPDATES", "TRICKLES"})
    void aFloodOfSignalMessagesDelaysNoControlMessageAndBreaksNothing(Fault.Flooding what) {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoomOptions options = Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry));
        String type = what == Fault.Flooding.PARTICIPANT_UPDATES ? "update" : "trickle";
        try (Scenario s = Scenario.start(TestkitOptions.defaults(), options)) {
            s.established();
            String peerTrack = s.peer.room.localParticipant().tracks().get(0).sid();
            double before = received(registry, type);
            Timer lane = registry.get("rtcreactor.lane.latency").timer();
            double laneMaxBefore = lane.max(TimeUnit.MILLISECONDS);

            Instant start = Instant.now();
            s.fault(new Fault.Flood(what, COUNT));
            Instant muted = Instant.now();
            s.harness.server.fault(Scenario.ROOM, "peer", new Fault.MuteTrack(peerTrack, true)).block(Harness.WAIT);
            RoomEvent.TrackMuteChanged change = await().atMost(STARVED).until(() -> s.agent
                    .events(RoomEvent.TrackMuteChanged.class).stream().filter(RoomEvent.TrackMuteChanged::muted)
                    .findFirst().orElse(null), Objects::nonNull);
            Duration controlDelay = Duration.between(muted, s.agent.seenAt.get(change));
            await().atMost(Harness.WAIT).until(() -> received(registry, type) >= before + COUNT);
            Duration read = Duration.between(start, Instant.now());
            System.out.printf("flood of %d %s: read in %d ms (%.0f messages/s); lane latency max %.1f ms (before"
                    + " %.1f ms), p99 %.1f ms; an admin mute behind it reached the application in %d ms%n", COUNT,
                    what, read.toMillis(), COUNT * 1000.0 / Math.max(1, read.toMillis()),
                    lane.max(TimeUnit.MILLISECONDS), laneMaxBefore, lane.takeSnapshot().percentileValues()[1]
                            .value(TimeUnit.MILLISECONDS), controlDelay.toMillis());
            assertThat(lane.max(TimeUnit.MILLISECONDS)).as("the lane's longest wait").isLessThan(STARVED.toMillis());
            if (what == Fault.Flooding.PARTICIPANT_UPDATES) {
                await().atMost(Harness.WAIT).until(() -> s.agent.events(RoomEvent.ParticipantDisconnected.class)
                        .stream().anyMatch(e -> e.participant().identity().equals("flood")));
                assertThat(s.agent.room.remoteParticipants()).doesNotContainKey("flood");
            }

            s.harness.server.fault(Scenario.ROOM, "peer", new Fault.MuteTrack(peerTrack, false)).block(Harness.WAIT);
            s.recovered();
            assertThat(s.agent.events(RoomEvent.Resuming.class)).as("no resume").isEmpty();
            assertThat(s.agent.events(RoomEvent.Reconnecting.class)).as("no reconnect").isEmpty();
            assertThat(s.agent.events(RoomEvent.Disconnected.class)).isEmpty();
        }
    }

    /**
     * The agent is sent {@code -Drtcr.flood.audio} (6 000 in CI: a minute) 10 ms frames at once on its downtrack of the
     * peer's tone: libwebrtc's jitter buffer absorbs what it cannot play, the engine's frames keep their real-time
     * pace (a subscriber that falls behind loses its oldest frames, counted in {@code rtcreactor.audio.frames.dropped}),
     * the heap does not keep the burst, and the call goes on: the agent hears the peer's tone again and audio and
     * data flow both ways, with no resume.
     */
    @org.junit.jupiter.api.Test
    void audioFasterThanRealTimeIsAbsorbedAndTheCallGoesOn() throws Exception {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoomOptions options = Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry));
        int frames = Integer.getInteger("rtcr.flood.audio", 6_000);
        try (Scenario s = Scenario.start(TestkitOptions.defaults(), options)) {
            s.established();
            long heapBefore = ProcessResources.afterGc(0).heapAfterGcKb();

            s.fault(new Fault.Flood(Fault.Flooding.AUDIO, frames));
            // The burst repeats one 10 ms frame, which is no longer the peer's tone: the agent hears the tone again
            // once the burst is played out or dropped, which a detector attached from then on shows.
            await().atMost(Harness.WAIT).until(() -> {
                ToneDetector fresh = s.harness.listen(s.agent);
                await().atMost(Harness.WAIT).until(() -> fresh.voicedFrames() > 100);
                return fresh.dominant(Scenario.AGENT_HZ, Scenario.PEER_HZ) == Scenario.PEER_HZ;
            });
            s.dataFlowsBothWays();

            long heapAfter = ProcessResources.afterGc(0).heapAfterGcKb();
            Timer lane = registry.get("rtcreactor.lane.latency").timer();
            System.out.printf("audio burst of %d frames (%d s) at once: frames dropped by slow subscribers %.0f; heap"
                    + " after GC %d -> %d kB; lane latency max %.1f ms%n", frames, frames / 100,
                    registry.get("rtcreactor.audio.frames.dropped").counter().count(), heapBefore, heapAfter,
                    lane.max(TimeUnit.MILLISECONDS));
            assertThat(heapAfter - heapBefore).as("heap kept after the burst (kB)").isLessThan(32 * 1024);
            assertThat(lane.max(TimeUnit.MILLISECONDS)).as("the lane's longest wait").isLessThan(STARVED.toMillis());
            assertThat(s.agent.events(RoomEvent.Resuming.class)).as("no resume").isEmpty();
            assertThat(s.agent.events(RoomEvent.Reconnecting.class)).as("no reconnect").isEmpty();
        }
    }

    /** Signal messages of {@code type} the agent has read so far. */
    private static double received(SimpleMeterRegistry registry, String type) {
        Counter counter = registry.find("rtcreactor.signal.messages").tags("direction", "in", "type", type)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
