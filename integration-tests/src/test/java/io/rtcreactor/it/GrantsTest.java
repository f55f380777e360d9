package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.ParticipantPermissions;
import io.rtcreactor.engine.PermissionDeniedException;
import io.rtcreactor.engine.PublishRefusedException;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.signal.SignalConnectException;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.engine.token.VideoGrant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, grants: the testkit enforces each grant of the token as LiveKit's server does for what the engine does,
 * and the engine reports each refusal clearly and keeps the session. LiveKit answers a refused AddTrack with
 * {@code request_response{NOT_ALLOWED}} ({@code ParticipantImpl.AddTrack}, pkg/rtc/participant.go) and a refused
 * metadata update likewise (AttributesTest); it drops data from a participant without {@code canPublishData} and
 * leaves a subscription without {@code canSubscribe} pending, both without a word, so the engine refuses those
 * itself, from the permission the server sent. A revoked permission mid-session: ServerUnpublishTest.
 */
class GrantsTest {

    private static final String ROOM = "grants";

    private Harness harness;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    private Harness.Recorded join(String identity, VideoGrant.Builder grant) {
        return harness.joinWithToken(ROOM, token(identity, grant), RoomOptions.defaults());
    }

    private String token(String identity, VideoGrant.Builder grant) {
        return harness.server.token(identity, grant.room(ROOM).roomJoin(true).build());
    }

    private Harness.Recorded callerWithTone() {
        Harness.Recorded caller = harness.join(ROOM, "caller");
        Harness.publishTone(caller.room, 660);
        return caller;
    }

    private static void hears(ToneDetector detector, double hz) {
        await().atMost(Harness.WAIT).until(() -> detector.voicedFrames() > 50);
        assertThat(detector.dominant(hz, hz == 660 ? 440 : 660)).isEqualTo(hz);
    }

