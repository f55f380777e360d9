package io.rtcreactor.it;

import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, lossless reliable data (DESIGN.md invariant 11 under load): two sessions stream reliable packets at
 * each other in rounds; in every round one of them loses the tail it just sent ({@code drop_reliable}: the server
 * drops them without counting them as seen, as packets in flight when a node dies), is migrated at once, and keeps
 * sending while it resumes, while the other keeps streaming and gets its last packet delivered twice
 * ({@code redeliver_reliable}). At the end every packet arrived exactly once and in order, both ways, with no
 * {@code DataGap} (the retry buffer covers every loss), and every recovery was a resume. Rounds:
 * {@code -Drtcr.data.rounds} (10 in CI: 2 000 packets each way across 10 resumes; 50 is the long mode: 10 000 and
 * 50).
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES)
class LosslessDataTest {

    private static final int ROUNDS = Integer.getInteger("rtcr.data.rounds", 10);
    private static final int PER_ROUND = 200;
    private static final int TAIL = 5;
    private static final String ROOM = "lossless";

    @Test
    void everyReliablePacketArrivesOnceAndInOrderAcrossResumesWithLossAndRedelivery() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded agent = harness.join(ROOM, "agent", Scenario.fastOptions());
            Harness.Recorded peer = harness.join(ROOM, "peer", Scenario.fastOptions());
            List<DataReceived> atAgent = new CopyOnWriteArrayList<>();
            List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
            harness.keep(agent.room.dataReceived().subscribe(atAgent::add));
            harness.keep(peer.room.dataReceived().subscribe(atPeer::add));
            List<Throwable> failed = new CopyOnWriteArrayList<>();
            int[] sent = {0, 0}; // by the agent, by the peer

            for (int round = 1; round <= ROUNDS; round++) {
                boolean agentMoves = round % 2 == 1;
                Harness.Recorded moving = agentMoves ? agent : peer;
                Harness.Recorded staying = agentMoves ? peer : agent;
                String movingId = agentMoves ? "agent" : "peer";
                String stayingId = agentMoves ? "peer" : "agent";
                int m = agentMoves ? 0 : 1;
                int s = 1 - m;

                // First half, both ways.
                Mono.when(burst(agent.room, "a", sent[0] + 1, PER_ROUND / 2),
                        burst(peer.room, "p", sent[1] + 1, PER_ROUND / 2)).block(Harness.WAIT);
                sent[0] += PER_ROUND / 2;
                sent[1] += PER_ROUND / 2;

                // The moving side's tail is lost in flight; it is migrated right after. (Everything before the tail
                // has reached the other side first, so the drop takes exactly the tail.)
                List<DataReceived> atStaying = agentMoves ? atPeer : atAgent;
                int movingSent = sent[m];
                await().atMost(Harness.WAIT).until(() -> atStaying.size() >= movingSent);
                long droppedBefore = record(harness, movingId).reliableDropped();
                harness.server.fault(ROOM, movingId, new Fault.DropReliable(TAIL)).block(Harness.WAIT);
                burst(moving.room, agentMoves ? "a" : "p", sent[m] + 1, TAIL).block(Harness.WAIT);
                sent[m] += TAIL;
                await().atMost(Harness.WAIT).until(() -> record(harness, movingId).reliableDropped()
                        == droppedBefore + TAIL);
                harness.server.fault(ROOM, stayingId, new Fault.RedeliverReliable()).block(Harness.WAIT);
                int resumesBefore = moving.events(RoomEvent.Reconnected.class).size();
                int resumingBefore = moving.events(RoomEvent.Resuming.class).size();
                harness.server.fault(ROOM, movingId, new Fault.Migrate(Duration.ofSeconds(3),
                        round % 4 < 2 ? Fault.OldPath.KEEP : Fault.OldPath.DROP)).block(Harness.WAIT);
                // The lost tail must be the last the server saw of it before the resume: on an ordered reliable
                // channel nothing sent after a lost packet arrives before it (LiveKit re-sends from the last sequence
                // it saw + 1). So the moving side sends on only once it knows it is moving.
                await().atMost(Harness.WAIT).until(() -> moving.events(RoomEvent.Resuming.class).size()
                        > resumingBefore);

                // Second half while it resumes: its own packets wait for the new path, the other's keep coming.
                Disposable movingBurst = burst(moving.room, agentMoves ? "a" : "p", sent[m] + 1,
                        PER_ROUND / 2 - TAIL).subscribe(null, failed::add);
                Disposable stayingBurst = burst(staying.room, agentMoves ? "p" : "a", sent[s] + 1, PER_ROUND / 2)
                        .subscribe(null, failed::add);
                harness.keep(movingBurst);
                harness.keep(stayingBurst);
                sent[m] += PER_ROUND / 2 - TAIL;
                sent[s] += PER_ROUND / 2;
                int n = round;
                await().atMost(Harness.WAIT).until(() -> moving.events(RoomEvent.Reconnected.class).size()
                        > resumesBefore);
                try {
                    await().atMost(Harness.WAIT).until(() -> atPeer.size() >= n * PER_ROUND
                            && atAgent.size() >= n * PER_ROUND);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError("round " + round + ": the peer has " + atPeer.size() + ", the agent "
                            + atAgent.size() + " of " + n * PER_ROUND + "; missing at the peer "
                            + missing(texts(atPeer), "a", sent[0]) + ", at the agent " + missing(texts(atAgent), "p",
                            sent[1]) + "; gaps " + agent.events(RoomEvent.DataGap.class) + " "
                            + peer.events(RoomEvent.DataGap.class) + "; failed " + failed, e);
                }
                assertThat(failed).as("publishData errors in round %d", round).isEmpty();
            }

