package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.rtc.AnsweringNegotiator;
import io.rtcreactor.engine.internal.rtc.AudioPath;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.IcePath;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.OfferingNegotiator;
import io.rtcreactor.engine.internal.rtc.Peer;
import io.rtcreactor.engine.internal.rtc.PeerFactory;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.rtc.TransportEvent;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.IcePolicy;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The session's two peer connections in LiveKit's two-PC mode: the <b>subscriber</b> (receive factory; the server
 * offers, we answer) and the <b>publisher</b> (send factory; we offer, the server answers; made on first use). Each
 * has its negotiation actor. A full reconnect replaces both with a new <b>generation</b>; everything reported
 * carries the generation it came from, and the supervisor drops what is stale. Lane-confined.
 */
final class Transports {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    /** What the transports report; always on the lane, tagged with the generation it belongs to. */
    interface Listener {
        void opened(int generation, SignalTarget target);

        /** A local description with ICE credentials new to this transport was set. */
        void credentials(int generation, SignalTarget target, String ufrag);

        void publisherOffer(int generation, int offerId, Sdp offer, Map<String, String> midToTrackId,
                            boolean iceRestart);

        void publisherAnswerApplied(int generation, int offerId);

        void publisherAnswerDropped(int generation, int answerId, String reason);

        void subscriberAnswer(int generation, int offerId, Sdp answer);

        void negotiationFailed(int generation, SignalTarget target, String step, Throwable error);

        /** A remote candidate was handed to {@code target} (checks on it may start now). */
        void remoteCandidateAdded(int generation, SignalTarget target);

        /** {@code target} could not take a remote candidate (libwebrtc refused it, or the transport closed). */
        void remoteCandidateRefused(int generation, SignalTarget target, Throwable error);

        /** Anything the transport itself reported, after the transports did their own bookkeeping. */
        void event(int generation, SignalTarget target, TransportEvent event);
    }

    private record EarlyOffer(int id, Sdp sdp) {
    }

    private final String name;
    private final PeerFactory peers;
    private final Scheduler lane;
    private final RoomOptions options;
    private final Listener listener;
    private final List<Disposable> subscriptions = new ArrayList<>();
    private final Set<String> openChannels = new HashSet<>();
    /** SCTP stream id of each open channel by transport and label (SyncState reports them after a migration). */
    private final Map<SignalTarget, Map<String, Integer>> channelIds = new EnumMap<>(Map.of(
            SignalTarget.PUBLISHER, new java.util.TreeMap<>(), SignalTarget.SUBSCRIBER, new java.util.TreeMap<>()));
    private final Map<SignalTarget, String> ufrags = new EnumMap<>(SignalTarget.class);
    /** Per transport, the newest remote description received on the signal (by id) and its ufrag. */
    private final Map<SignalTarget, Map.Entry<Integer, String>> remoteSeen = new EnumMap<>(SignalTarget.class);
    private final Map<SignalTarget, List<IceCandidate>> early = new EnumMap<>(SignalTarget.class);
    private final List<EarlyOffer> earlyOffers = new ArrayList<>();
    private IcePolicy ice = IcePolicy.OPEN;
    private int generation = 1;
    private int lastOfferId;
    private Peer subscriber;
    private Peer publisher;
    private OfferingNegotiator publisherNegotiation;
    private AnsweringNegotiator subscriberNegotiation;
    private Mono<Peer> publisherReady;

    Transports(String name, PeerFactory peers, Scheduler lane, RoomOptions options, Listener listener) {
        this.name = name;
        this.peers = peers;
        this.lane = lane;
        this.options = options;
        this.listener = listener;
        early.put(SignalTarget.PUBLISHER, new ArrayList<>());
        early.put(SignalTarget.SUBSCRIBER, new ArrayList<>());
    }