    @Test
    void withoutCanPublishEveryTrackIsRefusedByTheServerAndTheAgentStillListens() {
        Harness.Recorded caller = callerWithTone();
        Harness.Recorded agent = join("agent", VideoGrant.builder().canPublish(false).canPublishData(true));
        assertThat(agent.room.localParticipant().permissions().canPublish()).isFalse();

        assertThatThrownBy(() -> agent.room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                AudioPublishOptions.defaults()).block(Harness.WAIT))
                .isInstanceOfSatisfying(PublishRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo("NOT_ALLOWED");
                    assertThat(refused.getMessage()).contains("canPublish");
                });

        hears(harness.listen(agent), 660);
        assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(harness.server.participant(ROOM, "agent").block(Harness.WAIT).publishedTracks()).isEmpty();
        assertThat(caller.room.remoteParticipants().get("agent").tracks()).isEmpty();
    }

    @Test
    void aSourceTheGrantDoesNotListIsRefusedAndAListedOneIsPublishedAndHeard() {
        Harness.Recorded caller = callerWithTone();
        Harness.Recorded agent = join("agent", VideoGrant.builder().canPublishSources(List.of("screen_share_audio")));
        ParticipantPermissions permissions = agent.room.localParticipant().permissions();
        assertThat(permissions.publishSources()).containsExactly("SCREEN_SHARE_AUDIO");
        assertThat(permissions.mayPublish("MICROPHONE")).isFalse();

        assertThatThrownBy(() -> agent.room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                AudioPublishOptions.defaults().name("microphone")).block(Harness.WAIT))
                .isInstanceOfSatisfying(PublishRefusedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo("NOT_ALLOWED"));

        agent.room.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults()
                .name("shared").source(AudioPublishOptions.Source.SCREEN_SHARE_AUDIO)).block(Harness.WAIT);
        hears(harness.listen(caller), 440);
        TrackPublication seen = caller.room.remoteParticipants().get("agent").tracks().get(0);
        assertThat(seen.source()).isEqualTo("SCREEN_SHARE_AUDIO");
        assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void withoutCanSubscribeASubscriptionIsRefusedAtOnceAndTheAgentStillSpeaks() {
        Harness.Recorded caller = callerWithTone();
        Harness.Recorded agent = join("agent", VideoGrant.builder().canSubscribe(false));
        Harness.publishTone(agent.room, 440);
        hears(harness.listen(caller), 440);
        TrackPublication callers = await().atMost(Harness.WAIT).until(() -> agent.room.remoteParticipants()
                .get("caller").tracks().stream().findFirst().orElse(null), Objects::nonNull);

        assertThatThrownBy(() -> agent.room.subscribe(callers).block(Harness.WAIT))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("canSubscribe");

        // The caller has heard the agent for a while: had anything been subscribed, it would have been by now.
        assertThat(agent.events(RoomEvent.TrackSubscribed.class)).isEmpty();
        assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void withoutCanPublishDataDataAndStreamsAreRefusedAtOnceWhileAudioAndIncomingDataFlow() {
        Harness.Recorded caller = callerWithTone();
        String token = token("agent", VideoGrant.builder().canPublishData(false));
        Harness.Recorded agent = harness.joinWithToken(ROOM, token, RoomOptions.defaults());
        List<DataReceived> atAgent = new CopyOnWriteArrayList<>();
        List<DataReceived> atCaller = new CopyOnWriteArrayList<>();
        harness.keep(agent.room.dataReceived().subscribe(atAgent::add));
        harness.keep(caller.room.dataReceived().subscribe(atCaller::add));

        assertThatThrownBy(() -> agent.room.publishData("hello".getBytes(StandardCharsets.UTF_8),
                DataOptions.reliable()).block(Harness.WAIT))
                .isInstanceOf(PermissionDeniedException.class).hasMessageContaining("canPublishData")
                .hasMessageNotContaining(token);
        assertThatThrownBy(() -> agent.room.localParticipant().sendText("hello", StreamOptions.topic("chat"))
                .block(Harness.WAIT))
                .isInstanceOf(PermissionDeniedException.class);

        Harness.publishTone(agent.room, 440);
        hears(harness.listen(caller), 440);
        caller.room.publishData("to agent".getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                .block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> atAgent.stream().anyMatch(d -> d.text().equals("to agent")));
        assertThat(atCaller).isEmpty();
        assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aHiddenAgentHearsTheRoomAndSendsDataButNobodySeesIt() {
        Harness.Recorded caller = callerWithTone();
        List<DataReceived> atCaller = new CopyOnWriteArrayList<>();
        harness.keep(caller.room.dataReceived().subscribe(atCaller::add));
        Harness.Recorded agent = join("recorder", VideoGrant.builder().hidden(true));
        assertThat(agent.room.localParticipant().permissions().hidden()).isTrue();

        hears(harness.listen(agent), 660);
        agent.room.publishData("from nobody".getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                .block(Harness.WAIT);
        DataReceived got = await().atMost(Harness.WAIT).until(() -> atCaller.stream()
                .filter(d -> d.text().equals("from nobody")).findFirst().orElse(null), Objects::nonNull);

        // LiveKit blanks a hidden sender (handleReceivedDataMessage) and never tells the room it is there.
        assertThat(got.senderIdentity()).isNullOrEmpty();
        assertThat(caller.room.remoteParticipants()).doesNotContainKey("recorder");
        assertThat(caller.events(RoomEvent.ParticipantConnected.class)).isEmpty();
    }

    @Test
    void aTokenWithoutRoomJoinOrWithoutARoomFailsTheJoinAtOnceNamingTheGrant() {
        String noJoin = harness.server.token("agent", VideoGrant.builder().room(ROOM).build());
        String noRoom = harness.server.token("agent", VideoGrant.builder().roomJoin(true).build());
        for (String token : Set.of(noJoin, noRoom)) {
            Room room = Room.create(harness.server.url(), token, RoomOptions.defaults());
            assertThatThrownBy(() -> room.connect().block(Harness.WAIT))
                    .isInstanceOfSatisfying(SignalConnectException.class, refused -> {
                        assertThat(refused.kind()).isEqualTo(SignalConnectException.Kind.REJECTED);
                        assertThat(refused.status()).isEqualTo(token.equals(noJoin) ? 401 : 400);
                        assertThat(refused.getMessage()).contains(token.equals(noJoin) ? "roomJoin" : "video.room")
                                .doesNotContain(token);
                    });
            assertThat(room.ended().block(Harness.WAIT).reason()).isEqualTo(DisconnectReason.TOKEN_REJECTED);
        }
    }
}
