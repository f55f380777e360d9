package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.ConnectionQuality;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.internal.signal.SignalFrame;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.proto.ConnectionQualityInfo;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.RoomMovedResponse;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.ProtocolViolationException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on signal connections: reconnect-relevant messages become supervisor inputs tagged with their
 * connection's epoch (the supervisor decides whether they are stale); the rest goes straight to the part of the
 * session it concerns. Every message is handled the moment it arrives, whatever SDP work is under way: an answer
 * only starts an asynchronous step and returns, so a Leave right behind it is handled at once (invariant 1).
 * Lane-confined.
 */
final class SignalInbound implements SignalLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SignalInbound.class);

    private final String name;
    private final Consumer<SupervisorInput> supervisor;
    private final Consumer<RoomEvent> events;
    private final Participation participation;
    private final Transports transports;
    private final Roster roster;
    private final Publications publications;
    private final MetadataUpdates metadataUpdates;
    private final Pongs pongs;
    private final Regions regions;
    private boolean expectSnapshot;

    /** Where a pong goes: the keepalive of the connection it came on. */
    @FunctionalInterface
    interface Pongs {
        void pong(int epoch, long sentAtMillis);
    }

    SignalInbound(String name, Consumer<SupervisorInput> supervisor, Consumer<RoomEvent> events,
                  Participation participation, Transports transports, Roster roster, Publications publications,
                  MetadataUpdates metadataUpdates, Pongs pongs, Regions regions) {
        this.name = name;
        this.supervisor = supervisor;
        this.events = events;
        this.participation = participation;
        this.transports = transports;
        this.roster = roster;
        this.publications = publications;
        this.metadataUpdates = metadataUpdates;
        this.pongs = pongs;
        this.regions = regions;
    }

    /** After a ReconnectResponse the next ParticipantUpdate that includes us is the whole room. */
    void expectSnapshot() {
        expectSnapshot = true;
    }

    @Override
    public void opened(int epoch) {
        supervisor.accept(new SupervisorInput.SignalOpened(epoch));
    }

    @Override
    public void openFailed(int epoch, Throwable error) {
        LOG.info("{}: signal connection #{} failed: {}", name, epoch, error.getMessage());
        regions.openFailed(epoch, error);
        supervisor.accept(new SupervisorInput.ConnectFailed(epoch, error));
    }

    @Override
    public void lost(int epoch, Throwable cause) {
        supervisor.accept(new SupervisorInput.SignalLost(epoch, cause));
    }

    @Override
    public void frame(int epoch, SignalFrame frame) {
        if (frame instanceof SignalFrame.Malformed bad) {
            events.accept(new RoomEvent.InputRejected("signal frame", bad.error().getMessage()));
            return;
        }
        SignalResponse message = ((SignalFrame.Message) frame).response();
        if (SignalCodec.isUnknown(message)) {
            LOG.debug("{}: ignored a message of unknown kind (fields {})", name, SignalCodec.unknownFieldNumbers(message));
            return;
        }
        try {
            dispatch(epoch, message);
        } catch (RuntimeException e) {
            // A message we could not handle is our bug or input no check foresaw. Thrown out of here it would end
            // the subscription to the connection and pass for a lost signal (a resume, the socket left unread);
            // instead it is reported like any rejected input, with the stack logged, and the next message is read.
            LOG.error("{}: could not handle a {} message; it is skipped", name, message.getMessageCase(), e);
            events.accept(new RoomEvent.InputRejected(message.getMessageCase().name().toLowerCase(java.util.Locale.ROOT),
                    UNHANDLED + e));
        }
    }

    /** The start of an {@link RoomEvent.InputRejected#reason()} for a message whose handling threw. */
    static final String UNHANDLED = "could not be handled: ";

    private void dispatch(int epoch, SignalResponse message) {
        switch (message.getMessageCase()) {
            case JOIN -> join(epoch, message.getJoin());
            case RECONNECT -> supervisor.accept(new SupervisorInput.ResumeAccepted(epoch, message.getReconnect()));
            case LEAVE -> {
                if (message.getLeave().hasRegions()) {
                    regions.reported(message.getLeave().getRegions());
                }
                supervisor.accept(new SupervisorInput.LeaveReceived(epoch,
                        LeaveAction.of(message.getLeave()), DisconnectReason.fromProto(message.getLeave().getReason())));
            }
            case OFFER -> transports.subscriberOffer(message.getOffer().getId(),
                    new Sdp(message.getOffer().getType(), message.getOffer().getSdp()));
            case ANSWER -> transports.publisherAnswer(message.getAnswer().getId(),
                    new Sdp(message.getAnswer().getType(), message.getAnswer().getSdp()));
            case TRICKLE -> trickle(message);
            case UPDATE -> update(message.getUpdate().getParticipantsList());
            case TRACK_PUBLISHED -> publications.trackPublished(message.getTrackPublished(), events);
            case TRACK_UNPUBLISHED -> publications.unpublishedByServer(message.getTrackUnpublished().getTrackSid());
            case REQUEST_RESPONSE -> {
                if (message.getRequestResponse().hasUpdateMetadata()) {
                    metadataUpdates.answered(message.getRequestResponse());
                } else {
                    publications.requestAnswered(message.getRequestResponse());
                }
            }
            case MUTE -> publications.mutedByServer(message.getMute().getSid(), message.getMute().getMuted());
            case CONNECTION_QUALITY -> quality(message.getConnectionQuality().getUpdatesList());
            case REFRESH_TOKEN -> {
                participation.token(message.getRefreshToken());
                events.accept(new RoomEvent.TokenRefreshed());
            }
            case PONG_RESP -> pongs.pong(epoch, message.getPongResp().getLastPingTimestamp());
            case ROOM_MOVED -> moved(message.getRoomMoved());
            case ROOM_UPDATE -> participation.room(message.getRoomUpdate().getRoom().getName(),
                    message.getRoomUpdate().getRoom().getSid());
            default -> LOG.debug("{}: {} not used by the engine", name, message.getMessageCase());
        }
    }

    private void join(int epoch, JoinResponse join) {
        if (!join.hasParticipant() || join.getParticipant().getSid().isEmpty()) {
            // LiveKit's Rust client fails its connect on this; we fail the attempt with a clear reason.
            events.accept(new RoomEvent.InputRejected("join", "JoinResponse without participant"));
            supervisor.accept(new SupervisorInput.StepFailed(epoch,
                    new ProtocolViolationException("the server's JoinResponse has no participant")));
            return;
        }
        if (!join.hasRoom()) {
            // LiveKit's Rust client aborts the process on this; the room name is only informative to us.
            events.accept(new RoomEvent.InputRejected("join", "JoinResponse without room"));
        }
        supervisor.accept(new SupervisorInput.JoinAccepted(epoch, join));
    }

    /**
     * The server moved us to another room (LiveKit's {@code RoomMovedResponse}, sent to clients of protocol 16 and
     * later when an administrator calls {@code MoveParticipant}; LiveKit Cloud does, its open-source server answers
     * "not implemented"). Done as LiveKit's JS client does it (RTCEngine/Room, {@code roomMoved}): the new token
     * replaces ours, so that every later resume or rejoin goes to the new room; the room and our own sid are the
     * new room's; everyone of the old room is gone (their tracks end) and the new room's participants arrive.
     */
    private void moved(RoomMovedResponse moved) {
        String from = participation.roomName();
        if (!moved.getToken().isEmpty()) {
            participation.token(moved.getToken());
            events.accept(new RoomEvent.TokenRefreshed());
        }
        if (moved.hasRoom()) {
            participation.room(moved.getRoom().getName(), moved.getRoom().getSid());
        }
        if (moved.hasParticipant() && !moved.getParticipant().getSid().isEmpty()) {
            participation.joined(moved.getParticipant().getIdentity(), moved.getParticipant().getSid());
            participation.permissions(moved.getParticipant());
            roster.selfSid(moved.getParticipant().getSid());
        }
        roster.applySnapshot(List.of(), events);
        LOG.info("{}: moved from room {} to room {} by the server", name, from, participation.roomName());
        events.accept(new RoomEvent.RoomMoved(from, participation.roomName()));
        roster.applyUpdate(moved.getOtherParticipantsList(), events);
    }

    private void update(List<ParticipantInfo> participants) {
        String self = participation.localSid();
        boolean includesSelf = false;
        for (ParticipantInfo info : participants) {
            // LiveKit's SetPermission broadcasts the participant's new permission to itself too (pkg/rtc/participant.go).
            if (info.getSid().equals(self)) {
                includesSelf = true;
                if (participation.permissions(info)) {
                    events.accept(new RoomEvent.PermissionsChanged(participation.permissions()));
                }
            }
        }
        if (expectSnapshot && includesSelf) {
            // Protocol: after the ReconnectResponse the server sends a full ParticipantUpdate; whoever it omits left.
            expectSnapshot = false;
            roster.applySnapshot(participants, events);
        } else {
            roster.applyUpdate(participants, events);
        }
    }

    /** LiveKit's scorer's grades, ours included; a participant we do not know (yet) is named by sid only. */
    private void quality(List<ConnectionQualityInfo> updates) {
        String self = participation.localSid();
        for (ConnectionQualityInfo info : updates) {
            boolean local = info.getParticipantSid().equals(self);
            String identity = local ? participation.identity() : roster.identityOf(info.getParticipantSid());
            events.accept(new RoomEvent.ConnectionQualityChanged(info.getParticipantSid(), identity, local,
                    ConnectionQuality.fromProto(info.getQuality()), info.getScore()));
        }
    }

    private void trickle(SignalResponse message) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(message.getTrickle().getCandidateInit());
        } catch (IllegalArgumentException e) {
            // LiveKit's Rust client aborts on a candidate without sdpMid; we report it and go on.
            events.accept(new RoomEvent.InputRejected("trickle", e.getMessage()));
            return;
        }
        transports.remoteCandidate(message.getTrickle().getTarget(), candidate);
    }
}
