package io.rtcreactor.testkit.faults;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.LeaveRequest.Action;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.testkit.client.ClientMedia;
import io.rtcreactor.testkit.client.Closed;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.media.MediaRelay;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code migrate} (FAULTS.md F1, F19), seen by a client with real peer connections: {@code leave{RESUME,
 * MIGRATION}}, the socket closed a moment later, and the next resume served as a new node would (LiveKit's
 * resume sequence, then an ICE-restart subscriber offer with fresh credentials); without a resume, the subscriber
 * PC is closed after the delay and the participant can no longer be resumed.
 */
class FaultMigrateTest {

    private static final Duration CLOSE_DELAY = Duration.ofMillis(250);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClassWithMedia(Testbed.signalOnlyOptions().withLeaveCloseDelay(CLOSE_DELAY));

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void migrateThenResumeIsServedAsANewNodeWithAnIceRestartOfferOnTheSubscriber(Driver driver) {
        String room = "migrate-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ClientMedia media = alice.media();
        ProtocolClient bob = testbed.join(room, "bob");
        ProtocolClient carol = testbed.join(room, "carol");
        String carolSid = carol.sid();
        alice.await("an update about carol", m -> m.hasUpdate() && m.getUpdate().getParticipantsList().stream()
                .anyMatch(p -> p.getSid().equals(carolSid)));
        String firstUfrag = media.offers().get(0).iceUfrag();
        long applied = System.nanoTime();

        testbed.fault(driver, room, "alice", new Fault.Migrate(Duration.ofSeconds(20)));

        LeaveRequest leave = alice.await(MessageCase.LEAVE).getLeave();
        assertThat(leave.getAction()).isEqualTo(Action.RESUME);
        assertThat(leave.getReason()).isEqualTo(DisconnectReason.MIGRATION);
        Closed closed = alice.awaitClosed();
        assertThat(closed.closeFrame()).isTrue();
        assertThat(Duration.ofNanos(closed.atNanos() - applied)).isGreaterThanOrEqualTo(CLOSE_DELAY);

        // Carol leaves while alice has no signal connection: the resume must tell alice.
        carol.send(Requests.leave());
        bob.await("carol gone", m -> m.hasUpdate() && m.getUpdate().getParticipantsList().stream()
                .anyMatch(p -> p.getSid().equals(carolSid) && p.getState() == ParticipantInfo.State.DISCONNECTED));
        ProtocolClient resumed = testbed.resume(alice);

        SignalResponse restart = resumed.await("the ICE-restart offer", SignalResponse::hasOffer);
        List<Inbound> before = resumed.received().subList(0, indexOfFirst(resumed, MessageCase.OFFER));
        assertThat(before).as(resumed.summary()).isNotEmpty();
        assertThat(before.get(0).is(MessageCase.RECONNECT)).as(resumed.summary()).isTrue();
        List<SignalResponse> updates = before.stream().filter(e -> e.is(MessageCase.UPDATE)).map(Inbound::message).toList();
        assertThat(updates).as("a leaver update, then the full update: %s", resumed.summary()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(updates.get(0).getUpdate().getParticipantsList())
                .as("the participants that left meanwhile")
                .extracting(ParticipantInfo::getSid, ParticipantInfo::getState)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(carolSid, ParticipantInfo.State.DISCONNECTED));
        assertThat(updates.get(1).getUpdate().getParticipantsList()).extracting(ParticipantInfo::getIdentity)
                .containsExactlyInAnyOrder("alice", "bob");
        assertThat(before).as(resumed.summary()).anyMatch(e -> e.is(MessageCase.ROOM_UPDATE));
        assertThat(restart.getOffer().getId()).isGreaterThan(1);
        String restartUfrag = io.rtcreactor.engine.internal.rtc.Sdp.offer(restart.getOffer().getSdp()).iceUfrag();
        assertThat(restartUfrag).as("fresh ICE credentials").isNotEmpty().isNotEqualTo(firstUfrag);
        // The client answers it and its subscriber PC runs on.
        ClientMedia.until("the restart offer answered",
                () -> media.subscriberAnswersSent().contains(restart.getOffer().getId()));
        resumed.send(Requests.pingReq(3));
        resumed.await(MessageCase.PONG_RESP);
        assertThat(media.state(SignalTarget.SUBSCRIBER)).isEqualTo(PeerState.CONNECTED);
        assertThat(media.failures()).isEmpty();
    }

