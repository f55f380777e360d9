package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.RtcRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;

/**
 * Two peer transports of one runtime wired to each other: a sender on the send factory and a receiver on the
 * receive factory, each one's gathered candidates added to the other, every event of each recorded. The test adds
 * channels and tracks, then {@link #negotiate()}s.
 */
final class LoopbackPair {

    final PeerTransport sender;
    final PeerTransport receiver;
    final List<TransportEvent> senderEvents = new CopyOnWriteArrayList<>();
    final List<TransportEvent> receiverEvents = new CopyOnWriteArrayList<>();
    private final Duration step;

    private LoopbackPair(PeerTransport sender, PeerTransport receiver, Duration step, List<Disposable> keep) {
        this.sender = sender;
        this.receiver = receiver;
        this.step = step;
        keep.add(sender.events().doOnNext(senderEvents::add)
                .filter(TransportEvent.CandidateGathered.class::isInstance)
                .concatMap(e -> receiver.addIceCandidate(((TransportEvent.CandidateGathered) e).candidate()))
                .subscribe());
        keep.add(receiver.events().doOnNext(receiverEvents::add)
                .filter(TransportEvent.CandidateGathered.class::isInstance)
                .concatMap(e -> sender.addIceCandidate(((TransportEvent.CandidateGathered) e).candidate()))
                .subscribe());
    }

    /** Opens both; their event subscriptions go to {@code keep}, for the test to dispose. */
    static LoopbackPair open(RtcRuntime runtime, Duration step, List<Disposable> keep) {
        PeerTransport sender = PeerTransport.open(runtime, AudioPath.SEND, "sender", List.of()).block(step);
        PeerTransport receiver = PeerTransport.open(runtime, AudioPath.RECEIVE, "receiver", List.of()).block(step);
        return new LoopbackPair(sender, receiver, step, keep);
    }

    /** The sender offers, the receiver answers. */
    void negotiate() {
        negotiate(sender, receiver, false, step);
    }

    /** One offer/answer exchange, each step bounded by {@code step}; returns the offer. */
    static Sdp negotiate(PeerTransport offerer, PeerTransport answerer, boolean iceRestart, Duration step) {
        Sdp offer = offerer.createOffer(iceRestart).block(step);
        offerer.setLocalDescription(offer).block(step);
        answerer.setRemoteDescription(offer).block(step);
        Sdp answer = answerer.createAnswer().block(step);
        answerer.setLocalDescription(answer).block(step);
        offerer.setRemoteDescription(answer).block(step);
        return offer;
    }
}
