package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fault scenario of FAULTS.md: the agent (the engine under test, identity {@code agent}) and a peer (another
 * engine session, {@code peer}) in one room of a real testkit, each publishing a tone the other listens to
 * (agent 440 Hz, peer 660 Hz), each recording the data it receives. {@link #recovered()} is FAULTS.md's
 * "recovered": audio flows again in both directions, and reliable data sent after recovery arrives, both ways.
 */
final class Scenario implements AutoCloseable {

    static final String ROOM = "faults";
    static final double AGENT_HZ = 440;
    static final double PEER_HZ = 660;

    final Harness harness;
    final Harness.Recorded agent;
    final Harness.Recorded peer;
    final ToneDetector atAgent = new ToneDetector();
    final ToneDetector atPeer = new ToneDetector();
    final List<io.rtcreactor.engine.DataReceived> dataAtAgent = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<io.rtcreactor.engine.DataReceived> dataAtPeer = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    private Scenario(Harness harness, RoomOptions agentOptions, boolean withPeer) {
        this.harness = harness;
        this.peer = withPeer ? harness.join(ROOM, "peer") : null;
        this.agent = harness.join(ROOM, "agent", agentOptions);
        follow(agent.room, atAgent);
        harness.keep(agent.room.dataReceived().subscribe(dataAtAgent::add));
        if (peer != null) {
            follow(peer.room, atPeer);
            harness.keep(peer.room.dataReceived().subscribe(dataAtPeer::add));
            Harness.publishTone(peer.room, PEER_HZ);
        }
        Harness.publishTone(agent.room, AGENT_HZ);
    }

    /** A scenario with a testkit of {@code server} options and an agent with {@code agent} options. */
    static Scenario start(TestkitOptions server, RoomOptions agent) {
        return new Scenario(new Harness(server), agent, true);
    }

    static Scenario start() {
        return start(TestkitOptions.defaults(), fastOptions());
    }

    /** Engine options with short bounds so that failing attempts fail quickly. */
    static RoomOptions fastOptions() {
        return RoomOptions.defaults()
                .withResponseTimeout(Duration.ofSeconds(3))
                .withRecoveryTimeout(Duration.ofSeconds(10))
                .withPeerDisconnectedGrace(Duration.ofSeconds(2))
                .withReconnectPolicy(JitteredBackoff.defaults().withBase(Duration.ofMillis(200))
                        .withMax(Duration.ofSeconds(1)).withDeadline(Duration.ofSeconds(45)));
    }

    /**
     * Every remote main tone track ({@code tone-…}) a room subscribes to feeds {@code detector}, across
     * reconnects. Tracks a test adds under other names are left out: frames of two tones interleaved in one
     * detector are no longer phase-continuous, and the Goertzel comparison of such a mix can name neither.
     */
    private void follow(Room room, ToneDetector detector) {
        harness.keep(room.events().ofType(RoomEvent.TrackSubscribed.class)
                .filter(e -> e.participant().tracks().stream().anyMatch(t -> t.sid().equals(e.track().sid())
                        && t.name().startsWith("tone-")))
                .subscribe(e -> harness.keep(e.track().frames().subscribe(detector::add))));
    }

    /**
     * What an agent framework does on {@code Reconnected}: the agent, on its first one, unpublishes its first track
     * and publishes a tone of {@code hz} named {@code name}.
     */
    void republishOnReconnected(double hz, String name) {
        harness.keep(agent.room.events().ofType(RoomEvent.Reconnected.class).take(1)
                .concatMap(e -> agent.room.localParticipant().tracks().get(0).unpublish()
                        .then(agent.room.localParticipant().publishAudio(
                                io.rtcreactor.engine.testing.Tone.endless(hz, 12_000),
                                io.rtcreactor.engine.AudioPublishOptions.defaults().name(name))))
                .subscribe());
    }

    /** The peer's newest subscription to a track named {@code name}, listened to until 100 frames with sound came. */
    ToneDetector peerHears(String name) {
        io.rtcreactor.engine.RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> peer
                .events(RoomEvent.TrackSubscribed.class).stream()
                .filter(e -> e.participant().tracks().stream().anyMatch(t -> t.sid().equals(e.track().sid())
                        && t.name().equals(name)))
                .map(RoomEvent.TrackSubscribed::track).reduce((a, b) -> b).orElse(null), t -> t != null);
        ToneDetector heard = new ToneDetector();
        harness.keep(track.frames().subscribe(heard::add));
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        return heard;
    }

    int fault(Fault fault) {
        return harness.server.fault(ROOM, "agent", fault).block(Harness.WAIT);
    }

    /** Before any fault: both directions carry their tone and reliable data. */
    Scenario established() {
        recovered();
        return this;
    }

    /**
     * FAULTS.md's "recovered": audio frames flow again in both directions between the agent and the peer, and a
     * reliable packet sent after recovery arrives, each way, with its content.
     */
    void recovered() {
        audioFlowsBothWays();
        dataFlowsBothWays();
    }

    /** A reliable packet with a fresh text, each way: both arrive, once, with that text and the right sender. */
    void dataFlowsBothWays() {
        String toPeer = "probe " + probes.incrementAndGet() + " from agent";
        String toAgent = "probe " + probes.incrementAndGet() + " from peer";
        agent.room.publishData(toPeer.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                io.rtcreactor.engine.DataOptions.reliable().topic("probe")).block(Harness.WAIT);
        peer.room.publishData(toAgent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                io.rtcreactor.engine.DataOptions.reliable().topic("probe")).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> texts(dataAtPeer).contains(toPeer)
                && texts(dataAtAgent).contains(toAgent));
        assertThat(texts(dataAtPeer)).as("the peer got the agent's packet once").containsOnlyOnce(toPeer);
        assertThat(texts(dataAtAgent)).as("the agent got the peer's packet once").containsOnlyOnce(toAgent);
        assertThat(dataAtPeer.stream().filter(d -> d.text().equals(toPeer)).findFirst().orElseThrow()
                .senderIdentity()).isEqualTo("agent");
        assertThat(dataAtAgent.stream().filter(d -> d.text().equals(toAgent)).findFirst().orElseThrow()
                .senderIdentity()).isEqualTo("peer");
    }

    private static List<String> texts(List<io.rtcreactor.engine.DataReceived> received) {
        return received.stream().map(io.rtcreactor.engine.DataReceived::text).toList();
    }

    /** When the agent's {@code nth} Reconnected reached the test. */
    java.time.Instant reconnectedAt(int nth) {
        return agent.seenAt.get(reconnected(nth));
    }

    /** Audio flows in both directions from now on (100 more frames with sound each way, the right tones). */
    void audioFlowsBothWays() {
        int heardByPeer = atPeer.voicedFrames();
        int heardByAgent = atAgent.voicedFrames();
        await().atMost(Harness.WAIT).until(() -> atPeer.voicedFrames() > heardByPeer + 100
                && atAgent.voicedFrames() > heardByAgent + 100);
        assertThat(atPeer.dominant(AGENT_HZ, PEER_HZ)).as("the peer hears the agent's tone").isEqualTo(AGENT_HZ);
        assertThat(atAgent.dominant(AGENT_HZ, PEER_HZ)).as("the agent hears the peer's tone").isEqualTo(PEER_HZ);
    }

    /** The agent's next Reconnected event (waits for it). */
    RoomEvent.Reconnected reconnected(int nth) {
        return await().atMost(Harness.WAIT).until(() -> {
            List<RoomEvent.Reconnected> all = agent.events(RoomEvent.Reconnected.class);
            return all.size() >= nth ? all.get(nth - 1) : null;
        }, e -> e != null);
    }

    /** The agent's Disconnected event (waits for it). */
    RoomEvent.Disconnected disconnected() {
        return await().atMost(Harness.WAIT).until(() ->
                agent.events(RoomEvent.Disconnected.class).stream().findFirst().orElse(null), e -> e != null);
    }

    void connectedAgain() {
        await().atMost(Harness.WAIT).until(() -> agent.room.state() == ConnectionState.CONNECTED);
    }

    ParticipantRecord record(String identity) {
        return harness.server.inspect(r -> r.record(ROOM, identity)).block(Harness.WAIT);
    }

    /** Types of the messages the server received from {@code identity}, in order. */
    List<String> received(String identity) {
        return record(identity).timeline().stream().filter(e -> e.direction().equals("in"))
                .map(ParticipantRecord.TimelineEntry::type).toList();
    }

    @Override
    public void close() {
        harness.close();
    }
}
