package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.internal.rtc.ScriptedSdpPeer.Reply;
import io.rtcreactor.engine.internal.rtc.ScriptedSdpPeer.Step;
import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The subscriber-side negotiation actor in virtual time (FAULTS.md F20: offers back-to-back are answered in
 * order, each once, with its own id; every step has a deadline). The virtual scheduler is the lane only.
 */
class AnsweringNegotiatorTest {

    private static final Duration STEP = Duration.ofSeconds(2);
    private static final Sdp OFFER_1 = Sdp.offer("remote-1");
    private static final Sdp OFFER_2 = Sdp.offer("remote-2");

    private final VirtualTimeScheduler lane = VirtualTimeScheduler.create();
    private final ScriptedSdpPeer peer = new ScriptedSdpPeer("subscriber#1", lane);
    private final List<String> events = new ArrayList<>();
    private final List<Sdp> answers = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private final List<String> hookCalls = new ArrayList<>();
    private AnsweringNegotiator actor = create(SdpStepHook.NONE);

    private AnsweringNegotiator create(SdpStepHook hook) {
        return new AnsweringNegotiator(peer, lane, STEP, hook, new AnsweringNegotiator.Listener() {
            @Override
            public void answerReady(int offerId, Sdp answer) {
                events.add("answerReady " + offerId + " @" + now());
                answers.add(answer);
            }

            @Override
            public void failed(String step, int offerId, Throwable error) {
                events.add("failed " + step + " " + offerId + " @" + now());
                errors.add(error);
            }
        });
    }

    private long now() {
        return lane.now(TimeUnit.MILLISECONDS);
    }

    private void onLane(Runnable task) {
        lane.schedule(task);
    }

    private void advance(long millis) {
        lane.advanceTimeBy(Duration.ofMillis(millis));
    }

    @AfterEach
    void closeActor() {
        actor.close();
        lane.dispose();
    }

    @Test
    void twoOffersBackToBackAreAnsweredStrictlyInOrderEachOnceWithItsOwnId() {
        peer.always(Step.SET_REMOTE, Reply.after(Duration.ofMillis(300)));
        peer.always(Step.CREATE_ANSWER, Reply.after(Duration.ofMillis(200)));
        onLane(() -> actor.offer(1, OFFER_1));
        onLane(() -> actor.offer(2, OFFER_2));
        assertThat(actor.idle()).isFalse();
        advance(10_000);

        assertThat(events).containsExactly("answerReady 1 @500", "answerReady 2 @1000");
        assertThat(answers).extracting(Sdp::sdp).containsExactly("answer-to-remote-1", "answer-to-remote-2");
        // The second offer is applied only after the first one's answer is applied locally: never interleaved.
        assertThat(peer.calls()).extracting(ScriptedSdpPeer.Call::toString).containsExactly(
                "setRemoteDescription@0(remote-1):done",
                "createAnswer@300:done",
                "setLocalDescription@500(answer-to-remote-1):done",
                "setRemoteDescription@500(remote-2):done",
                "createAnswer@800:done",
                "setLocalDescription@1000(answer-to-remote-2):done");
        assertThat(actor.idle()).isTrue();
    }

    @Test
    void anOfferArrivingWhileAnotherIsBeingAnsweredWaitsItsTurn() {
        ScriptedSdpPeer.Reply held = Reply.held();
        peer.next(Step.CREATE_ANSWER, held);
        onLane(() -> actor.offer(1, OFFER_1));
        advance(500);
        onLane(() -> actor.offer(2, OFFER_2));
        advance(500);
        assertThat(peer.calls(Step.SET_REMOTE)).hasSize(1);
        onLane(held::release);
        assertThat(events).containsExactly("answerReady 1 @1000", "answerReady 2 @1000");
        assertThat(peer.calls(Step.SET_REMOTE)).extracting(c -> c.sdp).containsExactly(OFFER_1, OFFER_2);
    }

