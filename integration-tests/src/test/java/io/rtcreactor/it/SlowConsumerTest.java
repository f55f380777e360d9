package io.rtcreactor.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, slow consumers: an application that subscribes to {@code events()}, {@code dataReceived()} and a remote
 * track's {@code frames()} and never reads any of them, while the other side floods it with reliable data and
 * audio. The session does not wait for it: a fast reader of the same streams gets every packet in order, the
 * control lane keeps its latency, the agent can still send, and the slow subscriber loses only its oldest items —
 * counted in {@code Room.droppedEvents()}, {@code RemoteAudioTrack.droppedFrames()} and the metrics
 * {@code rtcreactor.events.dropped} and {@code rtcreactor.audio.frames.dropped}.
 */
class SlowConsumerTest {

    private static final int PACKETS = 3000;

    @Test
    void anApplicationThatNeverReadsLosesOnlyItsOldestItemsAndNeverSlowsTheSession() {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoomOptions options = Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry))
                .withEventBuffer(256);
        try (Harness harness = new Harness()) {
            Harness.Recorded agent = harness.join("slow", "agent", options);
            Harness.Recorded peer = harness.join("slow", "peer");
            NeverReads<RoomEvent> slowEvents = new NeverReads<>();
            NeverReads<DataReceived> slowData = new NeverReads<>();
            NeverReads<io.rtcreactor.engine.AudioFrame> slowFrames = new NeverReads<>();
            agent.room.events().subscribe(slowEvents);
            agent.room.dataReceived().subscribe(slowData);
            List<DataReceived> fast = new CopyOnWriteArrayList<>();
            harness.keep(agent.room.dataReceived().subscribe(fast::add));

            Harness.publishTone(peer.room, 660);
            RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> agent.events(
                    RoomEvent.TrackSubscribed.class).stream().map(RoomEvent.TrackSubscribed::track).findFirst()
                    .orElse(null), t -> t != null);
            track.frames().subscribe(slowFrames);

            byte[] kilobyte = new byte[1024];
            Arrays.fill(kilobyte, (byte) 'x');
            Flux.range(1, PACKETS).concatMap(i -> peer.room.publishData(kilobyte, DataOptions.reliable()
                    .topic("flood"))).blockLast(Harness.WAIT);
            await().atMost(Harness.WAIT).until(() -> fast.size() >= PACKETS);
            assertThat(fast).as("the fast reader got every packet").hasSize(PACKETS);
            assertThat(fast).extracting(DataReceived::sequence).isSorted();

            await().atMost(Harness.WAIT).until(() -> track.droppedFrames() > 100);
            assertThat(agent.room.droppedEvents()).as("the slow subscriber lost its oldest packets")
                    .isGreaterThanOrEqualTo(PACKETS - 300);
            assertThat(registry.get("rtcreactor.events.dropped").counter().count())
                    .isEqualTo((double) agent.room.droppedEvents());
            assertThat(registry.get("rtcreactor.audio.frames.dropped").counter().count()).isGreaterThan(100);
            assertThat(registry.get("rtcreactor.lane.latency").timer().max(TimeUnit.MILLISECONDS))
                    .as("the control lane never waited on the slow subscriber").isLessThan(1000);

            // The session goes on: connected, and what the agent sends arrives.
            assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
            harness.keep(peer.room.dataReceived().subscribe(atPeer::add));
            agent.room.publishData("still here".getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                    .block(Harness.WAIT);
            await().atMost(Harness.WAIT).until(() -> atPeer.stream().anyMatch(d -> d.text().equals("still here")));

            // Reading at last, the slow subscriber finds the newest items, never more than its buffer.
            slowData.request(Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(10)).until(() -> !slowData.received.isEmpty());
            assertThat(slowData.received.size()).isLessThanOrEqualTo(256 + 1);
            assertThat(slowData.received.get(slowData.received.size() - 1).sequence())
                    .isEqualTo(fast.get(fast.size() - 1).sequence());
            slowEvents.dispose();
            slowData.dispose();
            slowFrames.dispose();
        }
    }

    /** Subscribes and requests nothing until told to. */
    private static final class NeverReads<T> extends BaseSubscriber<T> {
        final List<T> received = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // no request: an application that never reads
        }

        @Override
        protected void hookOnNext(T value) {
            received.add(value);
        }
    }
}
