package io.rtcreactor.it;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, lossless text streams: LosslessDataTest's rounds with text streams instead of single packets. In every
 * round each side streams {@value #PARTS} parts of about 1 kB (one chunk each) to the other; halfway, one side
 * loses the tail it just sent ({@code drop_reliable}), the other's last chunk is delivered twice
 * ({@code redeliver_reliable}), and the first is migrated and goes on streaming while it resumes. Both streams of
 * every round arrive whole, in order, exactly once, with no {@code DataGap}, and every recovery is a resume.
 * Rounds: {@code -Drtcr.data.rounds} (10 in CI: 2 000 chunks each way across 10 resumes; 50 is the long mode).
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
class LosslessStreamsTest {

    private static final int ROUNDS = Integer.getInteger("rtcr.data.rounds", 10);
    private static final int PARTS = 200;
    private static final int TAIL = 5;
    private static final String ROOM = "lossless-streams";

    /** Part {@code i} of a round's stream: its number first, then filler to about 1 kB. */
    private static String part(String from, int round, int i) {
        String head = "[" + from + " " + round + "." + i + "]";
        return head + "x".repeat(1000 - head.length());
    }

    private static String whole(String from, int round) {
        return IntStream.rangeClosed(1, PARTS).mapToObj(i -> part(from, round, i)).collect(Collectors.joining());
    }

    /** What a room received on each topic: the chunks so far, and whether the stream completed or failed. */
    private static final class Inbox {
        final Map<String, List<String>> chunks = new ConcurrentHashMap<>();
        final Map<String, Boolean> ended = new ConcurrentHashMap<>();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();

        void listen(Harness harness, Room room, String topic) {
            chunks.put(topic, new CopyOnWriteArrayList<>());
            room.registerTextStreamHandler(topic, (TextStream s) -> harness.keep(s.chunks().subscribe(
                    chunks.get(topic)::add, errors::add, () -> ended.put(topic, true))));
        }

        int length(String topic) {
            return chunks.get(topic).stream().mapToInt(String::length).sum();
        }

        String text(String topic) {
            return String.join("", chunks.get(topic));
        }
    }

    @Test
    void everyStreamArrivesWholeAndInOrderAcrossResumesWithLossAndRedelivery() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded agent = harness.join(ROOM, "agent", Scenario.fastOptions());
            Harness.Recorded peer = harness.join(ROOM, "peer", Scenario.fastOptions());
            Inbox atAgent = new Inbox();
            Inbox atPeer = new Inbox();
            List<Throwable> sendFailed = new CopyOnWriteArrayList<>();
            List<StreamInfo> sent = new CopyOnWriteArrayList<>();

            for (int round = 1; round <= ROUNDS; round++) {
                boolean agentMoves = round % 2 == 1;
                Harness.Recorded moving = agentMoves ? agent : peer;
                String movingId = agentMoves ? "agent" : "peer";
                String stayingId = agentMoves ? "peer" : "agent";
                String topic = "round-" + round;
                atAgent.listen(harness, agent.room, topic);
                atPeer.listen(harness, peer.room, topic);
                Sinks.Many<String> fromAgent = Sinks.many().unicast().onBackpressureBuffer();
                Sinks.Many<String> fromPeer = Sinks.many().unicast().onBackpressureBuffer();
                harness.keep(agent.room.localParticipant().streamText(fromAgent.asFlux(), StreamOptions.topic(topic))
                        .subscribe(sent::add, sendFailed::add));
                harness.keep(peer.room.localParticipant().streamText(fromPeer.asFlux(), StreamOptions.topic(topic))
                        .subscribe(sent::add, sendFailed::add));
                Sinks.Many<String> movingSink = agentMoves ? fromAgent : fromPeer;
                Sinks.Many<String> stayingSink = agentMoves ? fromPeer : fromAgent;
                Inbox movingReceiver = agentMoves ? atPeer : atAgent;
                int r = round;

                int half = PARTS / 2;
                emit(fromAgent, "agent", round, 1, half);
                emit(fromPeer, "peer", round, 1, half);
                await().atMost(Harness.WAIT).until(() -> atPeer.length(topic) == half * 1000
                        && atAgent.length(topic) == half * 1000);

                // As LosslessDataTest: the tail is lost in flight, the other side's last chunk comes twice, the
                // moving side is migrated and streams on once it knows it is resuming.
                long droppedBefore = record(harness, movingId).reliableDropped();
                harness.server.fault(ROOM, movingId, new Fault.DropReliable(TAIL)).block(Harness.WAIT);
                emit(movingSink, movingId, round, half + 1, half + TAIL);
                await().atMost(Harness.WAIT).until(() -> record(harness, movingId).reliableDropped()
                        == droppedBefore + TAIL);
                harness.server.fault(ROOM, stayingId, new Fault.RedeliverReliable()).block(Harness.WAIT);
                int resumesBefore = moving.events(RoomEvent.Reconnected.class).size();
                int resumingBefore = moving.events(RoomEvent.Resuming.class).size();
                harness.server.fault(ROOM, movingId, new Fault.Migrate(Duration.ofSeconds(3),
                        round % 4 < 2 ? Fault.OldPath.KEEP : Fault.OldPath.DROP)).block(Harness.WAIT);
                await().atMost(Harness.WAIT).until(() -> moving.events(RoomEvent.Resuming.class).size()
                        > resumingBefore);

                emit(movingSink, movingId, round, half + TAIL + 1, PARTS);
                emit(stayingSink, stayingId, round, half + 1, PARTS);
                movingSink.tryEmitComplete();
                stayingSink.tryEmitComplete();
                await().atMost(Harness.WAIT).until(() -> moving.events(RoomEvent.Reconnected.class).size()
                        > resumesBefore);
                await().atMost(Harness.WAIT).until(() -> (atPeer.ended.containsKey(topic)
                        && atAgent.ended.containsKey(topic)) || !atPeer.errors.isEmpty() || !atAgent.errors.isEmpty());
                assertThat(atPeer.errors).as("round %d", round).isEmpty();
                assertThat(atAgent.errors).as("round %d", round).isEmpty();
                assertThat(atPeer.text(topic)).as("agent -> peer, round %d", round).isEqualTo(whole("agent", r));
                assertThat(atAgent.text(topic)).as("peer -> agent, round %d", round).isEqualTo(whole("peer", r));
                assertThat(movingReceiver.chunks.get(topic)).hasSize(PARTS);
            }

            await().atMost(Harness.WAIT).until(() -> sent.size() + sendFailed.size() == 2 * ROUNDS);
            assertThat(sendFailed).isEmpty();
            for (Harness.Recorded side : List.of(agent, peer)) {
                assertThat(side.events(RoomEvent.DataGap.class)).isEmpty();
                assertThat(side.events(RoomEvent.Reconnected.class)).extracting(RoomEvent.Reconnected::mode)
                        .hasSize(agent == side ? (ROUNDS + 1) / 2 : ROUNDS / 2).containsOnly(Mode.RESUME);
            }
            System.out.println("lossless streams: " + ROUNDS + " rounds, " + ROUNDS * PARTS + " chunks each way, "
                    + record(harness, "agent").reliableDropped() + " + " + record(harness, "peer").reliableDropped()
                    + " dropped by the server and re-sent, " + ROUNDS + " resumes");
        }
    }

    private static void emit(Sinks.Many<String> sink, String from, int round, int first, int last) {
        for (int i = first; i <= last; i++) {
            assertThat(sink.tryEmitNext(part(from, round, i)).isSuccess()).isTrue();
        }
    }

    private static io.rtcreactor.testkit.room.ParticipantRecord record(Harness harness, String identity) {
        return harness.server.inspect(r -> r.record(ROOM, identity)).block(Harness.WAIT);
    }
}