    /** Opens the subscriber of generation {@code gen}; completes on the lane. */
    Mono<Void> start(int gen, IcePolicy policy) {
        this.generation = gen;
        this.ice = policy;
        return peers.open(AudioPath.RECEIVE, name + "-subscriber", ice)
                .publishOn(lane)
                .flatMap(peer -> {
                    if (gen != generation) {
                        return peer.close();
                    }
                    subscriber = peer;
                    subscriberNegotiation = new AnsweringNegotiator(peer, lane, options.sdpStepTimeout(),
                            options.sdpStepHook(), new SubscriberListener(gen));
                    subscriptions.add(peer.events().publishOn(lane)
                            .subscribe(event -> onEvent(gen, SignalTarget.SUBSCRIBER, event)));
                    listener.opened(gen, SignalTarget.SUBSCRIBER);
                    // An offer and candidates may arrive before the transport exists: they waited for it.
                    earlyOffers.forEach(o -> subscriberNegotiation.offer(o.id(), o.sdp()));
                    earlyOffers.clear();
                    drainEarly(SignalTarget.SUBSCRIBER, peer);
                    return Mono.<Void>empty();
                });
    }

    /** The publisher with its two data channels, made on first use; completes on the lane. */
    Mono<Peer> publisher() {
        if (publisherReady == null) {
            int gen = generation;
            publisherReady = peers.open(AudioPath.SEND, name + "-publisher", ice)
                    .publishOn(lane)
                    .flatMap(peer -> {
                        if (gen != generation) {
                            return peer.close().then(Mono.<Peer>empty());
                        }
                        publisher = peer;
                        publisherNegotiation = new OfferingNegotiator(peer, lane, options.sdpStepTimeout(),
                                options.answerTimeout(), options.sdpStepHook(), new PublisherListener(gen));
                        publisherNegotiation.continueNumberingAfter(lastOfferId);
                        subscriptions.add(peer.events().publishOn(lane)
                                .subscribe(event -> onEvent(gen, SignalTarget.PUBLISHER, event)));
                        listener.opened(gen, SignalTarget.PUBLISHER);
                        drainEarly(SignalTarget.PUBLISHER, peer);
                        // Protocol: "_reliable (ordered) and _lossy (unordered, no retransmits) on the publisher".
                        return peer.createDataChannel("_reliable", true, -1)
                                .then(peer.createDataChannel("_lossy", false, 0))
                                .publishOn(lane)
                                .thenReturn(peer);
                    })
                    .cache();
        }
        return publisherReady;
    }

    boolean publisherInUse() {
        return publisher != null;
    }

    /** Asks the publisher's negotiation actor for an offer (deferred if one is outstanding). */
    void negotiatePublisher() {
        if (publisherNegotiation != null) {
            publisherNegotiation.negotiate(false);
        }
    }

    /** The id of the publisher offer awaiting an answer, or 0. */
    int outstandingPublisherOffer() {
        return publisherNegotiation == null ? 0 : publisherNegotiation.outstandingOfferId();
    }

    /** The ICE restart of a resume: a new offer at once, superseding one from before the outage. */
    void restartPublisher() {
        if (publisherNegotiation != null) {
            publisherNegotiation.supersede(true);
        }
    }

    void publisherAnswer(int answerId, Sdp answer) {
        remoteDescriptionSeen(SignalTarget.PUBLISHER, answerId, answer);
        if (publisherNegotiation == null) {
            listener.publisherAnswerDropped(generation, answerId, "no publisher transport");
            return;
        }
        publisherNegotiation.answer(answerId, answer);
    }

    void subscriberOffer(int offerId, Sdp offer) {
        remoteDescriptionSeen(SignalTarget.SUBSCRIBER, offerId, offer);
        if (subscriberNegotiation != null) {
            subscriberNegotiation.offer(offerId, offer);
        } else {
            earlyOffers.add(new EarlyOffer(offerId, offer));
        }
    }

    /** The last subscriber offer received and the answer sent, with the offer's id (for SyncState). */
    Sdp lastSubscriberOffer() {
        return subscriberNegotiation == null ? null : subscriberNegotiation.lastOffer();
    }

    Sdp lastSubscriberAnswer() {
        return subscriberNegotiation == null ? null : subscriberNegotiation.lastAnswer();
    }

    int lastSubscriberOfferId() {
        return subscriberNegotiation == null ? 0 : subscriberNegotiation.lastOfferId();
    }

