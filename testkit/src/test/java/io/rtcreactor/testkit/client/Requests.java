package io.rtcreactor.testkit.client;

import com.google.protobuf.ByteString;
import io.rtcreactor.engine.proto.AddTrackRequest;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.Ping;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.SyncState;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.engine.proto.TrackSource;
import io.rtcreactor.engine.proto.TrackType;
import io.rtcreactor.engine.proto.TrickleRequest;
import io.rtcreactor.engine.proto.UserPacket;
import java.nio.charset.StandardCharsets;

/** The requests a LiveKit client sends, built as LiveKit's clients build them. */
public final class Requests {

    private Requests() {
    }

    /** {@code ping_req}: the server must echo {@code timestamp} in {@code pong_resp.last_ping_timestamp}. */
    public static SignalRequest pingReq(long timestamp) {
        return SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(timestamp).setRtt(1)).build();
    }

    /** The legacy {@code ping}, answered with {@code pong}. */
    public static SignalRequest legacyPing(long timestamp) {
        return SignalRequest.newBuilder().setPing(timestamp).build();
    }

    /** {@code add_track} for a microphone audio track whose SDP msid track id will be {@code cid}. */
    public static SignalRequest addAudioTrack(String cid, String name) {
        return SignalRequest.newBuilder().setAddTrack(AddTrackRequest.newBuilder().setCid(cid).setName(name)
                .setType(TrackType.AUDIO).setSource(TrackSource.MICROPHONE)).build();
    }

    /** {@code leave{DISCONNECT, CLIENT_INITIATED}}, as a client says goodbye. */
    public static SignalRequest leave() {
        return SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setAction(LeaveRequest.Action.DISCONNECT).setReason(DisconnectReason.CLIENT_INITIATED)).build();
    }

    /** A SyncState naming these published track sids (and nothing else). */
    public static SignalRequest syncState(String... publishedTrackSids) {
        SyncState.Builder state = SyncState.newBuilder();
        for (String sid : publishedTrackSids) {
            state.addPublishTracks(TrackPublishedResponse.newBuilder().setCid("cid-" + sid)
                    .setTrack(TrackInfo.newBuilder().setSid(sid).setType(TrackType.AUDIO)));
        }
        return SignalRequest.newBuilder().setSyncState(state).build();
    }

    public static SignalRequest offer(int id, String sdp) {
        return SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(id))
                .build();
    }

    public static SignalRequest answer(int id, String sdp) {
        return SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer").setSdp(sdp)
                .setId(id)).build();
    }

    public static SignalRequest trickle(SignalTarget target, String candidateJson) {
        return SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder().setTarget(target)
                .setCandidateInit(candidateJson)).build();
    }

    /** A user data packet with a text payload; {@code sequence} 0 means none (lossy packets carry none). */
    public static DataPacket userPacket(int sequence, String text, String... destinationIdentities) {
        DataPacket.Builder packet = DataPacket.newBuilder()
                .setKind(sequence > 0 ? DataPacket.Kind.RELIABLE : DataPacket.Kind.LOSSY)
                .setSequence(sequence)
                .setUser(UserPacket.newBuilder().setPayload(ByteString.copyFrom(text, StandardCharsets.UTF_8))
                        .setTopic("test"));
        for (String identity : destinationIdentities) {
            packet.addDestinationIdentities(identity);
        }
        return packet.build();
    }

    /** The text payload of a user packet. */
    public static String text(DataPacket packet) {
        return packet.getUser().getPayload().toStringUtf8();
    }
}
