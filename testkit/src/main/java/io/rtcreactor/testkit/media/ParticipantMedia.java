package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.internal.rtc.AnsweringNegotiator;
import io.rtcreactor.engine.internal.rtc.AudioPath;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.OfferingNegotiator;
import io.rtcreactor.engine.internal.rtc.PeerTransport;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.rtc.TransportEvent;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One participant's two server-side peer connections, as LiveKit's server runs them in two-PC mode:
 * <ul>
 *   <li>the <b>subscriber</b> PC, on the runtime's send factory: the server offers on it, sends forwarded audio
 *       on downtracks whose msid is {@code <publisher sid>|<track sid>}, and, when it is the primary transport,
 *       owns the {@code _reliable} and {@code _lossy} channels for downstream data;</li>
 *   <li>the <b>publisher</b> PC, on the receive factory, created by the client's first offer: the server answers
 *       on it and receives the client's audio and upstream data.</li>
 * </ul>
 * Every method runs on the server's lane.
 */
public final class ParticipantMedia {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantMedia.class);

    private final String name;
    private final RtcRuntime runtime;
    private final Scheduler lane;
    private final Duration stepTimeout;
    private final Duration answerTimeout;
    private final MediaListener listener;
    private final CandidateGate gate;
    private final List<Disposable> subscriptions = new ArrayList<>();
    private final Map<String, LocalAudio> downtracks = new LinkedHashMap<>();
    private final List<IceCandidate> earlyPublisherCandidates = new ArrayList<>();
    private PeerTransport subscriber;
    private PeerTransport publisher;
    private OfferingNegotiator subscriberNegotiation;
    private AnsweringNegotiator publisherNegotiation;
    private Mono<PeerTransport> subscriberOpening;
    private Mono<PeerTransport> publisherOpening;
    private IceCandidate lastSubscriberCandidate;
    /** SCTP stream id of each of the client's publisher channels, by label, once open. */
    private final Map<String, Integer> publisherChannelIds = new java.util.TreeMap<>();
    private boolean closed;
    private boolean subscriberPrimary = true;
    private boolean burstPending;
    /** The first offer of an {@code offer_burst}, sent right before the second. */
    private Runnable heldOffer;

    public ParticipantMedia(String name, RtcRuntime runtime, Scheduler lane, Duration stepTimeout,
                            Duration answerTimeout, CandidateGate gate, MediaListener listener) {
        this.name = name;
        this.runtime = runtime;
        this.lane = lane;
        this.stepTimeout = stepTimeout;
        this.answerTimeout = answerTimeout;
        this.gate = gate;
        this.listener = listener;
    }

    /**
     * Opens the subscriber PC, with its two data channels when it is the participant's primary transport (LiveKit
     * makes them only then); completes on the lane.
     */
    public Mono<Void> start(boolean subscriberPrimary) {
        this.subscriberPrimary = subscriberPrimary;
        subscriberOpening = PeerTransport.open(runtime, AudioPath.SEND, name + "-sub", IcePolicy.OPEN).cache();
        return subscriberOpening
                .publishOn(lane)
                .flatMap(transport -> {
                    if (closed) {
                        return transport.close().then(Mono.empty());
                    }
                    subscriber = transport;
                    subscriberNegotiation = new OfferingNegotiator(transport, lane, stepTimeout, answerTimeout,
                            SdpStepHook.NONE, new SubscriberNegotiation());
                    subscriptions.add(transport.events().publishOn(lane).subscribe(
                            event -> onEvent(SignalTarget.SUBSCRIBER, event)));
                    if (!subscriberPrimary) {
                        return Mono.<Void>empty();
                    }
                    // LiveKit's server opens the downstream channels itself, so the first offer has a data section.
                    return transport.createDataChannel("_reliable", true, -1)
                            .then(transport.createDataChannel("_lossy", false, 0))
                            .publishOn(lane)
                            .then();
                });
    }

    /** True once the publisher PC exists (the client's first offer opened it). */
    public boolean publisherOpened() {
        return publisher != null;
    }

    /** True once the subscriber PC has made an offer (an ICE restart needs one to restart). */
    public boolean subscriberNegotiated() {
        return subscriberNegotiation != null && subscriberNegotiation.lastOfferId() > 0;
    }

    public void negotiateSubscriber(boolean iceRestart) {
        if (subscriberNegotiation != null && !closed) {
            subscriberNegotiation.negotiate(iceRestart);
        }
    }

    /**
     * The ICE restart of a resume. An offer still unanswered from before it is not waited for: its answer went out
     * on the old signal connection or never will (the offer itself may have been lost with it), so the restart offer
     * supersedes it at once. LiveKit's {@code PCTransport.doICERestart} (livekit/livekit, pkg/rtc/transport.go) does
     * the same: with a negotiation under way it re-applies the last answer and sends a new ICE-restart offer
     * straight away. Waiting instead left the client's resume without a subscriber offer until the answer timeout.
     */
    public void restartSubscriberIce() {
        if (subscriberNegotiation != null && !closed) {
            subscriberNegotiation.supersede(true);
        }
    }

    /**
     * The {@code offer_burst} fault: two subscriber offers back-to-back. The second is made as soon as the first
     * is, without waiting for its answer, and both are sent together, so the client has both before it can answer
     * either.
     */
    public void burstSubscriberOffers() {
        if (subscriberNegotiation != null && !closed) {
            burstPending = true;
            subscriberNegotiation.supersede(false);
        }
    }

    public void subscriberAnswer(int answerId, Sdp answer) {
        if (subscriberNegotiation != null && !closed) {
            subscriberNegotiation.answer(answerId, gate.incoming(answer));
        }
    }

    /** The id of the subscriber offer awaiting its answer, or 0. */
    public int outstandingSubscriberOffer() {
        return subscriberNegotiation == null ? 0 : subscriberNegotiation.outstandingOfferId();
    }

    /** Handles the client's publisher offer, opening the publisher PC on the first one. */
    public void publisherOffer(int offerId, Sdp offer) {
        if (closed) {
            return;
        }
        if (publisherNegotiation != null) {
            publisherNegotiation.offer(offerId, gate.incoming(offer));
            return;
        }
        if (publisherOpening == null) {
            publisherOpening = PeerTransport.open(runtime, AudioPath.RECEIVE, name + "-pub", IcePolicy.OPEN)
                    .publishOn(lane)
                    .doOnNext(this::publisherOpened)
                    .cache();
        }
        publisherOpening.subscribe(transport -> publisherNegotiation.offer(offerId, gate.incoming(offer)),
                error -> listener.negotiationFailed(SignalTarget.PUBLISHER, "open", error));
    }

    private void publisherOpened(PeerTransport transport) {
        if (closed) {
            transport.close().subscribe();
            return;
        }
        publisher = transport;
        publisherNegotiation = new AnsweringNegotiator(transport, lane, stepTimeout, SdpStepHook.NONE,
                new PublisherNegotiation());
        subscriptions.add(transport.events().publishOn(lane).subscribe(
                event -> onEvent(SignalTarget.PUBLISHER, event)));
        earlyPublisherCandidates.forEach(c -> transport.addIceCandidate(c).subscribe(null, this::candidateFailed));
        earlyPublisherCandidates.clear();
    }

    /** A client candidate for one of the server's PCs (queued until that PC exists). */
    public void remoteCandidate(SignalTarget target, IceCandidate candidate) {
        if (closed || !gate.acceptRemote(target, candidate)) {
            return;
        }
        if (target == SignalTarget.SUBSCRIBER) {
            if (subscriber != null) {
                subscriber.addIceCandidate(candidate).subscribe(null, this::candidateFailed);
            }
        } else if (publisher != null) {
            publisher.addIceCandidate(candidate).subscribe(null, this::candidateFailed);
        } else {
            earlyPublisherCandidates.add(candidate);
        }
    }

    /**
     * Adds a downtrack carrying {@code trackSid} (its track id) to the client, under {@code streamId}; with
     * {@code reuse}, on a transceiver an earlier downtrack left free if there is one, as LiveKit does.
     */
    public Mono<LocalAudio> addDowntrack(String trackSid, String streamId, boolean reuse) {
        if (closed || subscriber == null || downtracks.containsKey(trackSid)) {
            return Mono.empty();
        }
        return (reuse ? subscriber.addAudioTrackReusing(trackSid, List.of(streamId))
                : subscriber.addAudioTrack(trackSid, List.of(streamId)))
                .publishOn(lane)
                .doOnNext(audio -> downtracks.put(trackSid, audio));
    }

    /** Removes a downtrack; returns the removed one (to stop forwarding into it), or null. */
    public LocalAudio removeDowntrack(String trackSid) {
        LocalAudio audio = downtracks.remove(trackSid);
        if (audio != null && subscriber != null) {
            subscriber.removeAudioTrack(audio).subscribe(null, e -> LOG.debug("{}: remove downtrack: {}", name, e.toString()));
        }
        return audio;
    }

    /** Downtracks that went out on a transceiver an earlier one left free. */
    public int transceiversReused() {
        return subscriber == null ? 0 : subscriber.transceiversReused();
    }

    /** The downtrack carrying {@code trackSid} to this participant, or null. */
    public LocalAudio downtrack(String trackSid) {
        return downtracks.get(trackSid);
    }

    public boolean hasDowntrack(String trackSid) {
        return downtracks.containsKey(trackSid);
    }

    /**
     * Sends a data packet to the client on the primary transport's channel of that kind: the subscriber PC's own,
     * or, when the publisher is primary, the channel the client opened on its publisher (LiveKit sends on
     * {@code getTransport(true)}, TransportManager.SendDataMessage in pkg/rtc/transportmanager.go).
     */
    public void sendData(boolean reliable, byte[] packet) {
        PeerTransport primary = subscriberPrimary ? subscriber : publisher;
        DataChannel channel = primary == null ? null : primary.channel(reliable ? "_reliable" : "_lossy");
        if (channel != null && !closed) {
            channel.send(packet, true).subscribe(null, e -> LOG.debug("{}: data not sent: {}", name, e.toString()));
        }
    }

    /** The SCTP stream ids of the client's open publisher channels, by label (a copy). */
    public Map<String, Integer> publisherChannelIds() {
        return Map.copyOf(publisherChannelIds);
    }

    /** The last candidate the subscriber PC gathered (the {@code messages_before_reconnect_response} fault). */
    public IceCandidate lastSubscriberCandidate() {
        return lastSubscriberCandidate;
    }

    /** Closes both PCs (the subscriber only with {@code subscriberOnly}). */
    public Mono<Void> close(boolean subscriberOnly) {
        if (subscriberOnly) {
            if (subscriberNegotiation != null) {
                subscriberNegotiation.close();
            }
            PeerTransport transport = subscriber;
            return transport == null ? Mono.empty() : transport.close();
        }
        closed = true;
        subscriptions.forEach(Disposable::dispose);
        if (subscriberNegotiation != null) {
            subscriberNegotiation.close();
        }
        if (publisherNegotiation != null) {
            publisherNegotiation.close();
        }
        downtracks.clear();
        return Mono.when(closeOnceOpened(subscriberOpening), closeOnceOpened(publisherOpening));
    }

    /**
     * Closes the transport {@code opening} gives, also one still being opened, and completes once its native
     * objects are gone: the server releases its factories only after that (webrtc-java crashes the JVM on a peer
     * connection, channel or track whose factory was disposed). {@link PeerTransport#close()} is idempotent.
     */
    private static Mono<Void> closeOnceOpened(Mono<PeerTransport> opening) {
        return opening == null ? Mono.empty() : opening.onErrorResume(e -> Mono.empty()).flatMap(PeerTransport::close);
    }

    public boolean subscriberClosed() {
        return subscriber == null || subscriber.isClosed();
    }

    private void onEvent(SignalTarget target, TransportEvent event) {
        if (closed) {
            return;
        }
        if (event instanceof TransportEvent.CandidateGathered gathered) {
            IceCandidate outgoing = gate.outgoing(target, gathered.candidate());
            if (outgoing != null) {
                if (target == SignalTarget.SUBSCRIBER) {
                    lastSubscriberCandidate = outgoing;
                }
                listener.candidateGathered(target, outgoing);
            }
        } else if (event instanceof TransportEvent.StateChanged changed) {
            listener.transportStateChanged(target, changed.state());
        } else if (event instanceof TransportEvent.TrackReceived track && target == SignalTarget.PUBLISHER
                && (track.audio() != null || "video".equals(track.kind()))) {
            // Video is published (the room sees it) but not forwarded: audio null.
            listener.trackArrived(track.mid(), track.trackId(), track.audio());
        } else if (event instanceof TransportEvent.ChannelAnnounced announced && target == SignalTarget.PUBLISHER
                && announced.id() >= 0) {
            // The client's channels arrive open (announced); no state change follows.
            publisherChannelIds.put(announced.channel().label(), announced.id());
        } else if (event instanceof TransportEvent.ChannelStateChanged channel && target == SignalTarget.PUBLISHER
                && channel.state() == io.rtcreactor.engine.internal.rtc.DataChannel.State.OPEN && channel.id() >= 0) {
            publisherChannelIds.put(channel.label(), channel.id());
        } else if (event instanceof TransportEvent.ChannelMessageReceived message && target == SignalTarget.PUBLISHER) {
            listener.dataArrived(message.label(), message.data());
        }
    }

    private void candidateFailed(Throwable error) {
        LOG.debug("{}: remote candidate not added: {}", name, error.toString());
    }

    private final class SubscriberNegotiation implements OfferingNegotiator.Listener {
        @Override
        public void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
            Sdp outgoing = gate.outgoing(SignalTarget.SUBSCRIBER, offer);
            if (burstPending) {
                // The first offer of the burst is held until the second is made, then both go out back to back:
                // sent at once, the first could be answered before the second existed (seen in 1 of 7 stability
                // runs), and the client never had two offers outstanding.
                burstPending = false;
                heldOffer = () -> listener.subscriberOfferReady(offerId, outgoing, midToTrackId);
                subscriberNegotiation.supersede(false);
                return;
            }
            if (heldOffer != null) {
                Runnable first = heldOffer;
                heldOffer = null;
                first.run();
            }
            listener.subscriberOfferReady(offerId, outgoing, midToTrackId);
        }

        @Override
        public void answerApplied(int offerId) {
            listener.subscriberAnswerApplied(offerId);
        }

        @Override
        public void answerDropped(int answerId, String reason) {
            listener.subscriberAnswerDropped(answerId, reason);
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            listener.negotiationFailed(SignalTarget.SUBSCRIBER, step + " (offer " + offerId + ")", error);
        }
    }

    private final class PublisherNegotiation implements AnsweringNegotiator.Listener {
        @Override
        public void answerReady(int offerId, Sdp answer) {
            listener.publisherAnswerReady(offerId, publisherNegotiation.lastOffer(),
                    gate.outgoing(SignalTarget.PUBLISHER, answer));
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            listener.negotiationFailed(SignalTarget.PUBLISHER, step + " (offer " + offerId + ")", error);
        }
    }
}