    /**
     * LiveKit's server sends its candidates without {@code usernameFragment} (pion's {@code ICECandidate.ToJSON}
     * fills only candidate, sdpMid and sdpMLineIndex; ParticipantImpl.sendICECandidate in pkg/rtc/participant_signal.go
     * trickles that). Such a candidate belongs
     * to the newest remote description sent before it on the signal, which may not be applied yet: it is assigned
     * that description's ufrag here, in signal order, so the transport holds it until that description is set
     * instead of handing it to the previous ICE generation.
     */
    private void remoteDescriptionSeen(SignalTarget target, int id, Sdp description) {
        Map.Entry<Integer, String> before = remoteSeen.get(target);
        String ufrag = description.iceUfrag();
        // Publisher answers answer our own offers, whose ids only grow: an answer to an older offer (a stale one)
        // says nothing about the candidates after it. Subscriber offers are the server's, taken in signal order.
        boolean stale = target == SignalTarget.PUBLISHER && before != null && id < before.getKey();
        if (!ufrag.isEmpty() && !stale) {
            remoteSeen.put(target, Map.entry(id, ufrag));
        }
    }

    void remoteCandidate(SignalTarget target, IceCandidate received) {
        Map.Entry<Integer, String> seen = remoteSeen.get(target);
        IceCandidate candidate = received.usernameFragment().isEmpty() && seen != null && !received.isEndOfCandidates()
                ? received.withUsernameFragment(seen.getValue()) : received;
        Peer peer = peer(target);
        if (peer == null) {
            early.get(target).add(candidate);
            return;
        }
        int gen = generation;
        peer.addIceCandidate(candidate).publishOn(lane).subscribe(null,
                error -> listener.remoteCandidateRefused(gen, target, error),
                () -> listener.remoteCandidateAdded(gen, target));
    }

    void setIcePolicy(IcePolicy policy) {
        this.ice = policy;
        for (Peer peer : new Peer[] {subscriber, publisher}) {
            if (peer != null) {
                peer.setIcePolicy(ice).subscribe(null, this::ignore);
            }
        }
    }

    /** The generation of the transports in use now. */
    int generation() {
        return generation;
    }

    /** Where {@code target}'s ICE stands, read from its stats; empty when it does not exist. */
    Mono<IcePath> icePath(SignalTarget target) {
        Peer peer = peer(target);
        return peer == null ? Mono.empty() : peer.icePath();
    }

    Mono<LocalAudio> addAudio(String trackId, String streamId) {
        return publisher().flatMap(peer -> peer.addAudioTrack(trackId, List.of(streamId))).publishOn(lane);
    }

    Mono<Void> removeAudio(LocalAudio audio) {
        return publisher == null ? Mono.empty() : publisher.removeAudioTrack(audio).publishOn(lane);
    }

    /** The publisher's channel with this label, if it is open. */
    DataChannel channel(String label) {
        return publisher == null || !openChannels.contains(label) ? null : publisher.channel(label);
    }

    /** The SCTP stream ids of the open data channels of {@code target}, by label (a copy). */
    Map<String, Integer> channelIds(SignalTarget target) {
        return Map.copyOf(channelIds.get(target));
    }

    /** Closes both transports; the next ones are generation {@code next}: nothing of the old ones is used again. */
    Mono<Void> reset(int next) {
        generation = next;
        if (publisherNegotiation != null) {
            lastOfferId = Math.max(lastOfferId, publisherNegotiation.lastOfferId());
            publisherNegotiation.close();
        }
        if (subscriberNegotiation != null) {
            subscriberNegotiation.close();
        }
        subscriptions.forEach(Disposable::dispose);
        subscriptions.clear();
        early.values().forEach(List::clear);
        earlyOffers.clear();
        openChannels.clear();
        channelIds.values().forEach(Map::clear);
        remoteSeen.clear();
        ufrags.clear();
        Peer oldSubscriber = subscriber;
        Peer oldPublisher = publisher;
        subscriber = null;
        publisher = null;
        publisherNegotiation = null;
        subscriberNegotiation = null;
        publisherReady = null;
        Mono<Void> closeSubscriber = oldSubscriber == null ? Mono.empty() : oldSubscriber.close();
        Mono<Void> closePublisher = oldPublisher == null ? Mono.empty() : oldPublisher.close();
        // Fails (after logging) when a close did not finish in time, so that a leaving session can say so.
        return Mono.when(closeSubscriber, closePublisher).timeout(options.releaseTimeout(), options.scheduler())
                .doOnError(e -> LOG.warn("{}: closing the transports did not finish within {}: {}", name,
                        options.releaseTimeout(), e.toString()));
    }