    @Test
    void theLastOfferAndAnswerAreKeptForSyncState() {
        assertThat(actor.lastOffer()).isNull();
        assertThat(actor.lastAnswer()).isNull();
        assertThat(actor.lastOfferId()).isZero();

        onLane(() -> actor.offer(4, OFFER_1));
        assertThat(actor.lastOffer()).isEqualTo(OFFER_1);
        assertThat(actor.lastAnswer()).isEqualTo(Sdp.answer("answer-to-remote-1"));
        assertThat(actor.lastOfferId()).isEqualTo(4);

        peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(100)));
        onLane(() -> actor.offer(5, OFFER_2));
        assertThat(actor.lastOfferId()).as("kept until the new offer is answered").isEqualTo(4);
        advance(100);
        assertThat(actor.lastOffer()).isEqualTo(OFFER_2);
        assertThat(actor.lastAnswer()).isEqualTo(Sdp.answer("answer-to-remote-2"));
        assertThat(actor.lastOfferId()).isEqualTo(5);
    }

    @Test
    void anOfferWithIdZeroIsAnsweredWithIdZero() {
        onLane(() -> actor.offer(0, OFFER_1));
        assertThat(events).containsExactly("answerReady 0 @0");
    }

    @Test
    void aStepThatNeverCompletesFailsAtTheStepTimeout() {
        peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(400)));
        peer.next(Step.CREATE_ANSWER, Reply.never());
        onLane(() -> actor.offer(1, OFFER_1));
        advance(400 + STEP.toMillis() - 1);
        assertThat(events).isEmpty();
        advance(1);
        assertThat(events).containsExactly("failed answer offer 1 @2400");
        assertThat(errors.get(0)).isInstanceOfSatisfying(RtcStepException.class, e -> {
            assertThat(e.timedOut()).isTrue();
            assertThat(e.getMessage()).contains("createAnswer (remote offer 1)");
        });
        assertThat(peer.calls(Step.CREATE_ANSWER).get(0).outcome).isEqualTo("cancelled");
        assertThat(actor.lastOffer()).as("an offer not answered is not the last answered").isNull();
    }

    @Test
    void aStuckApplyOfTheRemoteOfferOrOfTheLocalAnswerFailsToo() {
        peer.next(Step.SET_REMOTE, Reply.never());
        onLane(() -> actor.offer(1, OFFER_1));
        advance(STEP.toMillis());
        assertThat(events).containsExactly("failed answer offer 1 @2000");
        assertThat(errors.get(0)).hasMessageContaining("setRemoteDescription (remote offer 1)");

        peer.next(Step.SET_LOCAL, Reply.never());
        onLane(() -> actor.offer(2, OFFER_2));
        advance(STEP.toMillis());
        assertThat(events).last().isEqualTo("failed answer offer 2 @4000");
        assertThat(errors.get(1)).hasMessageContaining("setLocalDescription (remote offer 2)");
    }

    @Test
    void eachStepHasItsOwnDeadline() {
        peer.next(Step.SET_REMOTE, Reply.after(STEP.minusMillis(1)));
        peer.next(Step.CREATE_ANSWER, Reply.after(STEP.minusMillis(1)));
        peer.next(Step.SET_LOCAL, Reply.after(STEP.minusMillis(1)));
        onLane(() -> actor.offer(1, OFFER_1));
        advance(3 * STEP.toMillis());
        assertThat(events).containsExactly("answerReady 1 @5997");
    }

    @Test
    void aFailingStepIsReportedAtOnce() {
        RtcStepException boom = RtcStepException.failed("subscriber#1", "setRemoteDescription", "bad sdp");
        peer.next(Step.SET_REMOTE, Reply.failing(boom));
        onLane(() -> actor.offer(1, OFFER_1));
        assertThat(events).containsExactly("failed answer offer 1 @0");
        assertThat(errors).containsExactly(boom);
        assertThat(peer.calls(Step.CREATE_ANSWER)).isEmpty();
    }

    @Test
    void theStepHookRunsBeforeEachStepOnlyWhenThatStepIsReached() {
        actor.close();
        actor = create((transport, step, offerId) -> {
            hookCalls.add(transport + " " + step + " " + offerId + " @" + now());
            return Mono.empty();
        });
        peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(100)));
        peer.next(Step.CREATE_ANSWER, Reply.after(Duration.ofMillis(100)));
        onLane(() -> actor.offer(3, OFFER_1));
        advance(200);
        assertThat(hookCalls).containsExactly("subscriber#1 setRemoteDescription 3 @0",
                "subscriber#1 createAnswer 3 @100", "subscriber#1 setLocalDescription 3 @200");
        assertThat(events).containsExactly("answerReady 3 @200");
    }

    @Test
    void closeStopsCallbacksCancelsTheStepInFlightAndDropsQueuedOffers() {
        peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(500)));
        onLane(() -> actor.offer(1, OFFER_1));
        onLane(() -> actor.offer(2, OFFER_2));
        advance(100);
        onLane(actor::close);
        onLane(() -> actor.offer(3, OFFER_1));
        advance(60_000);
        assertThat(events).isEmpty();
        assertThat(peer.calls()).extracting(ScriptedSdpPeer.Call::toString)
                .containsExactly("setRemoteDescription@0(remote-1):cancelled");
        assertThat(actor.lastOffer()).isNull();
    }
}
