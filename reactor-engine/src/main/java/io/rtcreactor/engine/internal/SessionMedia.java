package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DataChannelInfo;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.SyncState;
import io.rtcreactor.engine.proto.TrickleRequest;
import io.rtcreactor.engine.proto.UpdateSubscription;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.reconnect.Phase;
import io.rtcreactor.engine.reconnect.SupervisorInput;
import io.rtcreactor.engine.rtc.IceCandidate;
import io.rtcreactor.engine.rtc.LocalAudio;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.Sdp;
import io.rtcreactor.engine.rtc.TransportEvent;
import io.rtcreactor.engine.rtc.TransportFailedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The session's side of the transports: negotiation results go out as signal messages, transport states
 * become supervisor inputs, remote media becomes tracks, and the steps of a resume (SyncState, then the
 * publisher's ICE restart) and of a join (transports, participants, republishing) run here. Lane-confined.
 */
final class SessionMedia implements Transports.Listener, Publications.Port {

    private static final Logger LOG = LoggerFactory.getLogger(SessionMedia.class);
    /**
     * How often a recovering session looks at its transports' ICE stats. An ICE restart completes without any
     * state change (the old path says "connected" throughout), so only a look tells; two native calls per
     * transport, and only while an attempt is open.
     */
    private static final long RECOVERY_POLL_MS = 50;

    private final Session s;
    /** The attempt epoch in which each transport was last renegotiated. */
    private final Map<SignalTarget, Integer> renegotiated = new EnumMap<>(SignalTarget.class);
    private final Map<SignalTarget, Disposable> graces = new EnumMap<>(SignalTarget.class);
    private boolean awaitingRestartOffer;
    private int reportedEpoch = -1;
    private Disposable recoveryPoll;
    private boolean checking;

    SessionMedia(Session session) {
        this.s = session;
    }

    @Override
    public void candidate(SignalTarget target, IceCandidate candidate) {
        s.signal.send(SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setTarget(target).setCandidateInit(candidate.toJson())).build());
    }

    @Override
    public void publisherOffer(int offerId, Sdp offer, Map<String, String> midToTrackId) {
        s.signal.send(SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder()
                .setType("offer").setSdp(offer.sdp()).setId(offerId).putAllMidToTrackId(midToTrackId)).build());
        if (awaitingRestartOffer) {
            awaitingRestartOffer = false;
            s.supervise(new SupervisorInput.RestartOfferSent(offerId));
        }
    }

    @Override
    public void publisherAnswerApplied(int offerId) {
        renegotiated(SignalTarget.PUBLISHER);
        s.supervise(new SupervisorInput.AnswerApplied(offerId));
        checkPeers();
    }

    @Override
    public void publisherAnswerDropped(int answerId, String reason) {
        LOG.info("{}: dropped an answer with id {}: {}", s.name, answerId, reason);
        s.emit(new RoomEvent.AnswerDropped(answerId, reason));
    }

    @Override
    public void subscriberAnswer(int offerId, Sdp answer) {
        s.signal.send(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder()
                .setType("answer").setSdp(answer.sdp()).setId(offerId)).build());
        renegotiated(SignalTarget.SUBSCRIBER);
        checkPeers();
    }

    @Override
    public void negotiationFailed(SignalTarget target, String step, Throwable error) {
        LOG.info("{}: {} negotiation failed at {}: {}", s.name, target, step, error.getMessage());
        s.supervise(new SupervisorInput.StepFailed(s.currentEpoch(), error));
    }

    @Override
    public void stateChanged(SignalTarget target, PeerState state) {
        LOG.debug("{}: {} transport {}", s.name, target, state);
        Disposable grace = graces.remove(target);
        if (grace != null) {
            grace.dispose();
        }
        switch (state) {
            case CONNECTED -> checkPeers();
            case DISCONNECTED -> armGrace(target);
            case FAILED -> peerFailed(target, "failed");
            default -> {
            }
        }
    }

    private void armGrace(SignalTarget target) {
        graces.put(target, s.lane.schedule(() -> {
            if (s.transports.state(target) == PeerState.DISCONNECTED) {
                peerFailed(target, "stayed disconnected for " + s.options.peerDisconnectedGrace().toMillis() + " ms");
            }
        }, s.options.peerDisconnectedGrace().toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * {@code target} now runs on the credentials of this attempt. A transport that went DISCONNECTED before that
     * (both do when the network drops, and only the first one's grace starts the resume) gets its grace again
     * from now: the time it spent disconnected on the old credentials says nothing about the new ones, and
     * counting it would escalate a resume that is about to succeed.
     */
    private void renegotiated(SignalTarget target) {
        renegotiated.put(target, s.state().attemptEpoch());
        Disposable grace = graces.remove(target);
        if (grace != null) {
            grace.dispose();
            armGrace(target);
        }
    }

    /**
     * A failure is a trigger in steady state; during a resume it counts only once that transport was renegotiated
     * in this attempt (its old ICE path is expected to be dead until then; a renegotiation of an earlier episode
     * says nothing); after a full join every failure of the new transports counts.
     */
    private void peerFailed(SignalTarget target, String what) {
        Phase phase = s.state().phase();
        Integer renegotiatedIn = renegotiated.get(target);
        boolean counts = phase == Phase.CONNECTED || (s.state().recovering() && (s.state().mode() == Mode.FULL
                || (renegotiatedIn != null && renegotiatedIn == s.state().attemptEpoch())));
        if (counts) {
            s.supervise(new SupervisorInput.PeerFailed(new TransportFailedException(target + " transport " + what)));
        }
    }

    @Override
    public void trackReceived(TransportEvent.TrackReceived track) {
        if (track.audio() != null) {
            s.roster.mediaArrived(track.streamId(), track.audio(), s::emit);
        }
    }

    @Override
    public void dataMessage(String label, byte[] bytes) {
        s.data.received(label, bytes, s::emit);
    }

    @Override
    public void channelOpened(String label) {
        if (s.state().phase() == Phase.CONNECTED) {
            s.data.flushWaiting(s.transports::channel);
        }
    }

    @Override
    public boolean request(SignalRequest request) {
        return s.request(request);
    }

    @Override
    public void sendNow(SignalRequest request) {
        s.signal.send(request);
    }

    @Override
    public Mono<LocalAudio> addAudio(String cid, String streamId) {
        return s.transports.addAudio(cid, streamId);
    }

    @Override
    public Mono<Void> removeAudio(LocalAudio audio) {
        return s.transports.removeAudio(audio);
    }

    @Override
    public void negotiatePublisher() {
        s.transports.negotiatePublisher(false);
    }

    @Override
    public void emit(RoomEvent event) {
        s.emit(event);
    }

    @Override
    public String localSid() {
        return s.localSid;
    }

    /**
     * After a ReconnectResponse (protocol, "Resume" 3–4): new ICE servers, the messages that waited for a
     * connection, SyncState, and only then the publisher's ICE restart.
     */
    void resync() {
        s.transports.setIceServers(s.iceServers);
        s.signal.flushPending();
        s.signal.send(SignalRequest.newBuilder().setSyncState(syncState()).build());
        renegotiated.clear();
        reportedEpoch = -1;
        if (s.transports.publisherInUse()) {
            awaitingRestartOffer = true;
            s.transports.restartPublisher();
        } else {
            s.supervise(new SupervisorInput.RestartOfferSent(0));
        }
    }

    private SyncState syncState() {
        SyncState.Builder sync = SyncState.newBuilder();
        Sdp offer = s.transports.lastSubscriberOffer();
        Sdp answer = s.transports.lastSubscriberAnswer();
        int offerId = s.transports.lastSubscriberOfferId();
        if (offer != null) {
            sync.setOffer(SessionDescription.newBuilder().setType("offer").setSdp(offer.sdp()).setId(offerId));
        }
        if (answer != null) {
            sync.setAnswer(SessionDescription.newBuilder().setType("answer").setSdp(answer.sdp()).setId(offerId));
        }
        List<String> subscribed = new ArrayList<>();
        s.roster.audioTracks().forEach(track -> subscribed.add(track.sid()));
        sync.setSubscription(UpdateSubscription.newBuilder().addAllTrackSids(subscribed).setSubscribe(true));
        sync.addAllPublishTracks(s.publications.syncState());
        for (String label : List.of("_reliable", "_lossy")) {
            if (s.transports.channel(label) != null) {
                sync.addDataChannels(DataChannelInfo.newBuilder().setLabel(label).setTarget(SignalTarget.PUBLISHER));
            }
        }
        sync.addAllDatachannelReceiveStates(s.data.receiveStates());
        return sync.build();
    }

    /** After a JoinResponse: participants from it, a new subscriber transport, every track published again. */
    void rejoin() {
        int epoch = s.state().attemptEpoch();
        s.roster.applySnapshot(s.join.getOtherParticipantsList(), s::emit);
        renegotiated.clear();
        reportedEpoch = -1;
        s.transports.start(s.iceServers).subscribe(null,
                error -> s.supervise(new SupervisorInput.StepFailed(epoch, error)),
                () -> {
                    s.signal.flushPending();
                    if (s.publications.any()) {
                        s.publications.republishAll(() -> s.supervise(new SupervisorInput.RepublishCompleted()));
                    } else {
                        s.supervise(new SupervisorInput.RepublishCompleted());
                    }
                    checkPeers();
                });
    }

    /** Polls the transports' ICE paths until the attempt is recovered or moves on (bounded by its deadline). */
    void watchRecovery(int epoch) {
        if (recoveryPoll != null) {
            recoveryPoll.dispose();
        }
        recoveryPoll = Timers.every(s.lane, java.time.Duration.ofMillis(RECOVERY_POLL_MS), () -> {
            if (s.state().attemptEpoch() == epoch) {
                checkPeers();
            } else if (recoveryPoll != null) {
                recoveryPoll.dispose();
            }
        });
    }

    /** Reports PeersConnected once every transport in use runs on its current ICE credentials. */
    private void checkPeers() {
        int epoch = s.state().attemptEpoch();
        if (epoch == 0 || !s.state().responded() || reportedEpoch == epoch || checking) {
            return;
        }
        List<SignalTarget> required = new ArrayList<>(List.of(SignalTarget.SUBSCRIBER));
        if (s.transports.publisherInUse() && (s.state().mode() == Mode.RESUME || s.publications.any())) {
            required.add(SignalTarget.PUBLISHER);
        }
        checking = true;
        Flux.fromIterable(required)
                .concatMap(s.transports::connectedOnCurrentCredentials)
                .all(Boolean::booleanValue)
                .publishOn(s.lane)
                .doFinally(signal -> checking = false)
                .subscribe(all -> {
                    if (all && s.state().attemptEpoch() == epoch && reportedEpoch != epoch) {
                        reportedEpoch = epoch;
                        s.supervise(new SupervisorInput.PeersConnected());
                    }
                });
    }

    /** The transports were replaced. */
    void transportsReset() {
        renegotiated.clear();
        graces.values().forEach(Disposable::dispose);
        graces.clear();
        awaitingRestartOffer = false;
    }

    /** The session ended. */
    void stop() {
        transportsReset();
        if (recoveryPoll != null) {
            recoveryPoll.dispose();
        }
    }
}
