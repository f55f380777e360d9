package io.rtcreactor.it;

import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FAULTS.md F14: reliable data across a resume (DESIGN.md invariant 11). */
class DataAcrossResumeTest {

    private static void send(Scenario scenario, int from, int to) {
        for (int i = from; i <= to; i++) {
            scenario.agent.room.publishData(("packet " + i).getBytes(StandardCharsets.UTF_8),
                    DataOptions.reliable().topic("seq")).block(Harness.WAIT);
        }
    }

    private static List<String> texts(List<DataReceived> received) {
        return received.stream().map(DataReceived::text).toList();
    }

    private static List<String> expected(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "packet " + i).toList();
    }

    @ParameterizedTest
    @EnumSource(Fault.OldPath.class)
    void packetsTheServerNeverSawAreSentAgainAfterTheResumeOnceAndInOrder(Fault.OldPath oldPath) {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
            scenario.harness.keep(scenario.peer.room.dataReceived().subscribe(atPeer::add));
            send(scenario, 1, 7);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() == 7);
            scenario.fault(new Fault.DropReliable(3));
            send(scenario, 8, 10);
            await().atMost(Harness.WAIT).until(() -> scenario.record("agent").reliableDropped() == 3);

            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3), oldPath));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);

            await().atMost(Harness.WAIT).until(() -> atPeer.size() >= 10);
            send(scenario, 11, 11);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() >= 11);
            assertThat(texts(atPeer)).containsExactlyElementsOf(expected(1, 11));
            // Numbered consecutively by the agent (the scenario's own probe packet took the first numbers).
            long first = atPeer.get(0).sequence();
            assertThat(atPeer).extracting(DataReceived::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(first, first + 11).boxed().toList());
            assertThat(scenario.agent.events(RoomEvent.DataGap.class)).isEmpty();
            scenario.recovered();
        }
    }

    @Test
    void aRedeliveredPacketIsDroppedByTheReceiver() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
            scenario.harness.keep(scenario.peer.room.dataReceived().subscribe(atPeer::add));
            send(scenario, 1, 3);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() == 3);

            scenario.fault(new Fault.RedeliverReliable());
            send(scenario, 4, 4);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() >= 4);

            assertThat(texts(atPeer)).containsExactlyElementsOf(expected(1, 4));
        }
    }

    @Test
    void aGapTheBufferCannotCoverIsReportedAsAnEvent() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), Scenario.fastOptions().withReliableBuffer(2))) {
            List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
            scenario.harness.keep(scenario.peer.room.dataReceived().subscribe(atPeer::add));
            send(scenario, 1, 2);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() == 2);
            scenario.fault(new Fault.DropReliable(5));
            send(scenario, 3, 7);
            await().atMost(Harness.WAIT).until(() -> scenario.record("agent").reliableDropped() == 5);

            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            scenario.reconnected(1);

            RoomEvent.DataGap gap = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.DataGap.class).stream().findFirst().orElse(null), g -> g != null);
            assertThat(gap.local()).isTrue();
            assertThat(gap.from()).isEqualTo(3);
            assertThat(gap.to()).isEqualTo(5);
            await().atMost(Harness.WAIT).until(() -> atPeer.size() >= 4);
            assertThat(texts(atPeer)).containsExactly("packet 1", "packet 2", "packet 6", "packet 7");
            // The receiver sees the hole too.
            await().atMost(Harness.WAIT).until(() -> !scenario.peer.events(RoomEvent.DataGap.class).isEmpty());
            RoomEvent.DataGap seen = scenario.peer.events(RoomEvent.DataGap.class).get(0);
            assertThat(seen.local()).isFalse();
            assertThat(seen.senderIdentity()).isEqualTo("agent");
            assertThat(seen.from()).isEqualTo(3);
            assertThat(seen.to()).isEqualTo(5);
        }
    }
}