    private Peer peer(SignalTarget target) {
        return target == SignalTarget.SUBSCRIBER ? subscriber : publisher;
    }

    private void drainEarly(SignalTarget target, Peer peer) {
        int gen = generation;
        early.get(target).forEach(c -> peer.addIceCandidate(c).publishOn(lane).subscribe(null,
                error -> listener.remoteCandidateRefused(gen, target, error)));
        early.get(target).clear();
    }

    /** A local description was set: report its credentials if they are new to the transport. */
    private boolean localDescription(int gen, SignalTarget target, Sdp description) {
        String ufrag = description.iceUfrag();
        String before = ufrags.put(target, ufrag);
        boolean restart = before != null && !before.isEmpty() && !before.equals(ufrag);
        if (!ufrag.equals(before)) {
            listener.credentials(gen, target, ufrag);
        }
        return restart;
    }

    private void onEvent(int gen, SignalTarget target, TransportEvent event) {
        if (gen != generation) {
            return;
        }
        if (event instanceof TransportEvent.ChannelAnnounced announced && announced.id() >= 0) {
            // A channel the other side made arrives open: no state change follows to say so.
            channelIds.get(target).put(announced.channel().label(), announced.id());
        }
        if (event instanceof TransportEvent.ChannelStateChanged channel) {
            boolean open = channel.state() == DataChannel.State.OPEN;
            if (open && channel.id() >= 0) {
                channelIds.get(target).put(channel.label(), channel.id());
            } else if (!open) {
                channelIds.get(target).remove(channel.label());
            }
            if (target == SignalTarget.PUBLISHER && open) {
                openChannels.add(channel.label());
            } else if (target == SignalTarget.PUBLISHER) {
                openChannels.remove(channel.label());
            }
        }
        listener.event(gen, target, event);
    }

    private void ignore(Throwable error) {
        LOG.debug("{}: {}", name, error.toString());
    }

    private final class PublisherListener implements OfferingNegotiator.Listener {
        private final int gen;

        PublisherListener(int gen) {
            this.gen = gen;
        }

        @Override
        public void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
            if (gen == generation) {
                lastOfferId = Math.max(lastOfferId, offerId);
                boolean restart = localDescription(gen, SignalTarget.PUBLISHER, offer);
                listener.publisherOffer(gen, offerId, offer, midToTrackId, restart);
            }
        }

        @Override
        public void answerApplied(int offerId) {
            if (gen == generation) {
                listener.publisherAnswerApplied(gen, offerId);
            }
        }

        @Override
        public void answerDropped(int answerId, String reason) {
            if (gen == generation) {
                listener.publisherAnswerDropped(gen, answerId, reason);
            }
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            if (gen == generation) {
                listener.negotiationFailed(gen, SignalTarget.PUBLISHER, step + " of offer " + offerId, error);
            }
        }
    }

    private final class SubscriberListener implements AnsweringNegotiator.Listener {
        private final int gen;

        SubscriberListener(int gen) {
            this.gen = gen;
        }

        @Override
        public void answerReady(int offerId, Sdp answer) {
            if (gen == generation) {
                localDescription(gen, SignalTarget.SUBSCRIBER, answer);
                listener.subscriberAnswer(gen, offerId, answer);
            }
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            if (gen == generation) {
                listener.negotiationFailed(gen, SignalTarget.SUBSCRIBER, step + " of offer " + offerId, error);
            }
        }
    }
}
