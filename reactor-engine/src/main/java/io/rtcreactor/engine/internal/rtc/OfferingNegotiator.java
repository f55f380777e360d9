package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The negotiation actor of a transport on which this side makes the offers (a client's publisher PC, a server's
 * subscriber PC). Every method must be called on {@code lane}, the owner's serial scheduler; every asynchronous
 * step comes back to it. Nothing waits and nothing is re-entrant:
 * <ul>
 *   <li>Offers are numbered 1, 2, 3… (protocol: "each offerer numbers its offers; the answer carries the id of
 *       the offer it answers; 0 means unknown").</li>
 *   <li>A renegotiation requested while an offer is being made, is outstanding, or its answer is being applied is
 *       recorded and issued right after the answer is applied (DESIGN.md invariant 4); ICE-restart requests are
 *       merged into it.</li>
 *   <li>An answer whose id is not the outstanding offer's is dropped and reported; so is a duplicate.</li>
 *   <li>Every step has a deadline; a missed one is reported as a failure, never only logged (invariant 2).</li>
 * </ul>
 */
public final class OfferingNegotiator {

    private static final Logger LOG = LoggerFactory.getLogger(OfferingNegotiator.class);

    /** What the negotiator reports to its owner, always on the lane. */
    public interface Listener {
        /** An offer was created and applied locally; send it with this id. */
        void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId);

        /** The answer to {@code offerId} was applied. */
        void answerApplied(int offerId);

        /** An answer was ignored: stale id, duplicate, or no offer outstanding. */
        void answerDropped(int answerId, String reason);

        /** A step failed or missed its deadline; the transport's negotiation is unusable until reset. */
        void failed(String step, int offerId, Throwable error);
    }

    private record Made(Sdp offer, Map<String, String> midToTrackId) {
    }

    private final SdpPeer transport;
    private final Scheduler lane;
    private final Duration stepTimeout;
    private final Duration answerTimeout;
    private final SdpStepHook hook;
    private final Listener listener;

    private int lastOfferId;
    private int outstandingId;
    private boolean making;
    private boolean supersedeAfterMaking;
    private boolean applying;
    private boolean pending;
    private boolean pendingIceRestart;
    private boolean closed;
    private Disposable answerDeadline;
    private Disposable inFlight;

    /**
     * @param stepTimeout   deadline of each local step (create, apply)
     * @param answerTimeout how long an offer may stay unanswered; zero or negative for no limit
     */
    public OfferingNegotiator(SdpPeer transport, Scheduler lane, Duration stepTimeout, Duration answerTimeout,
                              SdpStepHook hook, Listener listener) {
        this.transport = transport;
        this.lane = lane;
        this.stepTimeout = stepTimeout;
        this.answerTimeout = answerTimeout;
        this.hook = hook;
        this.listener = listener;
    }

    /** Starts numbering after {@code id}: a new transport of a session continues its predecessor's numbering. */
    public void continueNumberingAfter(int id) {
        lastOfferId = Math.max(lastOfferId, id);
    }

    /** Requests an offer now, or right after the current one is answered. */
    public void negotiate(boolean iceRestart) {
        if (closed) {
            return;
        }
        if (making || applying || outstandingId != 0) {
            if (!pending) {
                LOG.debug("{}: renegotiation deferred until offer {} is {}", transport.name(),
                        outstandingId != 0 ? outstandingId : lastOfferId, making ? "made" : "answered");
            }
            pending = true;
            pendingIceRestart |= iceRestart;
            return;
        }
        making = true;
        int id = ++lastOfferId;
        Mono<Made> steps = step("createOffer", id, () -> transport.createOffer(iceRestart))
                .flatMap(offer -> step("setLocalDescription", id, () -> transport.setLocalDescription(offer))
                        .then(step("getTransceivers", id, transport::midToTrackId))
                        .map(mids -> new Made(offer, mids)));
        inFlight = steps.publishOn(lane).subscribe(made -> {
            making = false;
            if (closed) {
                return;
            }
            if (supersedeAfterMaking) {
                // Superseded while being made: this offer is never sent (so never taken for the ICE restart, nor
                // waited on); the superseding one, which carries everything this one did, is made right away.
                supersedeAfterMaking = false;
                boolean restart = pendingIceRestart;
                pending = false;
                pendingIceRestart = false;
                negotiate(restart);
                return;
            }
            outstandingId = id;
            armAnswerDeadline(id);
            listener.offerReady(id, made.offer(), made.midToTrackId());
        }, error -> {
            making = false;
            supersedeAfterMaking = false;
            fail("createOffer", id, error);
        });
    }

    /**
     * Makes a new offer at once even though one is outstanding; the outstanding one is superseded and its answer
     * will be dropped as stale. Servers may do this (FAULTS.md F20, "two subscriber offers back-to-back"); the
     * engine does it once per resume, for the ICE restart: an offer from before the outage will never be answered.
     * While an offer is being made or an answer applied, the new offer is deferred until that step is done.
     */
    public void supersede(boolean iceRestart) {
        if (closed) {
            return;
        }
        if (making || applying) {
            // The step under way finishes within its deadline; the new offer follows it, not the answer to the
            // offer being made (that answer may never come: the offer predates the outage).
            pending = true;
            pendingIceRestart |= iceRestart;
            supersedeAfterMaking |= making;
            return;
        }
        if (outstandingId != 0) {
            cancelAnswerDeadline();
            outstandingId = 0;
        }
        negotiate(iceRestart);
    }

    /** Handles an answer from the remote side; {@code answerId} 0 means "unknown" and matches any offer. */
    public void answer(int answerId, Sdp answer) {
        if (closed) {
            return;
        }
        if (outstandingId == 0) {
            listener.answerDropped(answerId, applying ? "duplicate: its offer's answer is being applied"
                    : "no offer outstanding (duplicate or stale)");
            return;
        }
        if (answerId != 0 && answerId != outstandingId) {
            listener.answerDropped(answerId, "stale: the outstanding offer is " + outstandingId);
            return;
        }
        int id = outstandingId;
        outstandingId = 0;
        applying = true;
        cancelAnswerDeadline();
        inFlight = step("setRemoteDescription", id, () -> transport.setRemoteDescription(answer))
                .publishOn(lane)
                .subscribe(null, error -> {
                    applying = false;
                    fail("setRemoteDescription", id, error);
                }, () -> {
                    applying = false;
                    if (closed) {
                        return;
                    }
                    listener.answerApplied(id);
                    if (pending) {
                        boolean restart = pendingIceRestart;
                        pending = false;
                        pendingIceRestart = false;
                        negotiate(restart);
                    }
                });
    }

    /** The id of the offer awaiting its answer, or 0. */
    public int outstandingOfferId() {
        return outstandingId;
    }

    /** The id of the newest offer made. */
    public int lastOfferId() {
        return lastOfferId;
    }

    /** True while nothing is being made, applied or awaited, and nothing is deferred. */
    public boolean idle() {
        return !making && !applying && outstandingId == 0 && !pending;
    }

    /** True if a renegotiation is recorded for after the current answer. */
    public boolean renegotiationPending() {
        return pending;
    }

    /** Stops: no further callbacks. */
    public void close() {
        closed = true;
        cancelAnswerDeadline();
        if (inFlight != null) {
            inFlight.dispose();
        }
    }

    /**
     * One step with its deadline. The hook and the operation are called only when the step is reached (not when
     * the chain is assembled, which for a later step is before the earlier ones ran), and the deadline is a timer
     * on the lane: the owner's timer scheduler, virtual in tests, never Reactor's global one.
     */
    private <T> Mono<T> step(String name, int id, Supplier<Mono<T>> operation) {
        return Mono.defer(() -> hook.before(transport.name(), name, id).then(Mono.defer(operation)))
                .timeout(stepTimeout, Mono.error(() -> RtcStepException.timedOut(transport.name(),
                        name + " (offer " + id + ")", stepTimeout)), lane);
    }

    private void armAnswerDeadline(int id) {
        if (answerTimeout.isZero() || answerTimeout.isNegative()) {
            return;
        }
        answerDeadline = lane.schedule(() -> {
            if (!closed && outstandingId == id) {
                fail("answer", id, RtcStepException.timedOut(transport.name(), "answer to offer " + id, answerTimeout));
            }
        }, answerTimeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private void cancelAnswerDeadline() {
        if (answerDeadline != null) {
            answerDeadline.dispose();
            answerDeadline = null;
        }
    }

    private void fail(String step, int id, Throwable error) {
        if (closed) {
            return;
        }
        LOG.debug("{}: negotiation step {} of offer {} failed: {}", transport.name(), step, id, error.toString());
        listener.failed(step, id, error);
    }
}
