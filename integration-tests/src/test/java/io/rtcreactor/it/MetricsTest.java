package io.rtcreactor.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, Micrometer: an agent session bound to a registry is counted by state, its migration is a recovered
 * RESUME episode with its cause, its signal messages are counted by type, and after disconnect it counts nowhere.
 */
@Timeout(120)
class MetricsTest {

    @Test
    void aSessionsLifeAndItsMigrationShowInTheRegistry() {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(),
                Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry)))) {
            scenario.established();
            assertThat(registry.get("rtcreactor.sessions").tag("state", "connected").gauge().value()).isEqualTo(1);
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(registry.get("rtcreactor.reconnect.episodes").tags("mode", "resume", "outcome", "recovered",
                    "cause", "LeaveRequestedException").timer().count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "in", "type", "leave").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "out", "type", "sync_state")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.sessions").tag("state", "connected").gauge().value()).isEqualTo(1);
            // Every signal message that reached the lane was timed on its way there.
            assertThat(registry.get("rtcreactor.lane.latency").timer().count()).isGreaterThanOrEqualTo(
                    (long) registry.get("rtcreactor.signal.messages").tags("direction", "in", "type", "leave")
                            .counter().count());
            assertThat(registry.get("rtcreactor.lane.latency").timer().count()).isPositive();
            // No identity, room or token among the tags.
            assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                    .noneMatch(tag -> tag.getValue().contains("agent") || tag.getValue().contains("faults")));

            scenario.agent.room.disconnect().block(Harness.WAIT);
            await().atMost(Harness.WAIT).until(() -> registry.find("rtcreactor.sessions").gauges().stream()
                    .mapToDouble(g -> g.value()).sum() == 0);
        }
    }

    /** A subscriber that takes one frame and never asks for more: its buffer fills and each frame after is counted. */
    @Test
    void framesLostByASubscriberThatFellBehindAreCounted() {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Harness harness = new Harness()) {
            Harness.Recorded peer = harness.join("drops", "peer");
            Harness.Recorded agent = harness.join("drops", "agent",
                    io.rtcreactor.engine.RoomOptions.defaults().withMetrics(MicrometerMetrics.bind(registry)));
            Harness.publishTone(peer.room, 440);
            io.rtcreactor.engine.RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> agent
                    .events(io.rtcreactor.engine.RoomEvent.TrackSubscribed.class).stream().findFirst()
                    .map(io.rtcreactor.engine.RoomEvent.TrackSubscribed::track).orElse(null), t -> t != null);
            reactor.core.publisher.BaseSubscriber<io.rtcreactor.engine.AudioFrame> stalled =
                    new reactor.core.publisher.BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(org.reactivestreams.Subscription subscription) {
                            subscription.request(1);
                        }
                    };
            track.frames().subscribe(stalled);
            harness.keep(stalled);
            await().atMost(Harness.WAIT).until(() -> track.droppedFrames() > 10);
            assertThat(registry.get("rtcreactor.audio.frames.dropped").counter().count()).isPositive();
        }
    }
}
