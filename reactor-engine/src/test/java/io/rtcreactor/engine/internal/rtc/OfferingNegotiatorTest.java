package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.internal.rtc.ScriptedSdpPeer.Reply;
import io.rtcreactor.engine.internal.rtc.ScriptedSdpPeer.Step;
import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The publisher-side negotiation actor (DESIGN.md invariants 2, 3, 4) driven in virtual time: a scripted
 * {@link SdpPeer} and a {@link VirtualTimeScheduler} as the lane. The scheduler is not installed globally, so a
 * timer the actor takes from anywhere but its lane would not fire here.
 */
class OfferingNegotiatorTest {

    private static final Duration STEP = Duration.ofSeconds(2);
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Sdp ANSWER_SDP = Sdp.answer("remote answer");

    private final VirtualTimeScheduler lane = VirtualTimeScheduler.create();
    private final ScriptedSdpPeer peer = new ScriptedSdpPeer("publisher#1", lane);
    private final Recorder listener = new Recorder();
    private final List<String> hookCalls = new ArrayList<>();
    private OfferingNegotiator actor = create(ANSWER, SdpStepHook.NONE);

    /** What the actor reported, as "event id @virtual-ms". */
    private final class Recorder implements OfferingNegotiator.Listener {
        final List<String> events = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        final List<Sdp> offers = new ArrayList<>();
        final List<Map<String, String>> mids = new ArrayList<>();

        @Override
        public void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
            events.add("offerReady " + offerId + " @" + now());
            offers.add(offer);
            mids.add(midToTrackId);
        }

        @Override
        public void answerApplied(int offerId) {
            events.add("answerApplied " + offerId + " @" + now());
        }

