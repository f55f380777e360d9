package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.AnsweringNegotiator;
import io.rtcreactor.engine.rtc.AudioPath;
import io.rtcreactor.engine.rtc.DataChannel;
import io.rtcreactor.engine.rtc.IceCandidate;
import io.rtcreactor.engine.rtc.IceServer;
import io.rtcreactor.engine.rtc.LocalAudio;
import io.rtcreactor.engine.rtc.OfferingNegotiator;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.PeerTransport;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.Sdp;
import io.rtcreactor.engine.rtc.TransportEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The session's two peer connections in LiveKit's two-PC mode: the <b>subscriber</b> (receive factory; the
 * server offers, we answer) and the <b>publisher</b> (send factory; we offer, the server answers; created when
 * something is published or data is sent, or at once with {@code fast_publish}). Each has its negotiation actor.
 * A full reconnect replaces both: {@link #reset()} bumps the generation, and every event of an older generation
 * is dropped (invariant 5). Lane-confined.
 */
final class Transports {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    /** What the transports report; always on the lane, always of the current generation. */
    interface Listener {
        void candidate(SignalTarget target, IceCandidate candidate);

        void publisherOffer(int offerId, Sdp offer, Map<String, String> midToTrackId);

        void publisherAnswerApplied(int offerId);

        void publisherAnswerDropped(int answerId, String reason);

        void subscriberAnswer(int offerId, Sdp answer);

        void negotiationFailed(SignalTarget target, String step, Throwable error);

        void stateChanged(SignalTarget target, PeerState state);

        void trackReceived(TransportEvent.TrackReceived track);

        void dataMessage(String label, byte[] data);

        void channelOpened(String label);
    }

    private final String name;
    private final RtcRuntime runtime;
    private static final long PATH_LOOK_TIMEOUT_MS = 2000;

    private final Scheduler lane;
    private final Map<SignalTarget, String> lastPathLook = new java.util.concurrent.ConcurrentHashMap<>();
    private final RoomOptions options;
    private final Listener listener;
    private final Map<SignalTarget, PeerState> states = new EnumMap<>(SignalTarget.class);
    private final List<Disposable> subscriptions = new ArrayList<>();
    private final java.util.Set<String> openChannels = new java.util.HashSet<>();
    private final List<IceCandidate> earlyPublisherCandidates = new ArrayList<>();
    private final List<IceCandidate> earlySubscriberCandidates = new ArrayList<>();
    private final List<Object[]> earlySubscriberOffers = new ArrayList<>();
    private List<IceServer> iceServers = List.of();
    private int generation;
    private int lastOfferId;
    private PeerTransport subscriber;
    private PeerTransport publisher;
    private OfferingNegotiator publisherNegotiation;
    private AnsweringNegotiator subscriberNegotiation;
    private Mono<PeerTransport> publisherReady;

    Transports(String name, RtcRuntime runtime, Scheduler lane, RoomOptions options, Listener listener) {
        this.name = name;
        this.runtime = runtime;
        this.lane = lane;
        this.options = options;
        this.listener = listener;
    }

    int generation() {
        return generation;
    }

    /** Opens the subscriber PC of a new generation; completes on the lane. */
    Mono<Void> start(List<IceServer> servers) {
        this.iceServers = List.copyOf(servers);
        int gen = generation;
        return PeerTransport.open(runtime, AudioPath.RECEIVE, name + "-subscriber", iceServers)
                .publishOn(lane)
                .flatMap(transport -> {
                    if (gen != generation) {
                        return transport.close();
                    }
                    subscriber = transport;
                    states.put(SignalTarget.SUBSCRIBER, PeerState.NEW);
                    subscriberNegotiation = new AnsweringNegotiator(transport, lane, options.sdpStepTimeout(),
                            options.sdpStepHook(), new SubscriberListener(gen));
                    subscriptions.add(transport.events().publishOn(lane)
                            .subscribe(event -> onEvent(gen, SignalTarget.SUBSCRIBER, event)));
                    // An offer and candidates may arrive before the transport exists: they waited for it.
                    earlySubscriberOffers.forEach(o -> subscriberNegotiation.offer((Integer) o[0], (Sdp) o[1]));
                    earlySubscriberOffers.clear();
                    earlySubscriberCandidates.forEach(c -> transport.addIceCandidate(c).subscribe(null, this::ignore));
                    earlySubscriberCandidates.clear();
                    return Mono.<Void>empty();
                });
    }

    /** The publisher PC with its two data channels, created on first use; completes on the lane. */
    Mono<PeerTransport> publisher() {
        if (publisherReady == null) {
            int gen = generation;
            publisherReady = PeerTransport.open(runtime, AudioPath.SEND, name + "-publisher", iceServers)
                    .publishOn(lane)
                    .flatMap(transport -> {
                        if (gen != generation) {
                            return transport.close().then(Mono.<PeerTransport>empty());
                        }
                        publisher = transport;
                        states.put(SignalTarget.PUBLISHER, PeerState.NEW);
                        publisherNegotiation = new OfferingNegotiator(transport, lane, options.sdpStepTimeout(),
                                options.answerTimeout(), options.sdpStepHook(), new PublisherListener(gen));
                        publisherNegotiation.continueNumberingAfter(lastOfferId);
                        subscriptions.add(transport.events().publishOn(lane)
                                .subscribe(event -> onEvent(gen, SignalTarget.PUBLISHER, event)));
                        earlyPublisherCandidates.forEach(c -> transport.addIceCandidate(c).subscribe(null, this::ignore));
                        earlyPublisherCandidates.clear();
                        // Protocol: "_reliable (ordered) and _lossy (unordered, no retransmits) on the publisher".
                        return transport.createDataChannel("_reliable", true, -1)
                                .then(transport.createDataChannel("_lossy", false, 0))
                                .publishOn(lane)
                                .thenReturn(transport);
                    })
                    .cache();
        }
        return publisherReady;
    }

    boolean publisherInUse() {
        return publisher != null;
    }

    /** Asks the publisher's negotiation actor for an offer (deferred if one is outstanding). */
    void negotiatePublisher(boolean iceRestart) {
        if (publisherNegotiation != null) {
            publisherNegotiation.negotiate(iceRestart);
        }
    }

    /** The id of the publisher offer awaiting an answer, or 0. */
    int outstandingPublisherOffer() {
        return publisherNegotiation == null ? 0 : publisherNegotiation.outstandingOfferId();
    }

    /** True if no publisher negotiation is under way or deferred. */
    boolean publisherIdle() {
        return publisherNegotiation == null || publisherNegotiation.idle();
    }

    /** The ICE restart of a resume: a new offer at once, superseding one from before the outage. */
    void restartPublisher() {
        if (publisherNegotiation != null) {
            publisherNegotiation.supersede(true);
        }
    }

    void publisherAnswer(int answerId, Sdp answer) {
        if (publisherNegotiation == null) {
            listener.publisherAnswerDropped(answerId, "no publisher transport");
            return;
        }
        publisherNegotiation.answer(answerId, answer);
    }

    void subscriberOffer(int offerId, Sdp offer) {
        if (subscriberNegotiation != null) {
            subscriberNegotiation.offer(offerId, offer);
        } else {
            earlySubscriberOffers.add(new Object[] {offerId, offer});
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

    void remoteCandidate(SignalTarget target, IceCandidate candidate) {
        if (target == SignalTarget.SUBSCRIBER) {
            if (subscriber != null) {
                subscriber.addIceCandidate(candidate).subscribe(null, this::ignore);
            } else {
                earlySubscriberCandidates.add(candidate);
            }
        } else if (publisher != null) {
            publisher.addIceCandidate(candidate).subscribe(null, this::ignore);
        } else {
            earlyPublisherCandidates.add(candidate);
        }
    }

    void setIceServers(List<IceServer> servers) {
        this.iceServers = List.copyOf(servers);
        for (PeerTransport transport : new PeerTransport[] {subscriber, publisher}) {
            if (transport != null) {
                transport.setIceServers(iceServers).subscribe(null, this::ignore);
            }
        }
    }

    PeerState state(SignalTarget target) {
        return states.getOrDefault(target, PeerState.NEW);
    }

    PeerTransport transport(SignalTarget target) {
        return target == SignalTarget.SUBSCRIBER ? subscriber : publisher;
    }

    /**
     * True if {@code target} is connected on the ICE credentials of its current local description, read from its
     * stats: after an ICE restart the old path may still say CONNECTED for a while.
     */
    Mono<Boolean> connectedOnCurrentCredentials(SignalTarget target) {
        PeerTransport transport = transport(target);
        if (transport == null || state(target) != PeerState.CONNECTED) {
            return Mono.just(false);
        }
        // getStats answers through the factory's native thread; a PC that never answers must not stall the
        // recovery poll, so each look is bounded and counts as "not yet".
        return Mono.zip(transport.localUfrag(), transport.icePath())
                .timeout(java.time.Duration.ofMillis(PATH_LOOK_TIMEOUT_MS), lane)
                .publishOn(lane)
                .map(both -> {
                    lastPathLook.put(target, "path " + both.getT2().localUfrag() + "/" + both.getT2().state()
                            + ", nominated on " + both.getT2().nominatedUfrags() + ", credentials " + both.getT1());
                    return both.getT2().connectedOn(both.getT1());
                })
                .onErrorResume(error -> {
                    lastPathLook.put(target, "path unknown (" + error.getClass().getSimpleName() + ")");
                    return Mono.just(false);
                });
    }

    /** What the last look at {@code target}'s ICE path found, for the log line of a missed recovery deadline. */
    String lastPathLook(SignalTarget target) {
        return lastPathLook.getOrDefault(target, "path not looked at");
    }

    Mono<LocalAudio> addAudio(String trackId, String streamId) {
        return publisher().flatMap(transport -> transport.addAudioTrack(trackId, List.of(streamId))).publishOn(lane);
    }

    Mono<Void> removeAudio(LocalAudio audio) {
        return publisher == null ? Mono.empty() : publisher.removeAudioTrack(audio).publishOn(lane);
    }

    /** The publisher's channel with this label, if it is open. */
    DataChannel channel(String label) {
        return publisher == null || !openChannels.contains(label) ? null : publisher.channel(label);
    }

    /** Closes both PCs and starts a new generation: nothing of the old one reaches the session any more. */
    Mono<Void> reset() {
        generation++;
        lastPathLook.clear();
        if (publisherNegotiation != null) {
            lastOfferId = Math.max(lastOfferId, publisherNegotiation.lastOfferId());
            publisherNegotiation.close();
        }
        if (subscriberNegotiation != null) {
            subscriberNegotiation.close();
        }
        subscriptions.forEach(Disposable::dispose);
        subscriptions.clear();
        earlyPublisherCandidates.clear();
        earlySubscriberCandidates.clear();
        earlySubscriberOffers.clear();
        openChannels.clear();
        states.clear();
        PeerTransport oldSubscriber = subscriber;
        PeerTransport oldPublisher = publisher;
        subscriber = null;
        publisher = null;
        publisherNegotiation = null;
        subscriberNegotiation = null;
        publisherReady = null;
        Mono<Void> closeSubscriber = oldSubscriber == null ? Mono.empty() : oldSubscriber.close();
        Mono<Void> closePublisher = oldPublisher == null ? Mono.empty() : oldPublisher.close();
        return Mono.when(closeSubscriber, closePublisher).timeout(options.disconnectTimeout())
                .onErrorResume(e -> {
                    LOG.warn("{}: closing the transports did not finish within {}: {}", name,
                            options.disconnectTimeout(), e.toString());
                    return Mono.empty();
                });
    }

    private void onEvent(int gen, SignalTarget target, TransportEvent event) {
        if (gen != generation) {
            return;
        }
        if (event instanceof TransportEvent.CandidateGathered gathered) {
            listener.candidate(target, gathered.candidate());
        } else if (event instanceof TransportEvent.StateChanged changed) {
            states.put(target, changed.state());
            listener.stateChanged(target, changed.state());
        } else if (event instanceof TransportEvent.TrackReceived track) {
            listener.trackReceived(track);
        } else if (event instanceof TransportEvent.ChannelMessageReceived message) {
            listener.dataMessage(message.label(), message.data());
        } else if (event instanceof TransportEvent.ChannelStateChanged channel && target == SignalTarget.PUBLISHER) {
            if (channel.state() == DataChannel.State.OPEN) {
                openChannels.add(channel.label());
                listener.channelOpened(channel.label());
            } else {
                openChannels.remove(channel.label());
            }
        }
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
                listener.publisherOffer(offerId, offer, midToTrackId);
            }
        }

        @Override
        public void answerApplied(int offerId) {
            if (gen == generation) {
                listener.publisherAnswerApplied(offerId);
            }
        }

        @Override
        public void answerDropped(int answerId, String reason) {
            if (gen == generation) {
                listener.publisherAnswerDropped(answerId, reason);
            }
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            if (gen == generation) {
                listener.negotiationFailed(SignalTarget.PUBLISHER, step + " of offer " + offerId, error);
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
                listener.subscriberAnswer(offerId, answer);
            }
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            if (gen == generation) {
                listener.negotiationFailed(SignalTarget.SUBSCRIBER, step + " of offer " + offerId, error);
            }
        }
    }
}
