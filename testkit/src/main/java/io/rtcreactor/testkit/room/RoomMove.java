package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.RoomMovedResponse;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.media.AudioForwarder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code move} fault: LiveKit Cloud's {@code RoomService.MoveParticipant}. LiveKit's open-source server does
 * not implement it (pkg/service/roommanager.go answers "not implemented") but defines what the client is told
 * ({@code ParticipantImpl.SendRoomMovedResponse}, pkg/rtc/participant_signal.go): a {@code RoomMovedResponse} with
 * the new room, a token for it, the participant and the new room's other participants. What the rooms see is
 * what a leave and a join would show them. The participant keeps its connection, its peer connections and its
 * tracks; what it received from the old room stops, what the new room publishes starts.
 */
final class RoomMove {

    private static final Logger LOG = LoggerFactory.getLogger(RoomMove.class);

    private RoomMove() {
    }

    /** Moves {@code p} to {@code destination}; returns the control API's HTTP status. */
    static int move(RoomRegistry registry, Participant p, String destination) {
        ServerRoom from = p.room;
        if (destination == null || destination.isBlank() || destination.equals(from.name())) {
            return 400;
        }
        ServerRoom to = registry.roomFor(destination);
        if (to.participant(p.identity()) != null) {
            return 409;
        }
        leave(registry.tracks, p, from, to);
        VerifiedToken token = p.token();
        VerifiedToken moved = new VerifiedToken(token.apiKey(), token.identity(), token.name(), token.metadata(),
                token.attributes(), token.video().toBuilder().room(to.name()).build(), token.expiresAt(),
                token.notBefore(), token.kind(), token.roomConfig());
        p.movedTo(to, moved);
        registry.rekey(from.name(), to.name(), p.identity());
        to.add(p);
        List<ParticipantInfo> others = to.othersInfo(p);
        p.knownParticipants.clear();
        others.forEach(o -> p.knownParticipants.add(o.getSid()));
        p.send(SignalResponse.newBuilder().setRoomMoved(RoomMovedResponse.newBuilder()
                .setRoom(to.toProto()).setToken(registry.mint(moved)).setParticipant(p.info())
                .addAllOtherParticipants(others)).build());
        to.broadcast(p);
        join(registry.tracks, p, to);
        LOG.info("{} moved from room {} to room {}", p, from.name(), to.name());
        return 200;
    }

    /** What {@code p} received from {@code from} stops; what {@code from} received from it stops too. */
    private static void leave(Tracks tracks, Participant p, ServerRoom from, ServerRoom to) {
        for (String trackSid : List.copyOf(p.subscribedTracks)) {
            tracks.unsubscribe(p, trackSid);
        }
        for (String trackSid : p.publishedTracks.keySet()) {
            AudioForwarder forwarder = from.forwarders().remove(trackSid);
            for (Participant other : from.participants()) {
                var downtrack = other == p ? null : other.media.removeDowntrack(trackSid);
                if (downtrack != null) {
                    if (forwarder != null) {
                        forwarder.removeTarget(downtrack);
                    }
                    other.media.negotiateSubscriber(false);
                }
            }
            if (forwarder != null) {
                to.forwarders().put(trackSid, forwarder);
            }
        }
        from.remove(p);
        ParticipantInfo left = p.info().toBuilder().setState(ParticipantInfo.State.DISCONNECTED).build();
        SignalResponse update = SignalResponse.newBuilder()
                .setUpdate(ParticipantUpdate.newBuilder().addParticipants(left)).build();
        for (Participant other : from.participants()) {
            other.sendUpdate(update, left);
        }
    }

    /** {@code p} receives what {@code to} publishes, and the participants of {@code to} receive its tracks. */
    private static void join(Tracks tracks, Participant p, ServerRoom to) {
        tracks.subscribeToExisting(p);
        for (Participant other : to.participants()) {
            if (other == p || !other.canSubscribe() || !other.autoSubscribe()) {
                continue;
            }
            for (TrackInfo track : p.publishedTracks.values()) {
                other.subscribedTracks.add(track.getSid());
                tracks.subscribe(other, p, track, true);
            }
        }
    }
}