        @Override
        public void answerDropped(int answerId, String reason) {
            events.add("answerDropped " + answerId + " @" + now() + " " + reason);
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            events.add("failed " + step + " " + offerId + " @" + now());
            errors.add(error);
        }
    }

    private OfferingNegotiator create(Duration answerTimeout, SdpStepHook hook) {
        return new OfferingNegotiator(peer, lane, STEP, answerTimeout, hook, listener);
    }

    private long now() {
        return lane.now(TimeUnit.MILLISECONDS);
    }

    /** Every call reaches the actor as a task on its lane, as the session's calls do. */
    private void onLane(Runnable task) {
        lane.schedule(task);
    }

    private void advance(long millis) {
        lane.advanceTimeBy(Duration.ofMillis(millis));
    }

    private List<String> events() {
        return listener.events;
    }

    @AfterEach
    void closeActor() {
        actor.close();
        lane.dispose();
    }

    @Nested
    class Numbering {

        @Test
        void offersAreNumberedOneTwoThreeAndEachGoesThroughCreateApplyAndMids() {
            for (int id = 1; id <= 3; id++) {
                onLane(() -> actor.negotiate(false));
                assertThat(actor.outstandingOfferId()).isEqualTo(id);
                int answered = id;
                onLane(() -> actor.answer(answered, ANSWER_SDP));
                advance(100);
            }
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @0", "offerReady 2 @100",
                    "answerApplied 2 @100", "offerReady 3 @200", "answerApplied 3 @200");
            assertThat(actor.lastOfferId()).isEqualTo(3);
            assertThat(actor.idle()).isTrue();
            // Each offer: created, applied locally, transceivers read; then the answer applied remotely.
            assertThat(peer.calls().subList(0, 4)).extracting(c -> c.step).containsExactly(Step.CREATE_OFFER,
                    Step.SET_LOCAL, Step.MIDS, Step.SET_REMOTE);
            assertThat(peer.calls(Step.SET_LOCAL)).extracting(c -> c.sdp).containsExactlyElementsOf(listener.offers);
            assertThat(peer.calls(Step.SET_REMOTE)).extracting(c -> c.sdp).containsOnly(ANSWER_SDP);
            assertThat(listener.mids).containsOnly(peer.mids());
        }

        @Test
        void aNewTransportContinuesItsPredecessorsNumbering() {
            actor.continueNumberingAfter(7);
            actor.continueNumberingAfter(3);
            onLane(() -> actor.negotiate(false));
            assertThat(events()).containsExactly("offerReady 8 @0");
        }
    }

    @Nested
    class AnswersById {

        @Test
        void anAnswerWithAWrongIdIsDroppedReportedAndDoesNotCompleteTheNegotiation() {
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(2, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0",
                    "answerDropped 2 @0 stale: the outstanding offer is 1");
            assertThat(peer.calls(Step.SET_REMOTE)).isEmpty();
            assertThat(actor.outstandingOfferId()).isEqualTo(1);
            assertThat(actor.idle()).isFalse();

            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).last().isEqualTo("answerApplied 1 @0");
            assertThat(actor.idle()).isTrue();
        }

        @Test
        void anAnswerToAnOlderOfferIsStale() {
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @0", "offerReady 2 @0",
                    "answerDropped 1 @0 stale: the outstanding offer is 2");
            assertThat(actor.outstandingOfferId()).isEqualTo(2);
        }

        @Test
        void aDuplicateAnswerIsDroppedWhetherItsTwinIsBeingAppliedOrAlreadyApplied() {
            peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(500)));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            advance(500);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0",
                    "answerDropped 1 @0 duplicate: its offer's answer is being applied",
                    "answerApplied 1 @500",
                    "answerDropped 1 @500 no offer outstanding (duplicate or stale)");
            assertThat(peer.calls(Step.SET_REMOTE)).hasSize(1);
        }

        @Test
        void anAnswerWithNoOfferOutstandingIsDropped() {
            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).containsExactly("answerDropped 1 @0 no offer outstanding (duplicate or stale)");
            assertThat(peer.calls()).isEmpty();
        }

        @Test
        void idZeroMeansUnknownAndIsAccepted() {
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.answer(0, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @0", "offerReady 2 @0",
                    "answerApplied 2 @0");
        }
    }

    @Nested
    class DeferredRenegotiation {

        @Test
        void whileAnOfferIsOutstandingItIsDeferredAndIssuedOnceAfterTheAnswerWithIceRestartsMerged() {
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.negotiate(true));
            onLane(() -> actor.negotiate(false));
            advance(1_000);
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
            assertThat(actor.renegotiationPending()).isTrue();
            assertThat(events()).containsExactly("offerReady 1 @0");

            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @1000", "offerReady 2 @1000");
            assertThat(peer.calls(Step.CREATE_OFFER)).extracting(c -> c.iceRestart).containsExactly(false, true);
            assertThat(actor.renegotiationPending()).isFalse();

            onLane(() -> actor.answer(2, ANSWER_SDP));
            advance(60_000);
            assertThat(peer.calls(Step.CREATE_OFFER)).as("issued exactly once").hasSize(2);
            assertThat(actor.idle()).isTrue();
        }

        @Test
        void whileTheOfferIsBeingMadeItIsDeferredUntilThatOffersAnswerIsApplied() {
            peer.next(Step.CREATE_OFFER, Reply.after(Duration.ofMillis(800)));
            onLane(() -> actor.negotiate(false));
            advance(300);
            onLane(() -> actor.negotiate(true));
            onLane(() -> actor.negotiate(false));
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
            advance(500);
            assertThat(events()).containsExactly("offerReady 1 @800");
            assertThat(actor.renegotiationPending()).isTrue();

            advance(200);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @800", "answerApplied 1 @1000", "offerReady 2 @1000");
            assertThat(peer.calls(Step.CREATE_OFFER)).extracting(c -> c.iceRestart).containsExactly(false, true);
        }

        @Test
        void whileTheAnswerIsBeingAppliedItIsDeferredUntilTheApplyCompletes() {
            peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(700)));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            advance(200);
            onLane(() -> actor.negotiate(true));
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
            assertThat(actor.renegotiationPending()).isTrue();
            advance(500);
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @700", "offerReady 2 @700");
            assertThat(peer.calls(Step.CREATE_OFFER)).extracting(c -> c.iceRestart).containsExactly(false, true);
            assertThat(peer.calls(Step.CREATE_OFFER).get(1).startedAt)
                    .as("the new offer starts only once the answer is applied").isEqualTo(700);
        }

        @Test
        void aRenegotiationRequestedFromTheAnswerAppliedCallbackIsNotReentrant() {
            // What an application's Reconnected handler does (the incident): republish from inside the callback.
            List<String> seen = new ArrayList<>();
            OfferingNegotiator[] self = new OfferingNegotiator[1];
            self[0] = new OfferingNegotiator(peer, lane, STEP, ANSWER, SdpStepHook.NONE, new OfferingNegotiator.Listener() {
                @Override
                public void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
                    seen.add("offerReady " + offerId);
                }

                @Override
                public void answerApplied(int offerId) {
                    seen.add("answerApplied " + offerId);
                    if (offerId == 1) {
                        self[0].negotiate(false);
                        seen.add("negotiate returned");
                    }
                }

                @Override
                public void answerDropped(int answerId, String reason) {
                    seen.add("answerDropped " + answerId);
                }

                @Override
                public void failed(String step, int offerId, Throwable error) {
                    seen.add("failed " + offerId);
                }
            });
            actor = self[0];
            peer.always(Step.CREATE_OFFER, Reply.after(Duration.ofMillis(50)));
            onLane(() -> actor.negotiate(false));
            advance(50);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            advance(50);
            assertThat(seen).containsExactly("offerReady 1", "answerApplied 1", "negotiate returned", "offerReady 2");
        }
    }

    @Nested
    class Deadlines {

        @Test
        void aCreateOfferThatNeverCompletesFailsAtTheStepTimeoutAndIsCancelled() {
            peer.next(Step.CREATE_OFFER, Reply.never());
            onLane(() -> actor.negotiate(false));
            advance(STEP.toMillis() - 1);
            assertThat(events()).isEmpty();
            advance(1);
            assertThat(events()).containsExactly("failed createOffer 1 @2000");
            assertThat(listener.errors.get(0)).isInstanceOfSatisfying(RtcStepException.class, e -> {
                assertThat(e.timedOut()).isTrue();
                assertThat(e.getMessage()).contains("createOffer (offer 1)");
            });
            assertThat(peer.calls(Step.CREATE_OFFER).get(0).outcome).isEqualTo("cancelled");
        }

        @Test
        void eachStepHasItsOwnDeadline() {
            // Two steps each just under the deadline: no failure (the deadline is per step, not per offer).
            peer.next(Step.CREATE_OFFER, Reply.after(STEP.minusMillis(1)));
            peer.next(Step.SET_LOCAL, Reply.after(STEP.minusMillis(1)));
            onLane(() -> actor.negotiate(false));
            advance(2 * STEP.toMillis());
            assertThat(events()).containsExactly("offerReady 1 @3998");
        }

        @Test
        void aStuckSetLocalOrTransceiverReadFailsTheOfferAtItsDeadline() {
            peer.next(Step.SET_LOCAL, Reply.never());
            onLane(() -> actor.negotiate(false));
            advance(STEP.toMillis());
            assertThat(events()).containsExactly("failed createOffer 1 @2000");
            assertThat(listener.errors.get(0)).hasMessageContaining("setLocalDescription (offer 1)");

            // The actor is not stuck: the next request makes offer 2, whose transceiver read hangs.
            peer.next(Step.MIDS, Reply.never());
            onLane(() -> actor.negotiate(false));
            advance(STEP.toMillis());
            assertThat(events()).last().isEqualTo("failed createOffer 2 @4000");
            assertThat(listener.errors.get(1)).hasMessageContaining("getTransceivers (offer 2)");
        }

        @Test
        void aStuckAnswerApplyFailsAtTheStepTimeout() {
            peer.next(Step.SET_REMOTE, Reply.never());
            onLane(() -> actor.negotiate(false));
            advance(100);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            advance(STEP.toMillis() - 1);
            assertThat(events()).containsExactly("offerReady 1 @0");
            advance(1);
            assertThat(events()).containsExactly("offerReady 1 @0", "failed setRemoteDescription 1 @2100");
            assertThat(listener.errors.get(0)).hasMessageContaining("setRemoteDescription (offer 1)");
        }

        @Test
        void aFailingStepIsReportedAtOnce() {
            RtcStepException boom = RtcStepException.failed("publisher#1", "createOffer", "boom");
            peer.next(Step.CREATE_OFFER, Reply.failing(boom));
            onLane(() -> actor.negotiate(false));
            assertThat(events()).containsExactly("failed createOffer 1 @0");
            assertThat(listener.errors).containsExactly(boom);
        }

        @Test
        void aStuckStepHookCountsAgainstTheStepsDeadline() {
            actor.close();
            actor = create(ANSWER, (transport, step, offerId) -> {
                hookCalls.add(transport + " " + step + " " + offerId);
                return step.equals("setLocalDescription") ? Mono.never() : Mono.empty();
            });
            onLane(() -> actor.negotiate(false));
            advance(STEP.toMillis());
            assertThat(hookCalls).containsExactly("publisher#1 createOffer 1", "publisher#1 setLocalDescription 1");
            assertThat(events()).containsExactly("failed createOffer 1 @2000");
            assertThat(peer.calls(Step.SET_LOCAL)).as("the step never started").isEmpty();
        }

        @Test
        void anUnansweredOfferFailsAtTheAnswerDeadlineCountedFromWhenItWasReady() {
            peer.next(Step.CREATE_OFFER, Reply.after(Duration.ofMillis(400)));
            onLane(() -> actor.negotiate(false));
            advance(400 + ANSWER.toMillis() - 1);
            assertThat(events()).containsExactly("offerReady 1 @400");
            advance(1);
            assertThat(events()).containsExactly("offerReady 1 @400", "failed answer 1 @10400");
            assertThat(listener.errors.get(0)).isInstanceOfSatisfying(RtcStepException.class,
                    e -> assertThat(e.timedOut()).isTrue()).hasMessageContaining("answer to offer 1");
        }

        @Test
        void anAnswerInTimeCancelsTheAnswerDeadline() {
            onLane(() -> actor.negotiate(false));
            advance(ANSWER.toMillis() - 1);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            advance(10 * ANSWER.toMillis());
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @9999");
        }

        @Test
        void aZeroAnswerTimeoutMeansNoAnswerDeadline() {
            actor.close();
            actor = create(Duration.ZERO, SdpStepHook.NONE);
            onLane(() -> actor.negotiate(false));
            advance(Duration.ofHours(1).toMillis());
            assertThat(events()).containsExactly("offerReady 1 @0");
        }
    }

    @Nested
    class Supersede {

        @Test
        void itDropsTheOutstandingOffersAnswerAsStaleAndOffersAtOnce() {
            onLane(() -> actor.negotiate(false));
            advance(3_000);
            onLane(() -> actor.supersede(true));
            assertThat(events()).containsExactly("offerReady 1 @0", "offerReady 2 @3000");
            assertThat(peer.calls(Step.CREATE_OFFER)).extracting(c -> c.iceRestart).containsExactly(false, true);

            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.answer(2, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 1 @0", "offerReady 2 @3000",
                    "answerDropped 1 @3000 stale: the outstanding offer is 2", "answerApplied 2 @3000");
            // The superseded offer's answer deadline (due at 10 s) was cancelled with it.
            advance(60_000);
            assertThat(events()).hasSize(4);
        }

        @Test
        void theSupersedingOffersAnswerDeadlineIsItsOwn() {
            onLane(() -> actor.negotiate(false));
            advance(3_000);
            onLane(() -> actor.supersede(true));
            advance(ANSWER.toMillis());
            assertThat(events()).containsExactly("offerReady 1 @0", "offerReady 2 @3000", "failed answer 2 @13000");
        }

        @Test
        void whenIdleItSimplyOffers() {
            onLane(() -> actor.supersede(true));
            assertThat(events()).containsExactly("offerReady 1 @0");
            assertThat(peer.calls(Step.CREATE_OFFER).get(0).iceRestart).isTrue();
        }

        @Test
        void whileAnOfferIsBeingMadeTheNewOfferFollowsAsSoonAsTheMakingIsDone() {
            // A resume while a renegotiation offer is being made: the offer from before the outage must not be
            // taken for the ICE restart, and the restart must not wait for an answer to it (it may never come).
            peer.next(Step.CREATE_OFFER, Reply.after(Duration.ofMillis(600)));
            onLane(() -> actor.negotiate(false));
            advance(100);
            onLane(() -> actor.supersede(true));
            advance(500);
            assertThat(events()).containsExactly("offerReady 2 @600");
            assertThat(listener.offers).extracting(Sdp::sdp).containsExactly("offer-2-restart");
            assertThat(peer.calls(Step.CREATE_OFFER)).extracting(c -> c.iceRestart).containsExactly(false, true);
            assertThat(actor.outstandingOfferId()).isEqualTo(2);
            assertThat(actor.renegotiationPending()).isFalse();

            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.answer(2, ANSWER_SDP));
            assertThat(events()).containsExactly("offerReady 2 @600",
                    "answerDropped 1 @600 stale: the outstanding offer is 2", "answerApplied 2 @600");
            assertThat(actor.idle()).isTrue();
        }

        @Test
        void whileAnAnswerIsBeingAppliedTheNewOfferFollowsTheApply() {
            peer.next(Step.SET_REMOTE, Reply.after(Duration.ofMillis(300)));
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.supersede(true));
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
            advance(300);
            assertThat(events()).containsExactly("offerReady 1 @0", "answerApplied 1 @300", "offerReady 2 @300");
            assertThat(peer.calls(Step.CREATE_OFFER).get(1).iceRestart).isTrue();
        }
    }

    @Nested
    class Close {

        @Test
        void closeStopsCallbacksOfAStepInFlightAndCancelsIt() {
            peer.next(Step.CREATE_OFFER, Reply.after(Duration.ofMillis(500)));
            onLane(() -> actor.negotiate(false));
            advance(100);
            onLane(actor::close);
            advance(60_000);
            assertThat(events()).isEmpty();
            assertThat(peer.calls(Step.CREATE_OFFER).get(0).outcome).isEqualTo("cancelled");
        }

        @Test
        void closeCancelsTheAnswerDeadlineAndIgnoresLaterInput() {
            onLane(() -> actor.negotiate(false));
            onLane(actor::close);
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.answer(9, ANSWER_SDP));
            onLane(() -> actor.negotiate(true));
            onLane(() -> actor.supersede(true));
            advance(60_000);
            assertThat(events()).containsExactly("offerReady 1 @0");
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
            assertThat(peer.calls(Step.SET_REMOTE)).isEmpty();
        }

        @Test
        void closeWhileAnAnswerIsBeingAppliedReportsNothingAndIssuesNoDeferredOffer() {
            peer.next(Step.SET_REMOTE, Reply.never());
            onLane(() -> actor.negotiate(false));
            onLane(() -> actor.answer(1, ANSWER_SDP));
            onLane(() -> actor.negotiate(false));
            onLane(actor::close);
            advance(60_000);
            assertThat(events()).containsExactly("offerReady 1 @0");
            assertThat(peer.calls(Step.SET_REMOTE).get(0).outcome).isEqualTo("cancelled");
            assertThat(peer.calls(Step.CREATE_OFFER)).hasSize(1);
        }
    }
}
