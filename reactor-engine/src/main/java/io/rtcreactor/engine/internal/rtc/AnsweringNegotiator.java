package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The negotiation actor of a transport on which the remote side makes the offers (a client's subscriber PC, a
 * server's publisher PC). Offers are answered strictly in arrival order, each exactly once and with its own id;
 * an offer that arrives while another is being answered waits its turn (FAULTS.md F20). Every method runs on
 * {@code lane}; every step has a deadline.
 */
public final class AnsweringNegotiator {

    /** What the negotiator reports to its owner, always on the lane. */
    public interface Listener {
        /** The remote offer {@code offerId} was applied and answered; send the answer with that id. */
        void answerReady(int offerId, Sdp answer);

        /** A step failed or missed its deadline. */
        void failed(String step, int offerId, Throwable error);
    }

    private record RemoteOffer(int id, Sdp sdp) {
    }

    private final SdpPeer transport;
    private final Scheduler lane;
    private final Duration stepTimeout;
    private final SdpStepHook hook;
    private final Listener listener;
    private final Deque<RemoteOffer> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean closed;
    private Disposable inFlight;
    private RemoteOffer lastOffer;
    private Sdp lastAnswer;

    public AnsweringNegotiator(SdpPeer transport, Scheduler lane, Duration stepTimeout, SdpStepHook hook,
                               Listener listener) {
        this.transport = transport;
        this.lane = lane;
        this.stepTimeout = stepTimeout;
        this.hook = hook;
        this.listener = listener;
    }

    /** Queues a remote offer for answering. */
    public void offer(int offerId, Sdp offer) {
        if (closed) {
            return;
        }
        queue.addLast(new RemoteOffer(offerId, offer));
        next();
    }

    /** The last remote offer applied (for SyncState), or null. */
    public Sdp lastOffer() {
        return lastOffer == null ? null : lastOffer.sdp();
    }

    /** The id of the last remote offer answered, or 0. */
    public int lastOfferId() {
        return lastOffer == null ? 0 : lastOffer.id();
    }

    /** The last answer sent (for SyncState), or null. */
    public Sdp lastAnswer() {
        return lastAnswer;
    }

    /** True while no offer is being answered or waiting. */
    public boolean idle() {
        return !busy && queue.isEmpty();
    }

    public void close() {
        closed = true;
        queue.clear();
        if (inFlight != null) {
            inFlight.dispose();
        }
    }

    private void next() {
        if (busy || closed || queue.isEmpty()) {
            return;
        }
        RemoteOffer offer = queue.removeFirst();
        busy = true;
        inFlight = step("setRemoteDescription", offer.id(), () -> transport.setRemoteDescription(offer.sdp()))
                .then(step("createAnswer", offer.id(), transport::createAnswer))
                .flatMap(answer -> step("setLocalDescription", offer.id(), () -> transport.setLocalDescription(answer))
                        .thenReturn(answer))
                .publishOn(lane)
                .subscribe(answer -> {
                    busy = false;
                    if (closed) {
                        return;
                    }
                    lastOffer = offer;
                    lastAnswer = answer;
                    listener.answerReady(offer.id(), answer);
                    next();
                }, error -> {
                    busy = false;
                    if (!closed) {
                        listener.failed("answer offer", offer.id(), error);
                    }
                });
    }

    /**
     * One step with its deadline. The hook and the operation are called only when the step is reached (createAnswer
     * after the remote offer is applied, not when the chain is assembled), and the deadline is a timer on the lane:
     * the owner's timer scheduler, virtual in tests, never Reactor's global one.
     */
    private <T> Mono<T> step(String name, int id, Supplier<Mono<T>> operation) {
        return Mono.defer(() -> hook.before(transport.name(), name, id).then(Mono.defer(operation)))
                .timeout(stepTimeout, Mono.error(() -> RtcStepException.timedOut(transport.name(),
                        name + " (remote offer " + id + ")", stepTimeout)), lane);
    }
}
