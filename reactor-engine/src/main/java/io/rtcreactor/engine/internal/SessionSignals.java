package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.ICEServer;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.reconnect.LeaveAction;
import io.rtcreactor.engine.reconnect.SupervisorCommand;
import io.rtcreactor.engine.reconnect.SupervisorInput;
import io.rtcreactor.engine.rtc.IceCandidate;
import io.rtcreactor.engine.rtc.IceServer;
import io.rtcreactor.engine.rtc.Sdp;
import io.rtcreactor.engine.signal.SignalCodec;
import io.rtcreactor.engine.signal.SignalConnection;
import io.rtcreactor.engine.signal.ProtocolViolationException;
import io.rtcreactor.engine.signal.SignalFrame;
import io.rtcreactor.engine.signal.SignalUrl;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on signal connections, turned into supervisor inputs and session actions. Every message is
 * handled the moment it arrives (on the lane), whatever SDP work is under way: an answer only starts an
 * asynchronous step and returns, so a Leave right behind it is handled at once (invariant 1).
 */
final class SessionSignals implements SignalLink.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(SessionSignals.class);

    private final Session session;
    private boolean expectSnapshot;

    SessionSignals(Session session) {
        this.session = session;
    }

    /** Where and how to connect: a fresh join, or a resume of our participant with the newest token. */
    SignalConnection.Target target(String url, String token, boolean resume) {
        int reason = session.state().cause() instanceof io.rtcreactor.engine.signal.SignalLostException
                ? ReconnectReason.RR_SIGNAL_DISCONNECTED_VALUE : ReconnectReason.RR_UNKNOWN_VALUE;
        Map<String, String> query = SignalUrl.query("java", "0.1.0", session.options.autoSubscribe(),
                session.options.adaptiveStream(), resume ? session.localSid : null, reason);
        return new SignalConnection.Target(url, query, token, session.options.connectTimeout(),
                session.options.signalQueue());
    }

    @Override
    public void opened(int epoch) {
        session.supervise(new SupervisorInput.SignalOpened(epoch));
    }

    @Override
    public void openFailed(int epoch, Throwable error) {
        LOG.info("{}: signal connection #{} failed: {}", session.name, epoch, error.getMessage());
        session.supervise(new SupervisorInput.ConnectFailed(epoch, error));
    }

    @Override
    public void lost(int epoch, Throwable cause) {
        session.supervise(new SupervisorInput.SignalLost(epoch, cause));
    }

    @Override
    public void frame(int epoch, SignalFrame frame) {
        if (frame instanceof SignalFrame.Malformed bad) {
            session.emit(new RoomEvent.InputRejected("signal frame", bad.error().getMessage()));
            return;
        }
        SignalResponse message = ((SignalFrame.Message) frame).response();
        if (SignalCodec.isUnknown(message)) {
            LOG.debug("{}: ignored a message of unknown kind (fields {})", session.name,
                    SignalCodec.unknownFieldNumbers(message));
            return;
        }
        switch (message.getMessageCase()) {
            case JOIN -> join(epoch, message.getJoin());
            case RECONNECT -> reconnect(epoch, message.getReconnect());
            case LEAVE -> session.supervise(new SupervisorInput.LeaveReceived(epoch,
                    LeaveAction.of(message.getLeave()), DisconnectReason.fromProto(message.getLeave().getReason())));
            case OFFER -> session.transports.subscriberOffer(message.getOffer().getId(),
                    new Sdp(message.getOffer().getType(), message.getOffer().getSdp()));
            case ANSWER -> session.transports.publisherAnswer(message.getAnswer().getId(),
                    new Sdp(message.getAnswer().getType(), message.getAnswer().getSdp()));
            case TRICKLE -> trickle(message);
            case UPDATE -> update(message.getUpdate().getParticipantsList());
            case TRACK_PUBLISHED -> session.publications.trackPublished(message.getTrackPublished(), session::emit);
            case TRACK_UNPUBLISHED -> LOG.info("{}: the server unpublished our track {}", session.name,
                    message.getTrackUnpublished().getTrackSid());
            case REFRESH_TOKEN -> {
                session.token = message.getRefreshToken();
                session.emit(new RoomEvent.TokenRefreshed());
            }
            case PONG_RESP -> session.signal.pong(epoch, message.getPongResp().getLastPingTimestamp());
            case ROOM_UPDATE -> {
                session.roomName = message.getRoomUpdate().getRoom().getName();
                session.roomSid = message.getRoomUpdate().getRoom().getSid();
            }
            default -> LOG.debug("{}: {} not used by the engine", session.name, message.getMessageCase());
        }
    }

    private void join(int epoch, JoinResponse join) {
        if (epoch != session.state().attemptEpoch()) {
            return;
        }
        if (!join.hasParticipant() || join.getParticipant().getSid().isEmpty()) {
            // LiveKit's Rust client fails its connect on this; we fail the attempt with a clear reason.
            session.emit(new RoomEvent.InputRejected("join", "JoinResponse without participant"));
            session.supervise(new SupervisorInput.StepFailed(epoch,
                    new ProtocolViolationException("the server's JoinResponse has no participant")));
            return;
        }
        if (!join.hasRoom()) {
            // LiveKit's Rust client aborts the process on this; the room name is only informative to us.
            session.emit(new RoomEvent.InputRejected("join", "JoinResponse without room"));
        }
        session.join = join;
        session.identity = join.getParticipant().getIdentity();
        session.localSid = join.getParticipant().getSid();
        session.roomName = join.getRoom().getName();
        session.roomSid = join.getRoom().getSid();
        session.roster.selfSid(session.localSid);
        session.iceServers = iceServers(join.getIceServersList());
        session.pingInterval = pingInterval(join.getPingInterval());
        session.pingTimeout = pingTimeout(join.getPingTimeout());
        session.signal.keepalive(epoch, session.pingInterval, session.pingTimeout);
        session.cancelDeadline(SupervisorCommand.Deadline.RESPONSE);
        expectSnapshot = false;
        session.supervise(new SupervisorInput.JoinAccepted(epoch));
    }

    private void reconnect(int epoch, ReconnectResponse response) {
        if (epoch != session.state().attemptEpoch()) {
            return;
        }
        if (response.getIceServersCount() > 0) {
            session.iceServers = iceServers(response.getIceServersList());
        }
        session.lastMessageSeq = Integer.toUnsignedLong(response.getLastMessageSeq());
        session.signal.keepalive(epoch, session.pingInterval, session.pingTimeout);
        session.cancelDeadline(SupervisorCommand.Deadline.RESPONSE);
        // Protocol: after the ReconnectResponse the server sends a full ParticipantUpdate; whoever it omits left.
        expectSnapshot = true;
        session.supervise(new SupervisorInput.ResumeAccepted(epoch));
    }

    private void update(List<ParticipantInfo> participants) {
        boolean includesSelf = participants.stream().anyMatch(p -> p.getSid().equals(session.localSid));
        if (expectSnapshot && includesSelf) {
            expectSnapshot = false;
            session.roster.applySnapshot(participants, session::emit);
        } else {
            session.roster.applyUpdate(participants, session::emit);
        }
    }

    private void trickle(SignalResponse message) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(message.getTrickle().getCandidateInit());
        } catch (IllegalArgumentException e) {
            // LiveKit's Rust client aborts on a candidate without sdpMid; we report it and go on.
            session.emit(new RoomEvent.InputRejected("trickle", e.getMessage()));
            return;
        }
        session.transports.remoteCandidate(message.getTrickle().getTarget(), candidate);
    }

    /** Protocol rule: "Validate the values: zero or negative must not crash or spin". */
    private Duration pingInterval(int seconds) {
        if (seconds <= 0) {
            session.emit(new RoomEvent.InputRejected("join", "ping_interval " + seconds + " s replaced by "
                    + session.options.defaultPingInterval().toSeconds() + " s"));
            return session.options.defaultPingInterval();
        }
        return Duration.ofSeconds(seconds);
    }

    private Duration pingTimeout(int seconds) {
        if (seconds <= 0) {
            session.emit(new RoomEvent.InputRejected("join", "ping_timeout " + seconds + " s replaced by "
                    + session.options.defaultPingTimeout().toSeconds() + " s"));
            return session.options.defaultPingTimeout();
        }
        return Duration.ofSeconds(seconds);
    }

    private static List<IceServer> iceServers(List<ICEServer> servers) {
        return servers.stream().map(s -> new IceServer(s.getUrlsList(), s.getUsername(), s.getCredential())).toList();
    }
}
