package io.rtcreactor.testkit.faults;

import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.testkit.client.ClientMedia;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SDP faults (FAULTS.md F2, F13, F20): {@code withhold_answer}, {@code delay_offer}, {@code stale_answer},
 * {@code duplicate_answer} and {@code offer_burst}, seen as the offers and answers (with their ids and ICE
 * credentials) that reach a client with real peer connections. Delays are checked against the moment the client
 * sent what the server answers, which the server cannot beat.
 */
class FaultNegotiationTest {

    private static final Duration HOLD = Duration.ofMillis(1500);
    private static final Duration QUIET_WINDOW = Duration.ofMillis(1500);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClassWithMedia(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withholdAnswerNextForAWhileAnswersTheNextPublisherOfferThatMuchLater(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("withhold-" + driver, "alice");
        testbed.fault(driver, "withhold-" + driver, "alice", new Fault.WithholdAnswer(HOLD, false));

        alice.media().connectPublisher();

        Inbound answer = alice.awaitFrame("answer#1", e -> e.is(MessageCase.ANSWER), ProtocolClient.WAIT);
        assertThat(answer.message().getAnswer().getId()).isEqualTo(1);
        assertThat(ClientWaits.millisBetween(sentAt(alice, 1), answer.atNanos())).isGreaterThanOrEqualTo(HOLD.toMillis());
        assertThat(alice.media().state(SignalTarget.PUBLISHER)).isEqualTo(PeerState.CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withholdAnswerForeverNeverAnswersWhileEverythingElseFlows(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("withhold-forever-" + driver, "alice");
        testbed.fault(driver, "withhold-forever-" + driver, "alice", new Fault.WithholdAnswer(null, false));

        alice.media().startPublisher();
        ClientMedia.until("offer#1 sent", () -> alice.media().publisherOffersSent().contains(1));
        alice.send(Requests.pingReq(11));

        assertThat(alice.await(MessageCase.PONG_RESP).getPongResp().getLastPingTimestamp()).isEqualTo(11);
        alice.expectNone("an answer", e -> e.is(MessageCase.ANSWER), QUIET_WINDOW);
        assertThat(alice.received()).as("no publisher candidate before its answer")
                .noneMatch(e -> e.is(MessageCase.TRICKLE) && e.message().getTrickle().getTarget() == SignalTarget.PUBLISHER);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withholdAnswerIceRestartHoldsOnlyTheAnswerToAnIceRestartOffer(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("withhold-restart-" + driver, "alice");
        alice.media().connectPublisher();
        testbed.fault(driver, "withhold-restart-" + driver, "alice", new Fault.WithholdAnswer(null, true));

        alice.media().renegotiatePublisher(false);
        SignalResponse second = alice.await("answer#2", m -> m.hasAnswer() && m.getAnswer().getId() == 2);
        alice.media().renegotiatePublisher(true);
        ClientMedia.until("offer#3 sent", () -> alice.media().publisherOffersSent().contains(3));

        assertThat(second).isNotNull();
        alice.expectNone("answer#3", e -> e.is(MessageCase.ANSWER) && e.message().getAnswer().getId() == 3,
                QUIET_WINDOW);
        assertThat(iceUfrag(sentOffer(alice, 3))).as("offer#3 restarts ICE").isNotEqualTo(iceUfrag(sentOffer(alice, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void withholdAnswerIceRestartForAWhileAnswersTheRestartOfferThatMuchLater(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("restart-later-" + driver, "alice");
        alice.media().connectPublisher();
        testbed.fault(driver, "restart-later-" + driver, "alice", new Fault.WithholdAnswer(HOLD, true));

        alice.media().renegotiatePublisher(true);

        Inbound answer = alice.awaitFrame("answer#2", e -> e.is(MessageCase.ANSWER)
                && e.message().getAnswer().getId() == 2, ProtocolClient.WAIT);
        assertThat(ClientWaits.millisBetween(sentAt(alice, 2), answer.atNanos())).isGreaterThanOrEqualTo(HOLD.toMillis());
        ClientMedia.until("the restart answer applied", () -> alice.media().publisherAnswersApplied().contains(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void delayOfferHoldsTheNextSubscriberOfferAndItsCandidates(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("delay-" + driver, "alice");
        ClientMedia media = alice.media();
        long armed = System.nanoTime();
        testbed.fault(driver, "delay-" + driver, "alice", new Fault.DelayOffer(HOLD));

        // A resume makes the server offer an ICE restart on the subscriber PC: that offer is the one held.
        ProtocolClient resumed = testbed.resume(alice);

        Inbound reconnect = resumed.awaitFrame("reconnect", e -> e.is(MessageCase.RECONNECT), ProtocolClient.WAIT);
        Inbound offer = resumed.awaitFrame("offer", e -> e.is(MessageCase.OFFER), ProtocolClient.WAIT);
        assertThat(offer.message().getOffer().getId()).isEqualTo(2);
        assertThat(ClientWaits.millisBetween(armed, offer.atNanos())).isGreaterThanOrEqualTo(HOLD.toMillis());
        assertThat(offer.index()).isGreaterThan(reconnect.index());
        assertThat(resumed.received().subList(0, offer.index())).as("its candidates follow it: %s", resumed.summary())
                .noneMatch(e -> e.is(MessageCase.TRICKLE));
        ClientMedia.until("the delayed offer answered", () -> media.subscriberAnswersSent().contains(2));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void staleAnswerSendsAnAnswerWithTheOlderOfferIdBeforeTheRealOne(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("stale-answer-" + driver, "alice");
        alice.media().connectPublisher();
        testbed.fault(driver, "stale-answer-" + driver, "alice", new Fault.StaleAnswer());

        alice.media().renegotiatePublisher(false);

        List<SignalResponse> answers = alice.awaitCount(MessageCase.ANSWER, 3);
        assertThat(answers).extracting(m -> m.getAnswer().getId()).containsExactly(1, 1, 2);
        assertThat(answers.get(1).getAnswer().getSdp()).as("the stale one repeats the previous answer")
                .isEqualTo(answers.get(0).getAnswer().getSdp());
        ClientMedia.until("answer#2 applied, the stale one dropped", () -> alice.media().publisherAnswersApplied()
                .contains(2) && alice.media().publisherAnswersDropped().contains(1));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void duplicateAnswerSendsTheNextAnswerTwice(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("duplicate-answer-" + driver, "alice");
        alice.media().connectPublisher();
        testbed.fault(driver, "duplicate-answer-" + driver, "alice", new Fault.DuplicateAnswer());

        alice.media().renegotiatePublisher(false);

        List<SignalResponse> answers = alice.awaitCount(MessageCase.ANSWER, 3);
        assertThat(answers).extracting(m -> m.getAnswer().getId()).containsExactly(1, 2, 2);
        assertThat(answers.get(2)).isEqualTo(answers.get(1));
        ClientMedia.until("one applied, one dropped", () -> alice.media().publisherAnswersApplied().contains(2)
                && alice.media().publisherAnswersDropped().contains(2));
        // Only the next answer: a third offer is answered once.
        alice.media().renegotiatePublisher(false);
        alice.await("answer#3", m -> m.hasAnswer() && m.getAnswer().getId() == 3);
        alice.expectNone("a second answer#3", e -> e.is(MessageCase.ANSWER) && e.message().getAnswer().getId() == 3
                && e.index() != firstIndex(alice, 3), QUIET_WINDOW);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void offerBurstSendsTwoSubscriberOffersBackToBackWithIncreasingIds(Driver driver) {
        ProtocolClient alice = testbed.joinWithMedia("burst-" + driver, "alice");
        ClientMedia media = alice.media();

        testbed.fault(driver, "burst-" + driver, "alice", new Fault.OfferBurst());

        List<SignalResponse> offers = alice.awaitCount(MessageCase.OFFER, 3);
        assertThat(offers).extracting(m -> m.getOffer().getId()).containsExactly(1, 2, 3);
        ClientMedia.until("both burst offers answered, in order", () -> media.subscriberAnswersSent().containsAll(List.of(2, 3)));
        assertThat(media.subscriberAnswersSent()).containsExactly(1, 2, 3);
        assertThat(media.failures()).isEmpty();
        assertThat(media.state(SignalTarget.SUBSCRIBER)).isEqualTo(PeerState.CONNECTED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void offerBurstReachesEvenAClientThatAnswersNothing(Driver driver) {
        ProtocolClient alice = testbed.join("burst-raw-" + driver, "alice");

        testbed.fault(driver, "burst-raw-" + driver, "alice", new Fault.OfferBurst());

        List<SignalResponse> offers = alice.awaitCount(MessageCase.OFFER, 3);
        assertThat(offers).extracting(m -> m.getOffer().getId()).containsExactly(1, 2, 3);
        assertThat(alice.sent()).noneMatch(o -> o.request().hasAnswer());
    }

    private static int firstIndex(ProtocolClient client, int answerId) {
        return client.received().stream().filter(e -> e.is(MessageCase.ANSWER)
                && e.message().getAnswer().getId() == answerId).findFirst().map(Inbound::index).orElse(-1);
    }

    private static SignalRequest sentOffer(ProtocolClient client, int id) {
        return client.sent().stream().map(ProtocolClient.Outbound::request)
                .filter(r -> r.hasOffer() && r.getOffer().getId() == id).findFirst()
                .orElseThrow(() -> new AssertionError("offer#" + id + " not sent"));
    }

    private static long sentAt(ProtocolClient client, int offerId) {
        return client.sent().stream().filter(o -> o.request().hasOffer() && o.request().getOffer().getId() == offerId)
                .findFirst().orElseThrow(() -> new AssertionError("offer#" + offerId + " not sent")).atNanos();
    }

    private static String iceUfrag(SignalRequest offer) {
        return Sdp.offer(offer.getOffer().getSdp()).iceUfrag();
    }
}
