package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.RoomUpdate;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.fault.ArmedFaults;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.signal.ConnectParams;
import io.rtcreactor.testkit.signal.SignalSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of a resume ({@code reconnect=1&sid=…}), as LiveKit's {@code Room.ResumeParticipant} does it
 * (pkg/rtc/room.go): refused with a Leave when the participant is unknown (or a fault says so); otherwise the new
 * socket replaces the old one, the ReconnectResponse goes first, then who left meanwhile, the whole room, the room
 * itself, a fresh token, and the subscriber's ICE-restart offer. Used on the server's lane only.
 */
final class Resumes {

    private static final Logger LOG = LoggerFactory.getLogger(Resumes.class);

    private final RoomRegistry registry;
    private final ServerContext context;

    Resumes(RoomRegistry registry) {
        this.registry = registry;
        this.context = registry.context();
    }

    void resume(ConnectParams params, VerifiedToken token, SignalSocket socket, Runnable onRefused) {
        if (registry.refusedWhileClosing(socket)) {
            return;
        }
        ServerRoom room = registry.room(token.video().room());
        Participant participant = room == null ? null : room.participant(token.identity());
        ArmedFaults armed = registry.faults(token.video().room(), token.identity());
        ParticipantRecord record = registry.record(token.video().room(), token.identity());
        var instead = armed.take(Fault.LeaveInsteadOfReconnect.class, context.clock().instant());
        boolean refused = armed.take(Fault.RefuseResume.class, context.clock().instant()).isPresent();
        boolean unknown = participant == null || !participant.sid().equals(params.sid())
                || participant.media.subscriberClosed();
        if (refused || unknown || instead.isPresent()) {
            LeaveRequest.Action action = instead.map(Fault.LeaveInsteadOfReconnect::action)
                    .orElse(LeaveRequest.Action.RECONNECT);
            DisconnectReason reason = action == LeaveRequest.Action.RECONNECT ? DisconnectReason.STATE_MISMATCH
                    : DisconnectReason.UNKNOWN_REASON;
            record.note("out", "leave", 0, context.nowMillis(), socket.id());
            LeaveRequest.Builder leave = LeaveRequest.newBuilder().setAction(action).setReason(reason)
                    .setCanReconnect(action != LeaveRequest.Action.DISCONNECT);
            var regions = Participant.regionSettings(context.options());
            if (action != LeaveRequest.Action.DISCONNECT && regions != null) {
                leave.setRegions(regions);
            }
            socket.send(SignalResponse.newBuilder().setLeave(leave).build());
            socket.close(1000, "resume refused");
            if (participant != null && (refused || unknown || action != LeaveRequest.Action.RESUME)) {
                registry.remove(participant, reason);
            }
            onRefused.run();
            LOG.info("resume of {} refused ({})", token.identity(),
                    refused ? "refuse_resume" : unknown ? "unknown participant" : "leave_instead_of_reconnect");
            return;
        }
        record.resumes++;
        participant.cancelTimers();
        participant.syncAfterMigration = participant.migrated;
        participant.migrated = false;
        context.relay().unblockIfUntilResume(participant.sid());
        participant.signals.resumed();
        ReconnectReason reason = ReconnectReason.forNumber(params.reconnectReason());
        participant.ice.resumed(reason == null ? ReconnectReason.RR_UNKNOWN : reason,
                registry.iceConfigs.get(room.name(), participant.identity(), context.clock().instant()),
                context.clock().instant());
        participant.swapSocket(socket);
        LOG.info("{} resumed (resume #{}, reason {})", participant, record.resumes, params.reconnectReason());
        if (armed.take(Fault.MessagesBeforeReconnectResponse.class, context.clock().instant()).isPresent()) {
            FaultActions.messagesBeforeReconnectResponse(participant);
        }
        Duration silence = registry.silentDelay(armed, Fault.Silence.RECONNECT_RESPONSE);
        if (silence == null) {
            completeResume(participant);
        } else if (!silence.isNegative()) {
            participant.joinTimer = participant.later(silence.toMillis(), () -> completeResume(participant));
        }
    }

    private void completeResume(Participant participant) {
        participant.send(SignalResponse.newBuilder().setReconnect(ReconnectResponse.newBuilder()
                .setServerInfo(context.serverInfo())
                .setClientConfiguration(registry.clientConfiguration())
                .setLastMessageSeq(participant.lastReliableSequence)).build());
        ServerRoom room = participant.room;
        List<ParticipantInfo> left = new ArrayList<>();
        for (String known : List.copyOf(participant.knownParticipants)) {
            if (room.participantBySid(known) == null) {
                left.add(ParticipantInfo.newBuilder().setSid(known).setIdentity(identityOf(room, known))
                        .setState(ParticipantInfo.State.DISCONNECTED).setVersion(Integer.MAX_VALUE / 2).build());
                participant.knownParticipants.remove(known);
            }
        }
        if (!left.isEmpty()) {
            participant.send(SignalResponse.newBuilder()
                    .setUpdate(ParticipantUpdate.newBuilder().addAllParticipants(left)).build());
        }
        ParticipantUpdate.Builder everyone = ParticipantUpdate.newBuilder().addParticipants(participant.info());
        for (ParticipantInfo other : room.othersInfo(participant)) {
            everyone.addParticipants(other);
            participant.knownParticipants.add(other.getSid());
        }
        participant.send(SignalResponse.newBuilder().setUpdate(everyone).build());
        participant.send(SignalResponse.newBuilder().setRoomUpdate(RoomUpdate.newBuilder().setRoom(room.toProto())).build());
        registry.sendRefreshToken(participant);
        // LiveKit restarts ICE only on a subscriber that has negotiated: "skipping ICE restart on not yet started
        // peer connection" (PCTransport.doICERestart, pkg/rtc/transport.go); an offer left unanswered by the
        // outage is superseded, not waited for.
        if (participant.media.subscriberNegotiated()) {
            participant.media.restartSubscriberIce();
        }
    }

    private String identityOf(ServerRoom room, String participantSid) {
        for (ParticipantRecord record : registry.records(room.name())) {
            if (record.lastSid != null && record.lastSid.equals(participantSid)) {
                return record.identity();
            }
        }
        return "";
    }
}
