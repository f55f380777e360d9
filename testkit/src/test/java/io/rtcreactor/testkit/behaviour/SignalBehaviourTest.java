package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.ClientInfo;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.client.Closed;
import io.rtcreactor.testkit.client.ConnectOptions;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The testkit's signalling as a raw client sees it: the join sequence, keepalive, identities, SyncState checks
 * and resumes (PROTOCOL.md; issue "Testkit", section Server).
 */
class SignalBehaviourTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @Test
    void aJoinIsAnsweredWithJoinResponseFirstThenRefreshTokenAndTheFirstSubscriberOfferWithDataChannels() {
        ProtocolClient alice = testbed.connect("join-flow", "alice");

        SignalResponse offer = alice.await(MessageCase.OFFER);

        List<Inbound> received = alice.received();
        assertThat(received.get(0).is(MessageCase.JOIN)).as(alice.summary()).isTrue();
        int refresh = indexOf(received, MessageCase.REFRESH_TOKEN);
        int firstOffer = indexOf(received, MessageCase.OFFER);
        assertThat(refresh).as("refresh_token right after the JoinResponse, before the offer: %s", alice.summary())
                .isEqualTo(1).isLessThan(firstOffer);
        JoinResponse join = received.get(0).message().getJoin();
        assertThat(join.getParticipant().getSid()).startsWith("PA_");
        assertThat(join.getParticipant().getIdentity()).isEqualTo("alice");
        assertThat(join.getRoom().getName()).isEqualTo("join-flow");
        assertThat(join.getRoom().getSid()).startsWith("RM_");
        assertThat(join.getOtherParticipantsList()).isEmpty();
        assertThat(join.getSubscriberPrimary()).isTrue();
        assertThat(join.getPingInterval()).isEqualTo(5);
        assertThat(join.getPingTimeout()).isEqualTo(15);
        assertThat(join.getServerInfo().getProtocol()).isEqualTo(16);
        assertThat(received.get(refresh).message().getRefreshToken()).isNotEmpty();
        assertThat(offer.getOffer().getId()).isEqualTo(1);
        assertThat(offer.getOffer().getType()).isEqualTo("offer");
        // LiveKit's server opens _reliable and _lossy itself, so the first offer has a data section.
        assertThat(offer.getOffer().getSdp()).contains("m=application");
        // Its candidates follow the offer that carries their credentials (LiveKit caches them until it is sent).
        assertThat(received.subList(0, firstOffer)).noneMatch(e -> e.is(MessageCase.TRICKLE));
    }

    /**
     * Issue 10, item 1, as LiveKit decides it (ParticipantImpl.setupTransportManager): a token that may not
     * subscribe makes the publisher primary, and no subscriber data channels means no subscriber offer.
     */
    @Test
    void aTokenThatMayNotSubscribeMakesThePublisherPrimaryAndGetsNoSubscriberOffer() {
        String token = testbed.server().token("bot", VideoGrant.builder().room("publish-only").roomJoin(true)
                .canPublish(true).canSubscribe(false).build());
        ProtocolClient bot = testbed.connect(token, ConnectOptions.defaults());
        JoinResponse join = bot.await(MessageCase.JOIN).getJoin();
        assertThat(join.getSubscriberPrimary()).isFalse();
        assertThat(join.getFastPublish()).isTrue();
        // Bob's arrival reaches the bot later than a subscriber offer at join would have.
        ProtocolClient bob = testbed.connect("publish-only", "bob");
        assertThat(bob.await(MessageCase.JOIN).getJoin().getSubscriberPrimary()).isTrue();
        bob.await(MessageCase.OFFER);
        bot.await("an update about bob", m -> m.hasUpdate()
                && m.getUpdate().getParticipantsList().stream().anyMatch(p -> p.getIdentity().equals("bob")));
        assertThat(bot.received()).as(bot.summary()).noneMatch(e -> e.is(MessageCase.OFFER));
    }

    /**
     * Issue 10, item 10: the participant's kind is the token's {@code kind} claim (ClaimGrants.GetParticipantKind),
     * not the video grant's agent flag.
     */
    @Test
    void theParticipantKindIsTheTokensKindClaim() {
        String agentToken = io.rtcreactor.engine.token.AccessToken.builder("devkey", "secret").identity("agent")
                .grant(VideoGrant.join("kinds")).kind("agent").build().toJwt();
        ProtocolClient agent = testbed.connect(agentToken, ConnectOptions.defaults());
        assertThat(agent.await(MessageCase.JOIN).getJoin().getParticipant().getKind())
                .isEqualTo(ParticipantInfo.Kind.AGENT);
        String flagged = testbed.server().token("flagged", VideoGrant.builder().room("kinds").roomJoin(true)
                .agent(true).build());
        ProtocolClient other = testbed.connect(flagged, ConnectOptions.defaults());
        JoinResponse join = other.await(MessageCase.JOIN).getJoin();
        assertThat(join.getParticipant().getKind()).isEqualTo(ParticipantInfo.Kind.STANDARD);
        assertThat(join.getOtherParticipantsList()).extracting(ParticipantInfo::getKind)
                .containsExactly(ParticipantInfo.Kind.AGENT);
    }

    /**
     * The client's {@code client_protocol} and {@code capabilities} reach the others in ParticipantInfo, as LiveKit's
     * ParseClientInfo (pkg/service/utils.go) and ParticipantImpl.ToProto (pkg/rtc/participant.go) pass them on:
     * senders decide by them whether to use RPC over data streams, inline streams and compression.
     */
    @Test
    void theClientProtocolAndCapabilitiesReachTheOthers() {
        ProtocolClient modern = testbed.connect(testbed.server().token("caps", "modern"), ConnectOptions.defaults()
                .withExtraQuery("client_protocol=2&capabilities=CAP_COMPRESSION_DEFLATE_RAW,CAP_NOT_A_THING"));
        modern.await(MessageCase.JOIN);
        ProtocolClient other = testbed.join("caps", "other");
        ParticipantInfo seen = other.await(MessageCase.JOIN).getJoin().getOtherParticipants(0);
        assertThat(seen.getClientProtocol()).isEqualTo(2);
        assertThat(seen.getCapabilitiesList()).containsExactly(ClientInfo.Capability.CAP_COMPRESSION_DEFLATE_RAW);
        assertThat(other.await(MessageCase.JOIN).getJoin().getParticipant().getClientProtocol()).isZero();
    }

    private static int indexOf(List<Inbound> received, MessageCase type) {
        for (Inbound entry : received) {
            if (entry.is(type)) {
                return entry.index();
            }
        }
        return -1;
    }

    @Test
    void aSecondParticipantIsToldAboutTheFirstAndTheFirstIsToldAboutTheSecond() {
        ProtocolClient alice = testbed.join("two", "alice");
        ProtocolClient bob = testbed.join("two", "bob");

        JoinResponse bobJoin = bob.await(MessageCase.JOIN).getJoin();
        assertThat(bobJoin.getOtherParticipantsList()).extracting(ParticipantInfo::getIdentity).containsExactly("alice");
        SignalResponse update = alice.await("an update about bob", m -> m.hasUpdate()
                && m.getUpdate().getParticipantsList().stream().anyMatch(p -> p.getIdentity().equals("bob")));
        assertThat(update.getUpdate().getParticipants(0).getSid()).isEqualTo(bobJoin.getParticipant().getSid());
    }

    @Test
    void pingReqIsAnsweredWithPongRespEchoingTheTimestamp() {
        ProtocolClient alice = testbed.join("ping", "alice");

        alice.send(Requests.pingReq(123_456_789L));

        SignalResponse pong = alice.await(MessageCase.PONG_RESP);
        assertThat(pong.getPongResp().getLastPingTimestamp()).isEqualTo(123_456_789L);
        assertThat(pong.getPongResp().getTimestamp()).isPositive();
    }

    @Test
    void legacyPingIsAnsweredWithPong() {
        ProtocolClient alice = testbed.join("legacy-ping", "alice");

        alice.send(Requests.legacyPing(42));

        assertThat(alice.await(MessageCase.PONG).getPong()).isPositive();
    }

    @Test
    void theTokenMayComeInTheAuthorizationHeader() {
        ProtocolClient alice = testbed.connect(testbed.server().token("header", "alice"),
                ConnectOptions.defaults().withTokenInHeader(true));

        assertThat(alice.await(MessageCase.JOIN).getJoin().getParticipant().getIdentity()).isEqualTo("alice");
    }

    @Test
    void aSecondJoinWithTheSameIdentityReplacesTheFirstWhichIsToldDuplicateIdentity() {
        ProtocolClient first = testbed.join("duplicate", "alice");
        String firstSid = first.sid();

        ProtocolClient second = testbed.join("duplicate", "alice");

        SignalResponse leave = first.await(MessageCase.LEAVE);
        assertThat(leave.getLeave().getAction()).isEqualTo(LeaveRequest.Action.DISCONNECT);
        assertThat(leave.getLeave().getReason()).isEqualTo(DisconnectReason.DUPLICATE_IDENTITY);
        assertThat(first.awaitClosed().closeFrame()).isTrue();
        assertThat(second.sid()).isNotEqualTo(firstSid);
        second.send(Requests.pingReq(7));
        assertThat(second.await(MessageCase.PONG_RESP).getPongResp().getLastPingTimestamp()).isEqualTo(7);
    }

    @Test
    void aSyncStateNamingAnUnknownPublishedTrackOrdersAFullReconnect() {
        ProtocolClient alice = testbed.join("sync", "alice");

        alice.send(Requests.syncState("TR_doesnotexist"));

        SignalResponse leave = alice.await(MessageCase.LEAVE);
        assertThat(leave.getLeave().getAction()).isEqualTo(LeaveRequest.Action.RECONNECT);
        assertThat(leave.getLeave().getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
        assertThat(alice.awaitClosed().closeFrame()).isTrue();
        // The participant is gone: resuming it is refused.
        ProtocolClient resumed = testbed.resume(alice);
        assertThat(resumed.await(MessageCase.LEAVE).getLeave().getAction()).isEqualTo(LeaveRequest.Action.RECONNECT);
    }

    @Test
    void aSyncStateNamingOnlyKnownTracksIsAccepted() {
        ProtocolClient alice = testbed.join("sync-ok", "alice");
        alice.send(Requests.addAudioTrack("cid-1", "mic"));
        String trackSid = alice.await(MessageCase.TRACK_PUBLISHED).getTrackPublished().getTrack().getSid();

        alice.send(Requests.syncState(trackSid));
        alice.send(Requests.pingReq(1));

        alice.await(MessageCase.PONG_RESP);
        alice.expectNone("leave", e -> e.is(MessageCase.LEAVE), Duration.ofMillis(300));
    }

    @Test
    void aResumeOfAnUnknownSidGetsLeaveReconnectStateMismatchAsTheFirstAndOnlyMessage() {
        ProtocolClient stranger = testbed.connect(testbed.server().token("unknown-resume", "ghost"),
                ConnectOptions.defaults().withResume("PA_nobodyhere", ConnectOptions.SIGNAL_DISCONNECTED));

        Closed closed = stranger.awaitClosed();

        assertThat(stranger.received()).hasSize(1);
        SignalResponse leave = stranger.received().get(0).message();
        assertThat(leave.getLeave().getAction()).isEqualTo(LeaveRequest.Action.RECONNECT);
        assertThat(leave.getLeave().getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
        assertThat(closed.closeFrame()).isTrue();
    }

    @Test
    void aResumeOfAKnownParticipantStartsWithReconnectResponseThenTheRoomSnapshot() {
        ProtocolClient alice = testbed.join("resume", "alice");
        testbed.join("resume", "bob");
        String sid = alice.sid();

        ProtocolClient resumed = testbed.resume(alice);

        List<Inbound> first = resumed.awaitFrames("messages", Inbound::decoded, 3);
        assertThat(first).extracting(entry -> entry.message().getMessageCase())
                .containsExactly(MessageCase.RECONNECT, MessageCase.UPDATE, MessageCase.ROOM_UPDATE);
        assertThat(first.get(0).message().getReconnect().getServerInfo().getProtocol()).isEqualTo(16);
        assertThat(first.get(1).message().getUpdate().getParticipantsList()).extracting(ParticipantInfo::getIdentity)
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(first.get(2).message().getRoomUpdate().getRoom().getName()).isEqualTo("resume");
        // The old socket is replaced, and the participant keeps its sid.
        assertThat(alice.awaitClosed().closeFrame()).isTrue();
        assertThat(resumed.sid()).isEqualTo(sid);
        resumed.send(Requests.pingReq(5));
        assertThat(resumed.await(MessageCase.PONG_RESP).getPongResp().getLastPingTimestamp()).isEqualTo(5);
    }

    @Test
    void addTrackIsAnsweredWithTrackPublishedCarryingTheCidAndATrackSid() {
        ProtocolClient alice = testbed.join("add-track", "alice");

        alice.send(Requests.addAudioTrack("my-cid", "mic"));

        SignalResponse published = alice.await(MessageCase.TRACK_PUBLISHED);
        assertThat(published.getTrackPublished().getCid()).isEqualTo("my-cid");
        assertThat(published.getTrackPublished().getTrack().getSid()).startsWith("TR_");
        assertThat(published.getTrackPublished().getTrack().getName()).isEqualTo("mic");
    }

    @Test
    void addTrackWithoutCanPublishIsIgnored() {
        String token = testbed.server().token("listener",
                VideoGrant.builder().room("no-publish").roomJoin(true).canPublish(false).build());
        ProtocolClient listener = testbed.connect(token, ConnectOptions.defaults());
        assertThat(listener.await(MessageCase.JOIN).getJoin().getParticipant().getPermission().getCanPublish()).isFalse();

        listener.send(Requests.addAudioTrack("cid-x", "mic"));
        listener.send(Requests.pingReq(99));

        // The server handles one client's requests in order: the pong proves the AddTrack was handled first.
        listener.await(MessageCase.PONG_RESP);
        assertThat(listener.messages()).noneMatch(SignalResponse::hasTrackPublished);
    }

    @Test
    void aClientLeaveRemovesTheParticipantAndTellsTheOthers() {
        ProtocolClient alice = testbed.join("client-leave", "alice");
        ProtocolClient bob = testbed.join("client-leave", "bob");

        bob.send(Requests.leave());

        SignalResponse gone = alice.await("bob disconnected", m -> m.hasUpdate() && m.getUpdate().getParticipantsList()
                .stream().anyMatch(p -> p.getIdentity().equals("bob") && p.getState() == ParticipantInfo.State.DISCONNECTED));
        assertThat(gone).isNotNull();
        assertThat(bob.awaitClosed().closeFrame()).isTrue();
    }
}