            assertThat(texts(atPeer)).as("agent -> peer").containsExactlyElementsOf(expected("a", ROUNDS * PER_ROUND));
            assertThat(texts(atAgent)).as("peer -> agent").containsExactlyElementsOf(expected("p", ROUNDS * PER_ROUND));
            for (Harness.Recorded side : List.of(agent, peer)) {
                assertThat(side.events(RoomEvent.DataGap.class)).isEmpty();
                assertThat(side.events(RoomEvent.Reconnected.class)).extracting(RoomEvent.Reconnected::mode)
                        .hasSize(agent == side ? (ROUNDS + 1) / 2 : ROUNDS / 2).containsOnly(Mode.RESUME);
            }
            System.out.println("lossless data: " + ROUNDS + " rounds, " + ROUNDS * PER_ROUND + " packets each way, "
                    + record(harness, "agent").reliableDropped() + " + " + record(harness, "peer").reliableDropped()
                    + " dropped by the server and re-sent, " + ROUNDS + " resumes");
        }
    }

    /** {@code count} reliable packets {@code prefix:from…}, one after another. */
    private static Mono<Void> burst(Room room, String prefix, int from, int count) {
        return Flux.range(from, count).concatMap(i -> room.publishData((prefix + ":" + i)
                .getBytes(StandardCharsets.UTF_8), DataOptions.reliable().topic("seq"))).then();
    }

    private static io.rtcreactor.testkit.room.ParticipantRecord record(Harness harness, String identity) {
        return harness.server.inspect(r -> r.record(ROOM, identity)).block(Harness.WAIT);
    }

    private static List<String> texts(List<DataReceived> received) {
        return received.stream().filter(d -> "seq".equals(d.topic())).map(DataReceived::text).toList();
    }

    /** The expected texts not received, as numbers (for a failure's message). */
    private static List<Integer> missing(List<String> received, String prefix, int count) {
        java.util.Set<String> got = new java.util.HashSet<>(received);
        return IntStream.rangeClosed(1, count).filter(i -> !got.contains(prefix + ":" + i)).boxed().limit(40)
                .toList();
    }

    private static List<String> expected(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + ":" + i).toList();
    }
}
