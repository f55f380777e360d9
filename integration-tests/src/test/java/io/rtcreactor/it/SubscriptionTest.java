package io.rtcreactor.it;

import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 7: an agent wants audio. By default the engine joins asking the server for no subscriptions
 * ({@code auto_subscribe=0}) and subscribes to each audio track as it is published, never to video (as LiveKit's
 * agents do with AUDIO_ONLY); the application subscribes to or unsubscribes from any single track. The server's
 * view of the agent's subscriptions is read from the testkit, which keeps them as LiveKit's
 * {@code Room.UpdateSubscriptions} does.
 */
class SubscriptionTest {

    private static final String ROOM = "subscriptions";

    private Harness harness;
    private NodeParticipant node;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        harness.close();
    }

    private Set<String> serverSideSubscriptions(String identity) {
        return harness.server.inspect(r -> r.participant(ROOM, identity).subscriptions()).block(Harness.WAIT);
    }

    @Test
    void audioIsSubscribedOnTheAgentsOwnAndAnyTrackCanBeLeftAndTakenAgain() {
        Harness.Recorded caller = harness.join(ROOM, "caller");
        Harness.publishTone(caller.room, 660);
        Harness.Recorded agent = harness.join(ROOM, "agent");

        ToneDetector heard = harness.listen(agent);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660)).isEqualTo(660);
        ParticipantRecord record = harness.server.inspect(r -> r.record(ROOM, "agent")).block(Harness.WAIT);
        assertThat(record.timeline()).as("the agent asked for the track itself (its join asked for none)")
                .anyMatch(e -> e.direction().equals("in") && e.type().equals("subscription"));
        TrackPublication track = agent.room.remoteParticipants().get("caller").tracks().get(0);
        assertThat(serverSideSubscriptions("agent")).containsExactly(track.sid());

        agent.room.unsubscribe(track).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> agent.events(RoomEvent.TrackUnsubscribed.class).size() == 1);
        await().atMost(Harness.WAIT).until(() -> serverSideSubscriptions("agent").isEmpty());

        agent.room.subscribe(track).block(Harness.WAIT);
        RemoteAudioTrack again = await().atMost(Harness.WAIT).until(() -> agent.events(
                RoomEvent.TrackSubscribed.class).stream().skip(1).map(RoomEvent.TrackSubscribed::track).findFirst()
                .orElse(null), t -> t != null);
        ToneDetector heardAgain = new ToneDetector();
        harness.keep(again.frames().subscribe(heardAgain::add));
        await().atMost(Harness.WAIT).until(() -> heardAgain.voicedFrames() > 100);
        assertThat(heardAgain.dominant(440, 660)).isEqualTo(660);
        assertThat(serverSideSubscriptions("agent")).containsExactly(track.sid());
    }

    @Test
    void theVideoOfLiveKitsClientIsLeftAloneUntilAskedForAndItsAudioIsHeard() {
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token(ROOM, "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));
        String video = node.ask(Map.of("cmd", "publish_video", "name", "camera"), "published", Duration.ofSeconds(30))
                .path("track_sid").asText();
        String audio = node.ask(Map.of("cmd", "publish_tone", "hz", 660, "amplitude", 0.3), "published",
                Duration.ofSeconds(30)).path("track_sid").asText();
        await().atMost(Harness.WAIT).until(() -> harness.server.inspect(r -> r.participant(ROOM, "node-caller")
                .publishedTrackSids()).block(Harness.WAIT).containsAll(Set.of(video, audio)));

        Harness.Recorded agent = harness.join(ROOM, "agent");
        ToneDetector heard = harness.listen(agent);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660, 880)).isEqualTo(660);
        TrackPublication camera = agent.room.remoteParticipants().get("node-caller").tracks().stream()
                .filter(t -> t.sid().equals(video)).findFirst().orElseThrow();
        assertThat(camera.kind()).isEqualTo(TrackPublication.Kind.VIDEO);
        assertThat(serverSideSubscriptions("agent")).as("audio only").containsExactly(audio);

        agent.room.subscribe(camera).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> serverSideSubscriptions("agent").equals(Set.of(audio, video)));
    }
}