    /**
     * A migration right after the server offered on the subscriber (another participant had just published): the
     * offer, and so its answer, is lost with the old connection. The resume's ICE-restart offer must not wait for
     * that answer (LiveKit's PCTransport.doICERestart supersedes a negotiation under way); waiting left the engine's
     * resume without a subscriber offer until its recovery deadline, and it fell back to a full reconnect (SoakTest,
     * first cycle, seen in CI).
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void anOfferLeftUnansweredByTheMigrationIsSupersededByTheRestartOffer(Driver driver) {
        String room = "migrate-unanswered-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ClientMedia media = alice.media();
        media.awaitState(SignalTarget.SUBSCRIBER, PeerState.CONNECTED);
        int seen = media.offers().size();
        media.ignoreOffers();
        testbed.fault(driver, room, "alice", new Fault.OfferBurst());
        ClientMedia.until("a subscriber offer the client leaves unanswered", () -> media.offers().size() > seen);
        int unanswered = media.offers().get(media.offers().size() - 1).id();

        testbed.fault(driver, room, "alice", new Fault.Migrate(Duration.ofSeconds(20)));
        alice.await(MessageCase.LEAVE);
        alice.awaitClosed();
        media.answerOffers();
        ProtocolClient resumed = testbed.resume(alice);

        SignalResponse restart = resumed.await("the ICE-restart offer", SignalResponse::hasOffer);
        assertThat(restart.getOffer().getId()).isGreaterThan(unanswered);
        ClientMedia.until("the restart offer answered",
                () -> media.subscriberAnswersSent().contains(restart.getOffer().getId()));
        resumed.send(Requests.pingReq(3));
        resumed.await(MessageCase.PONG_RESP);
        assertThat(media.state(SignalTarget.SUBSCRIBER)).isEqualTo(PeerState.CONNECTED);
        assertThat(media.failures()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withoutAResumeTheSubscriberPcIsClosedAfterTheDelayAndALaterResumeIsRefused(Driver driver) {
        String room = "migrate-away-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        Duration subscriberClose = Duration.ofMillis(800);
        long applied = System.nanoTime();

        testbed.fault(driver, room, "alice", new Fault.Migrate(subscriberClose));

        assertThat(alice.await(MessageCase.LEAVE).getLeave().getReason()).isEqualTo(DisconnectReason.MIGRATION);
        alice.awaitClosed();
        ClientMedia.StateChange lost = alice.media().awaitStateAfter(SignalTarget.SUBSCRIBER,
                Set.of(PeerState.DISCONNECTED, PeerState.FAILED, PeerState.CLOSED), applied);
        assertThat(Duration.ofNanos(lost.atNanos() - applied)).as("not before subscriber_close_after_ms")
                .isGreaterThanOrEqualTo(subscriberClose);
        ProtocolClient resumed = testbed.resume(alice);
        assertThat(resumed.awaitClosed().closeFrame()).isTrue();
        assertThat(resumed.received()).as(resumed.summary()).hasSize(1);
        LeaveRequest refusal = resumed.received().get(0).message().getLeave();
        assertThat(refusal.getAction()).isEqualTo(Action.RECONNECT);
        assertThat(refusal.getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withOldPathDropTheOldPathDiesAtTheLeaveAndOnlyTheRestartedPathCarriesMedia(Driver driver) {
        String room = "migrate-drop-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ClientMedia media = alice.media();
        String sid = alice.sid();
        MediaRelay relay = testbed.server().inspect(r -> r.context().relay()).block(ProtocolClient.WAIT);
        assertThat(relay.pathGeneration(sid)).isZero();
        long applied = System.nanoTime();

        testbed.fault(driver, room, "alice", new Fault.Migrate(Duration.ofSeconds(20), Fault.OldPath.DROP));

        alice.await(MessageCase.LEAVE);
        alice.awaitClosed();
        assertThat(relay.pathGeneration(sid)).isEqualTo(1);
        // Nothing passes on the old path: without a resume the client's subscriber loses its connection.
        media.awaitStateAfter(SignalTarget.SUBSCRIBER, Set.of(PeerState.DISCONNECTED, PeerState.FAILED), applied);
        assertThat(relay.firstPackets(sid, 1, SignalTarget.SUBSCRIBER).toClient()).isNull();

        ProtocolClient resumed = testbed.resume(alice);
        SignalResponse restart = resumed.await("the ICE-restart offer", SignalResponse::hasOffer);
        ClientMedia.until("the restart offer answered",
                () -> media.subscriberAnswersSent().contains(restart.getOffer().getId()));
        ClientMedia.until("the restarted path carried packets both ways", () -> {
            MediaRelay.FirstPackets first = relay.firstPackets(sid, 1, SignalTarget.SUBSCRIBER);
            return first.toServer() != null && first.toClient() != null;
        });
        media.awaitStateAfter(SignalTarget.SUBSCRIBER, Set.of(PeerState.CONNECTED), applied);
        assertThat(media.failures()).isEmpty();
    }

    private static int indexOfFirst(ProtocolClient client, MessageCase type) {
        return client.received().stream().filter(e -> e.is(type)).findFirst().map(Inbound::index).orElse(-1);
    }
}
