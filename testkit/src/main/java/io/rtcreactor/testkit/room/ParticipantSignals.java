package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.AddTrackRequest;
import io.rtcreactor.engine.proto.AudioTrackFeature;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.MuteTrackRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantTracks;
import io.rtcreactor.engine.proto.Pong;
import io.rtcreactor.engine.proto.RequestResponse;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.SyncState;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.engine.proto.TrackType;
import io.rtcreactor.engine.proto.TrackUnpublishedResponse;
import io.rtcreactor.engine.proto.UpdateParticipantMetadata;
import io.rtcreactor.engine.proto.UpdateSubscription;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.internal.Ids;
import io.rtcreactor.testkit.media.MediaListener;
import io.rtcreactor.testkit.media.OpusAnswer;
import io.rtcreactor.testkit.media.SdpSections;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A participant's conversation with its client: each {@link SignalRequest} it sends, and each thing its
 * server-side media reports, turned into what LiveKit's server would do. Lane-confined.
 */
final class ParticipantSignals implements MediaListener {

    private static final Logger LOG = LoggerFactory.getLogger(ParticipantSignals.class);

    private final Participant p;
    private Sdp lastPublisherAnswer;
    private int lastPublisherAnswerId;
    private String lastPublisherUfrag = "";
    private boolean failing;
    private final CandidateHold subscriberCandidates = new CandidateHold();
    private final CandidateHold publisherCandidates = new CandidateHold();

    ParticipantSignals(Participant participant) {
        this.p = participant;
    }

