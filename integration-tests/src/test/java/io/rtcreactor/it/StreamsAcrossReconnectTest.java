package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: text streams across reconnects, between two engines through the testkit. Across a resume in the middle
 * of a stream, the stream arrives whole and in order (its chunks are reliable packets: numbered, re-sent above the
 * server's last_message_seq); across a full reconnect the receiver gets a {@link StreamBrokenException} for the
 * broken stream, never a stream that completes short.
 */
@Timeout(180)
class StreamsAcrossReconnectTest {

    /** Part {@code i}: 20 000 characters (two chunks), its number first so that order is visible. */
    private static String part(int i) {
        String head = "[part " + i + "]";
        return head + String.valueOf((char) ('a' + i % 26)).repeat(20_000 - head.length());
    }

    private static String parts(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(StreamsAcrossReconnectTest::part)
                .collect(Collectors.joining());
    }

    /** Every text stream {@code room} receives on {@code topic}, with the chunks read so far. */
    private static final class Received {
        final AtomicReference<TextStream> stream = new AtomicReference<>();
        final List<String> chunks = new CopyOnWriteArrayList<>();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        volatile boolean complete;

        Received(Harness harness, io.rtcreactor.engine.Room room, String topic) {
            room.registerTextStreamHandler(topic, s -> {
                stream.set(s);
                harness.keep(s.chunks().subscribe(chunks::add, error::set, () -> complete = true));
            });
        }

        String text() {
            return String.join("", chunks);
        }
    }

    @Test
    void aStreamSentAcrossTheSendersResumeArrivesWholeAndInOrder() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            Received atPeer = new Received(scenario.harness, scenario.peer.room, "story");
            Sinks.Many<String> story = Sinks.many().unicast().onBackpressureBuffer();
            AtomicReference<StreamInfo> sent = new AtomicReference<>();
            AtomicReference<Throwable> sendFailed = new AtomicReference<>();
            scenario.harness.keep(scenario.agent.room.localParticipant()
                    .streamText(story.asFlux(), StreamOptions.topic("story"))
                    .subscribe(sent::set, sendFailed::set));
            for (int i = 1; i <= 3; i++) {
                story.tryEmitNext(part(i));
            }
            await().atMost(Harness.WAIT).until(() -> atPeer.text().length() == parts(1, 3).length());

            // The path dies under the next four reliable packets from the agent (parts 4 and 5, two chunks each):
            // the server never sees them (a reliable ordered channel loses only a tail, never a packet between
            // two it delivers). Then the agent is migrated: it resumes, and re-sends them from its buffer.
            scenario.fault(new Fault.DropReliable(4));
            story.tryEmitNext(part(4));
            story.tryEmitNext(part(5));
            await().atMost(Harness.WAIT).until(() -> scenario.record("agent").reliableDropped() == 4);
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            story.tryEmitNext(part(6));
            story.tryEmitComplete();

            await().atMost(Harness.WAIT).until(() -> atPeer.complete || atPeer.error.get() != null);
            assertThat(atPeer.error.get()).isNull();
            assertThat(atPeer.text()).isEqualTo(parts(1, 6));
            await().atMost(Harness.WAIT).until(() -> sent.get() != null || sendFailed.get() != null);
            assertThat(sendFailed.get()).isNull();
            assertThat(atPeer.stream.get().info().id()).isEqualTo(sent.get().id());
            assertThat(atPeer.stream.get().info().senderIdentity()).isEqualTo("agent");
            assertThat(scenario.agent.events(RoomEvent.DataGap.class)).isEmpty();
            assertThat(scenario.peer.events(RoomEvent.DataGap.class)).isEmpty();
        }
    }

    @Test
    void aStreamReceivedAcrossTheReceiversResumeArrivesWholeAndInOrder() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            Received atAgent = new Received(scenario.harness, scenario.agent.room, "story");
            Sinks.Many<String> story = Sinks.many().unicast().onBackpressureBuffer();
            scenario.harness.keep(scenario.peer.room.localParticipant()
                    .streamText(story.asFlux(), StreamOptions.topic("story")).subscribe());
            story.tryEmitNext(part(1));
            story.tryEmitNext(part(2));
            await().atMost(Harness.WAIT).until(() -> atAgent.text().length() == parts(1, 2).length());

            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            story.tryEmitNext(part(3));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            story.tryEmitNext(part(4));
            story.tryEmitComplete();

            await().atMost(Harness.WAIT).until(() -> atAgent.complete || atAgent.error.get() != null);
            assertThat(atAgent.error.get()).isNull();
            assertThat(atAgent.text()).isEqualTo(parts(1, 4));
        }
    }

    @Test
    void aFullReconnectBreaksTheStreamsInProgressOnBothSidesInsteadOfTruncatingThem() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            // One stream each way, both half sent when the agent is told to reconnect fully.
            Received atAgent = new Received(scenario.harness, scenario.agent.room, "in");
            Received atPeer = new Received(scenario.harness, scenario.peer.room, "out");
            Sinks.Many<String> toAgent = Sinks.many().unicast().onBackpressureBuffer();
            Sinks.Many<String> toPeer = Sinks.many().unicast().onBackpressureBuffer();
            AtomicReference<Throwable> agentSendFailed = new AtomicReference<>();
            scenario.harness.keep(scenario.peer.room.localParticipant()
                    .streamText(toAgent.asFlux(), StreamOptions.topic("in")).subscribe());
            scenario.harness.keep(scenario.agent.room.localParticipant()
                    .streamText(toPeer.asFlux(), StreamOptions.topic("out")).subscribe(null, agentSendFailed::set));
            toAgent.tryEmitNext(part(1));
            toPeer.tryEmitNext(part(1));
            await().atMost(Harness.WAIT).until(() -> atAgent.text().length() == part(1).length()
                    && atPeer.text().length() == part(1).length());

            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
            toAgent.tryEmitNext(part(2));
            toAgent.tryEmitComplete();
            toPeer.tryEmitNext(part(2));
            toPeer.tryEmitComplete();

            // The agent, receiving: its new session cannot have the rest of the old one's stream.
            await().atMost(Harness.WAIT).until(() -> atAgent.error.get() != null || atAgent.complete);
            assertThat(atAgent.complete).isFalse();
            assertThat(atAgent.error.get()).isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("reconnected fully");
            // The peer, receiving from the agent: the agent it knew left (a new participant took its identity).
            await().atMost(Harness.WAIT).until(() -> atPeer.error.get() != null || atPeer.complete);
            assertThat(atPeer.complete).isFalse();
            assertThat(atPeer.error.get()).isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("left the room");
            // The agent, sending: told that its receivers lost the start, so that it can send again.
            await().atMost(Harness.WAIT).until(() -> agentSendFailed.get() != null);
            assertThat(agentSendFailed.get()).isInstanceOf(StreamBrokenException.class)
                    .hasMessageContaining("reconnected fully");
            assertThat(atPeer.text()).isEqualTo(part(1));
        }
    }
}
