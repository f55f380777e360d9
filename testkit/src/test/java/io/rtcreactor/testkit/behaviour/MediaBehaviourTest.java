package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.client.ClientMedia;
import io.rtcreactor.testkit.client.ClientMedia.DataReceived;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit as a small SFU, seen by clients with real peer connections: subscriber offers answered and
 * connected, audio forwarded with LiveKit's stream ids, data packets forwarded with the sender stamped and
 * reliable sequences enforced, and the data and publish permissions of the token.
 */
class MediaBehaviourTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClassWithMedia(Testbed.signalOnlyOptions());

    @Test
    void aJoinedClientConnectsItsSubscriberAndPublisherAndReceivesTheServersDataChannels() {
        ProtocolClient alice = testbed.joinWithMedia("connect", "alice");
        ClientMedia media = alice.media();

        media.connectPublisher();

        assertThat(media.state(SignalTarget.SUBSCRIBER)).isEqualTo(PeerState.CONNECTED);
        assertThat(media.state(SignalTarget.PUBLISHER)).isEqualTo(PeerState.CONNECTED);
        media.awaitChannelOpen(SignalTarget.SUBSCRIBER, "_reliable");
        media.awaitChannelOpen(SignalTarget.SUBSCRIBER, "_lossy");
        assertThat(media.subscriberAnswersSent()).startsWith(1);
        assertThat(media.publisherAnswersApplied()).startsWith(1);
        assertThat(media.failures()).isEmpty();
    }

    @Test
    void publishedAudioIsForwardedToTheOtherParticipantOnAStreamNamedAfterPublisherAndTrack() {
        ProtocolClient alice = testbed.joinWithMedia("audio", "alice");
        ProtocolClient bob = testbed.joinWithMedia("audio", "bob");
        alice.media().connectPublisher();

        String trackSid = alice.media().publishTone("alice-mic", 440);

        String stream = alice.sid() + "|" + trackSid;
        ClientMedia.until("bob receives " + stream, () -> bob.media().audioStreams().contains(stream));
        assertThat(bob.await("alice's track in an update", m -> m.hasUpdate() && m.getUpdate().getParticipantsList()
                .stream().anyMatch(p -> p.getTracksList().stream().anyMatch(t -> t.getSid().equals(trackSid)))))
                .isNotNull();
        ToneDetector detector = bob.media().listen(stream);
        ClientMedia.until("a second of alice's tone", () -> detector.voicedFrames() >= 100);
        assertThat(detector.dominant(440, 660, 880)).isEqualTo(440);
    }

    /**
     * Issue 10, item 2: a room made by a token whose roomConfig asks for sync_streams sends each participant's
     * tracks under {@code <publisher sid>|<stream>} (PackSyncStreamID; a microphone joins the "camera" stream), the
     * track id still the track sid.
     */
    @Test
    void aRoomMadeWithSyncStreamsSendsAudioUnderThePublishersStream() {
        String token = testbed.server().token("alice", VideoGrant.builder().room("synced").roomJoin(true)
                .canPublish(true).canSubscribe(true).canPublishData(true).build(),
                io.rtcreactor.engine.token.RoomConfig.defaults().withSyncStreams(true));
        ProtocolClient alice = testbed.joinWithMediaToken(token, "alice");
        ProtocolClient bob = testbed.joinWithMedia("synced", "bob");
        alice.media().connectPublisher();

        String trackSid = alice.media().publishTone("alice-mic", 440);

        String stream = alice.sid() + "|camera";
        ClientMedia.until("bob receives " + stream, () -> bob.media().audioStreams().contains(stream));
        assertThat(bob.media().audioStreams()).doesNotContain(alice.sid() + "|" + trackSid);
        ToneDetector detector = bob.media().listen(stream);
        ClientMedia.until("a second of alice's tone", () -> detector.voicedFrames() >= 100);
    }

    @Test
    void reliableDataIsForwardedWithTheSenderStampedAndSequencesNotAboveTheLastAreDropped() {
        ProtocolClient alice = testbed.joinWithMedia("data", "alice");
        ProtocolClient bob = testbed.joinWithMedia("data", "bob");
        alice.media().connectPublisher();

        for (int sequence : new int[] {1, 2, 2, 1, 3}) {
            alice.media().sendData(true, Requests.userPacket(sequence, "m" + sequence));
        }

        List<DataReceived> received = bob.media().awaitData("reliable packets", d -> d.label().equals("_reliable"), 3);
        ClientMedia.until("alice's packets all handled", () -> testbed.server().inspect(r ->
                r.record("data", "alice").reliableReceived()).block() == 3);
        assertThat(bob.media().data()).extracting(d -> d.packet().getSequence()).containsExactly(1, 2, 3);
        for (DataReceived packet : received) {
            assertThat(packet.packet().getParticipantIdentity()).isEqualTo("alice");
            assertThat(packet.packet().getParticipantSid()).isEqualTo(alice.sid());
            assertThat(packet.packet().getUser().getParticipantIdentity()).isEqualTo("alice");
            assertThat(packet.packet().getKind()).isEqualTo(DataPacket.Kind.RELIABLE);
        }
        assertThat(received).extracting(d -> Requests.text(d.packet())).containsExactly("m1", "m2", "m3");
    }

    @Test
    void dataGoesOnlyToItsDestinationIdentitiesAndLossyDataIsForwardedOnTheLossyChannel() {
        ProtocolClient alice = testbed.joinWithMedia("destinations", "alice");
        ProtocolClient bob = testbed.joinWithMedia("destinations", "bob");
        ProtocolClient carol = testbed.joinWithMedia("destinations", "carol");
        alice.media().connectPublisher();

        alice.media().sendData(true, Requests.userPacket(1, "for carol", "carol"));
        alice.media().sendData(false, Requests.userPacket(0, "lossy for everyone"));
        alice.media().sendData(true, Requests.userPacket(2, "for everyone"));

        carol.media().awaitData("all three", d -> true, 3);
        List<DataReceived> toBob = bob.media().awaitData("two", d -> true, 2);
        bob.media().awaitData("the last reliable one", d -> d.packet().getSequence() == 2, 1);
        assertThat(toBob).extracting(d -> Requests.text(d.packet())).containsExactlyInAnyOrder("lossy for everyone",
                "for everyone");
        assertThat(carol.media().data()).filteredOn(d -> d.label().equals("_lossy"))
                .extracting(d -> Requests.text(d.packet())).containsExactly("lossy for everyone");
    }

    @Test
    void withoutCanPublishDataThePacketsOfAParticipantAreNotForwarded() {
        String token = testbed.server().token("mute",
                VideoGrant.builder().room("no-data").roomJoin(true).canPublishData(false).build());
        ProtocolClient mute = testbed.joinWithMediaToken(token, "mute");
        ProtocolClient alice = testbed.joinWithMedia("no-data", "alice");
        ProtocolClient bob = testbed.joinWithMedia("no-data", "bob");
        mute.media().connectPublisher();
        alice.media().connectPublisher();

        mute.media().sendData(true, Requests.userPacket(1, "from mute"));
        mute.media().sendData(false, Requests.userPacket(0, "lossy from mute"));
        ClientMedia.until("the server refused mute's packets", () -> testbed.server().inspect(r ->
                r.record("no-data", "mute").dataRefused()).block() == 2);
        alice.media().sendData(true, Requests.userPacket(1, "from alice"));

        // The server forwards in arrival order on one lane: alice's packet comes after mute's were refused.
        bob.media().awaitData("alice's packet", d -> Requests.text(d.packet()).equals("from alice"), 1);
        assertThat(bob.media().texts()).containsExactly("1:from alice");
        assertThat(mute.await(MessageCase.JOIN).getJoin().getParticipant().getPermission().getCanPublishData()).isFalse();
    }
}