    void handle(SignalRequest request) {
        p.ice.signalArrived(p.context.clock().instant());
        switch (request.getMessageCase()) {
            case OFFER -> p.media.publisherOffer(request.getOffer().getId(), sdp(request.getOffer()));
            case ANSWER -> p.media.subscriberAnswer(request.getAnswer().getId(), sdp(request.getAnswer()));
            case TRICKLE -> trickle(request);
            case ADD_TRACK -> addTrack(request.getAddTrack());
            case MUTE -> mute(request.getMute().getSid(), request.getMute().getMuted());
            case UPDATE_METADATA -> updateMetadata(request.getUpdateMetadata());
            case SUBSCRIPTION -> subscription(request.getSubscription());
            case LEAVE -> {
                LOG.info("{} left (client request, reason {})", p, request.getLeave().getReason());
                p.registry.remove(p, DisconnectReason.CLIENT_INITIATED);
            }
            case SYNC_STATE -> syncState(request.getSyncState());
            case PING -> p.send(SignalResponse.newBuilder().setPong(p.context.nowMillis()).build());
            case PING_REQ -> p.send(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
                    .setLastPingTimestamp(request.getPingReq().getTimestamp())
                    .setTimestamp(p.context.nowMillis())).build());
            default -> LOG.debug("{}: {} not handled by the testkit", p, request.getMessageCase());
        }
    }

    private static Sdp sdp(SessionDescription description) {
        return new Sdp(description.getType(), description.getSdp());
    }

    private void trickle(SignalRequest request) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(request.getTrickle().getCandidateInit());
        } catch (IllegalArgumentException e) {
            p.record.badFrames++;
            LOG.debug("{}: bad candidate: {}", p, e.getMessage());
            return;
        }
        p.media.remoteCandidate(request.getTrickle().getTarget(), candidate);
    }

    private void addTrack(AddTrackRequest request) {
        if (!p.canPublishSource(request.getSource())) {
            // As ParticipantImpl.AddTrack (pkg/rtc/participant.go): a source the grant does not allow
            // (VideoGrant.GetCanPublishSource: never without canPublish; a list, if given, must name it) is refused
            // with NOT_ALLOWED, the request echoed, request_id 0 (an AddTrack has none), no TrackPublishedResponse.
            LOG.info("{} may not publish {}; AddTrack {} refused", p, request.getSource(), request.getCid());
            p.send(SignalResponse.newBuilder().setRequestResponse(RequestResponse.newBuilder()
                    .setReason(RequestResponse.Reason.NOT_ALLOWED).setAddTrack(request)).build());
            return;
        }
        TrackInfo.Builder track = TrackInfo.newBuilder()
                .setSid(Ids.track())
                .setType(request.getType())
                .setName(request.getName())
                .setMuted(request.getMuted())
                .setSource(request.getSource())
                .setStream(request.getStream().isEmpty() ? streamOf(request.getSource()) : request.getStream())
                .setMimeType(request.getType() == TrackType.AUDIO ? "audio/opus" : "")
                .setStereo(request.getStereo())
                .setDisableDtx(request.getDisableDtx())
                .addAllAudioFeatures(request.getAudioFeaturesList().stream().distinct().toList());
        // ParticipantImpl.addPendingTrack (pkg/rtc/participant.go): the deprecated flags become features.
        if (request.getStereo() && !track.getAudioFeaturesList().contains(AudioTrackFeature.TF_STEREO)) {
            track.addAudioFeatures(AudioTrackFeature.TF_STEREO);
        }
        if (request.getDisableDtx() && !track.getAudioFeaturesList().contains(AudioTrackFeature.TF_NO_DTX)) {
            track.addAudioFeatures(AudioTrackFeature.TF_NO_DTX);
        }
        p.pendingTracks.put(request.getCid(), track.build());
        TrackPublishedResponse.Builder response = TrackPublishedResponse.newBuilder().setCid(request.getCid())
                .setTrack(track);
        FaultActions.shapeTrackPublished(p, response);
        p.send(SignalResponse.newBuilder().setTrackPublished(response).build());
    }

    /**
     * The participant updates its own name, metadata or attributes, as LiveKit's ParticipantImpl.UpdateMetadata
     * (pkg/rtc/participant.go) takes it: refused with NOT_ALLOWED without {@code canUpdateOwnMetadata}; an empty
     * name or metadata leaves it as it is; an attribute with an empty value is removed (SetAttributes); the room sees
     * the change, and the participant gets a {@code request_response} with its {@code request_id} (OK is sent to
     * protocol 15 and later only: SupportsNonErrorSignalResponse).
     */
    private void updateMetadata(UpdateParticipantMetadata update) {
        RequestResponse.Builder response = RequestResponse.newBuilder().setRequestId(update.getRequestId())
                .setUpdateMetadata(update);
        if (!p.mayUpdateOwnMetadata()) {
            p.send(SignalResponse.newBuilder().setRequestResponse(response.setReason(RequestResponse.Reason.NOT_ALLOWED)
                    .setMessage("does not have permission to update own metadata")).build());
            return;
        }
        if (!update.getName().isEmpty()) {
            p.name = update.getName();
        }
        if (!update.getMetadata().isEmpty()) {
            p.metadata = update.getMetadata();
        }
        update.getAttributesMap().forEach((key, value) -> {
            if (value.isEmpty()) {
                p.attributes.remove(key);
            } else {
                p.attributes.put(key, value);
            }
        });
        p.changed();
        if (p.protocol >= 15) {
            p.send(SignalResponse.newBuilder().setRequestResponse(response.setReason(RequestResponse.Reason.OK)).build());
        }
    }

    /**
     * An administrator changed the participant's publish permission (ParticipantImpl.SetPermission): revoked, every
     * published track is removed and the participant told with {@code track_unpublished} (removePublishedTrack, for
     * protocol 7 and later), and the room sees the tracks go.
     */
    void permissionChanged(boolean canPublish) {
        p.setCanPublish(canPublish);
        if (!canPublish) {
            p.pendingTracks.clear();
            for (String trackSid : List.copyOf(p.publishedTracks.keySet())) {
                p.registry.tracks.unpublish(p, trackSid);
                p.send(SignalResponse.newBuilder().setTrackUnpublished(TrackUnpublishedResponse.newBuilder()
                        .setTrackSid(trackSid)).build());
            }
        }
        p.changed();
    }

    /**
     * An administrator mutes the participant's track (or all, {@code trackSid} null): the participant is told with a
     * {@code mute} message first, then the room sees the change (ParticipantImpl.SetTrackMuted with fromAdmin,
     * pkg/rtc/participant.go: sendTrackMuted, then setTrackMuted). A client is expected to follow and confirm with
     * its own MuteTrackRequest, as LiveKit's JS client does; the state changes here whether it does or not.
     */
    void adminMute(String trackSid, boolean muted) {
        List<String> sids = trackSid == null ? List.copyOf(p.publishedTracks.keySet()) : List.of(trackSid);
        for (String sid : sids) {
            if (p.publishedTracks.containsKey(sid)) {
                p.send(SignalResponse.newBuilder().setMute(MuteTrackRequest.newBuilder().setSid(sid).setMuted(muted))
                        .build());
                mute(sid, muted);
            }
        }
    }

    private void mute(String trackSid, boolean muted) {
        TrackInfo track = p.publishedTracks.get(trackSid);
        if (track != null && track.getMuted() != muted) {
            p.publishedTracks.put(trackSid, track.toBuilder().setMuted(muted).build());
            p.changed();
        }
    }

    private void subscription(UpdateSubscription update) {
        List<String> sids = new ArrayList<>(update.getTrackSidsList());
        for (ParticipantTracks tracks : update.getParticipantTracksList()) {
            sids.addAll(tracks.getTrackSidsList());
        }
        for (String trackSid : sids) {
            if (update.getSubscribe()) {
                for (Participant publisher : p.room.participants()) {
                    TrackInfo track = publisher.publishedTracks.get(trackSid);
                    if (track != null && publisher != p && p.canSubscribe()) {
                        p.subscribedTracks.add(trackSid);
                        p.registry.tracks.subscribe(p, publisher, track, true);
                    }
                }
            } else {
                p.registry.tracks.unsubscribe(p, trackSid);
            }
        }
    }

    /** Protocol rule: "unknown publish_tracks make the server order a full reconnect". */
    private void syncState(SyncState state) {
        if (p.syncAfterMigration) {
            p.syncAfterMigration = false;
            recreateChannels(state);
        }
        for (TrackPublishedResponse published : state.getPublishTracksList()) {
            String trackSid = published.hasTrack() ? published.getTrack().getSid() : "";
            boolean known = p.publishedTracks.containsKey(trackSid)
                    || p.pendingTracks.values().stream().anyMatch(t -> t.getSid().equals(trackSid));
            if (!known) {
                LOG.info("{}: SyncState names unknown track '{}'; ordering a full reconnect", p, trackSid);
                p.sendLeave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true);
                p.registry.remove(p, DisconnectReason.STATE_MISMATCH);
                return;
            }
        }
    }

    /**
     * What LiveKit's new node does with the client's publisher data channels after a migration: it recreates each as
     * a negotiated channel with the label and id SyncState names (TransportManager.SetMigrateInfo and
     * ProcessPendingPublisherDataChannels in pkg/rtc/transportmanager.go; a missing id is 0). The testkit keeps its
     * peer connection, so it checks instead: a channel whose real stream id SyncState does not name is one the new
     * node would listen to on another id, and what the client sends on it is lost.
     */
    private void recreateChannels(SyncState state) {
        p.lostChannels.clear();
        p.media.publisherChannelIds().forEach((label, id) -> {
            boolean named = state.getDataChannelsList().stream().anyMatch(info -> info.getLabel().equals(label)
                    && info.getTarget() == SignalTarget.PUBLISHER && info.getId() == id);
            if (!named) {
                p.lostChannels.add(label);
                LOG.info("{}: SyncState after the migration does not name publisher channel {} with its id {};"
                        + " the new node recreates it on another id and what the client sends on it is lost",
                        p, label, id);
            }
        });
    }

    @Override
    public void candidateGathered(SignalTarget target, IceCandidate candidate) {
        CandidateHold hold = target == SignalTarget.SUBSCRIBER ? subscriberCandidates : publisherCandidates;
        if (hold.admit(candidate)) {
            sendCandidate(target, candidate);
        }
    }

    private void sendCandidate(SignalTarget target, IceCandidate candidate) {
        p.send(RoomRegistry.trickle(target, FaultActions.shapeCandidate(p, candidate)));
    }

    /** The publisher answer {@code sdp} went out: its candidates may follow. */
    void publisherAnswerSent(String sdp) {
        publisherCandidates.descriptionSent(SdpSections.ufrag(sdp), c -> sendCandidate(SignalTarget.PUBLISHER, c));
    }

    @Override
    public void subscriberOfferReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
        SignalResponse message = SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder()
                .setType("offer").setSdp(offer.sdp()).setId(offerId).putAllMidToTrackId(midToTrackId)).build();
        Runnable send = () -> {
            p.send(message);
            subscriberCandidates.descriptionSent(SdpSections.ufrag(offer.sdp()),
                    c -> sendCandidate(SignalTarget.SUBSCRIBER, c));
        };
        var delay = p.faults.take(Fault.DelayOffer.class, p.context.clock().instant());
        if (delay.isPresent()) {
            p.later(delay.get().duration().toMillis(), send);
        } else {
            send.run();
        }
    }

    @Override
    public void subscriberAnswerApplied(int offerId) {
        if (p.state() == ParticipantInfo.State.JOINING) {
            p.setState(ParticipantInfo.State.JOINED);
        }
    }

    @Override
    public void subscriberAnswerDropped(int answerId, String reason) {
        p.record.answersDropped++;
        LOG.debug("{}: subscriber answer {} dropped: {}", p, answerId, reason);
    }

    @Override
    public void publisherAnswerReady(int offerId, Sdp offer, Sdp answer) {
        String ufrag = offer == null ? "" : SdpSections.ufrag(offer.sdp());
        boolean iceRestart = !lastPublisherUfrag.isEmpty() && !ufrag.equals(lastPublisherUfrag);
        lastPublisherUfrag = ufrag;
        // ParticipantImpl.configurePublisherAnswer (pkg/rtc/participant_sdp.go): DTX and stereo per track.
        String configured = offer == null ? answer.sdp() : OpusAnswer.configure(answer.sdp(), offer.sdp(), this::trackByCid);
        SignalResponse message = SignalResponse.newBuilder().setAnswer(SessionDescription.newBuilder()
                .setType("answer").setSdp(configured).setId(offerId)).build();
        Sdp previousAnswer = lastPublisherAnswer;
        int previousId = lastPublisherAnswerId;
        lastPublisherAnswer = answer;
        lastPublisherAnswerId = offerId;
        if (offer != null) {
            p.registry.tracks.stillSending(p, SdpSections.sendingTrackIds(offer.sdp()));
        }
        FaultActions.sendPublisherAnswer(p, message, iceRestart, previousAnswer, previousId);
    }

    /**
     * The stream a track joins when the client names none, as LiveKit's {@code StreamFromTrackSource}
     * (pkg/rtc/utils.go) groups them: camera and microphone, screen share and its audio.
     */
    private static String streamOf(io.rtcreactor.engine.proto.TrackSource source) {
        return switch (source) {
            case CAMERA, MICROPHONE -> "camera";
            case SCREEN_SHARE, SCREEN_SHARE_AUDIO -> "screen";
            default -> "unknown";
        };
    }

    /** The participant's track with client id {@code cid}, pending or published, or null. */
    private TrackInfo trackByCid(String cid) {
        TrackInfo pending = p.pendingTracks.get(cid);
        if (pending != null) {
            return pending;
        }
        return p.publishedTracks.entrySet().stream().filter(e -> cid.equals(p.cidBySid.get(e.getKey())))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    @Override
    public void transportStateChanged(SignalTarget target, PeerState state) {
        // LiveKit: the participant becomes ACTIVE when its primary transport connects
        // (ParticipantImpl.onPrimaryTransportInitialConnected, pkg/rtc/participant.go).
        SignalTarget primary = p.subscriberPrimary() ? SignalTarget.SUBSCRIBER : SignalTarget.PUBLISHER;
        if (state == PeerState.CONNECTED) {
            p.ice.connected(target, p.context.clock().instant());
        }
        if (state == PeerState.CONNECTED && target == primary) {
            p.setState(ParticipantInfo.State.ACTIVE);
            failing = false;
        } else if (state == PeerState.FAILED) {
            p.ice.failed(target, p.context.clock().instant(), p.context.options().pingTimeout());
            transportFailed("server " + target + " PC failed");
        }
    }

    /**
     * LiveKit: "one of the participant's PCs failed → leave{RESUME, CONNECTION_TIMEOUT} + close; drops the
     * participant after 5 s without a resume". Also what {@link IceTimeouts} decides (15 s without a packet).
     */
    /**
     * What the media relay saw: nothing from the client for LiveKit's 15 s, so each transport that carried media
     * fails, and each failure goes to the TCP-fallback rule as LiveKit's transports report theirs.
     */
    void mediaTimedOut(String why) {
        Instant now = p.context.clock().instant();
        if (p.media.subscriberNegotiated()) {
            p.ice.failed(SignalTarget.SUBSCRIBER, now, p.context.options().pingTimeout());
        }
        if (p.media.publisherOpened()) {
            p.ice.failed(SignalTarget.PUBLISHER, now, p.context.options().pingTimeout());
        }
        transportFailed(why);
    }

    void transportFailed(String why) {
        if (!failing && !p.isGone()) {
            failing = true;
            LOG.info("{}: {}; asking the client to resume", p, why);
            p.sendLeave(LeaveRequest.Action.RESUME, DisconnectReason.CONNECTION_TIMEOUT, true);
            p.dropTimer = p.later(p.context.options().resumeGrace().toMillis(), () -> {
                LOG.info("{} did not resume within {}; removing it", p, p.context.options().resumeGrace());
                p.registry.remove(p, DisconnectReason.CONNECTION_TIMEOUT);
            });
        }
    }

    /** A resume started: a later PC failure is a new one. */
    void resumed() {
        failing = false;
    }

    @Override
    public void trackArrived(String mid, String trackId, RemoteAudio audio) {
        p.registry.tracks.mediaArrived(p, mid, trackId, audio);
    }

    @Override
    public void dataArrived(String label, byte[] data) {
        p.registry.data.arrived(p, label, data);
    }

    @Override
    public void negotiationFailed(SignalTarget target, String step, Throwable error) {
        if (p.isGone()) {
            return;
        }
        // LiveKit: "negotiation failed … an offer unanswered 15 s → leave{RECONNECT, STATE_MISMATCH} + close".
        LOG.info("{}: {} negotiation failed at {}: {}; ordering a full reconnect", p, target, step, error.toString());
        p.sendLeave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true);
        p.registry.remove(p, DisconnectReason.STATE_MISMATCH);
    }
}
