package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.signal.SignalSocket;
import java.util.concurrent.TimeUnit;

/**
 * The {@code flood} fault: {@code count} messages to one participant's socket as fast as it takes them. The socket
 * buffers a few thousand frames, so the flood goes out in batches, one per lane turn, and the next batch waits until
 * the socket has drained below half of a batch. Lane-confined.
 */
final class Flood {

    private static final int BATCH = 1000;

    private final Participant p;
    private final SignalSocket socket;
    private final Fault.Flood fault;
    private int sent;

    private Flood(Participant p, SignalSocket socket, Fault.Flood fault) {
        this.p = p;
        this.socket = socket;
        this.fault = fault;
    }

    static void start(Participant p, Fault.Flood fault) {
        if (fault.what() == Fault.Flooding.AUDIO) {
            p.room.forwarders().forEach((trackSid, forwarder) -> {
                var downtrack = p.media.downtrack(trackSid);
                if (downtrack != null) {
                    forwarder.burst(downtrack, fault.count());
                }
            });
            return;
        }
        SignalSocket socket = p.socket();
        if (socket != null) {
            new Flood(p, socket, fault).next();
        }
    }

    private void next() {
        if (p.socket() != socket || !socket.isOpen()) {
            return; // the participant moved on (a resume, a leave): this socket's flood is over
        }
        if (socket.pending() > BATCH / 2) {
            p.context.lane().schedule(this::next, 2, TimeUnit.MILLISECONDS);
            return;
        }
        for (int i = 0; i < BATCH && sent < fault.count(); i++, sent++) {
            socket.send(message(sent, sent == fault.count() - 1));
        }
        if (sent < fault.count()) {
            p.context.lane().schedule(this::next, 0, TimeUnit.MILLISECONDS);
        }
    }

    private SignalResponse message(int n, boolean last) {
        return switch (fault.what()) {
            case PARTICIPANT_UPDATES -> SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
                    .addParticipants(ParticipantInfo.newBuilder().setSid("PA_flood").setIdentity("flood")
                            .setMetadata(Integer.toString(n)).setVersion(n + 1)
                            .setState(last ? ParticipantInfo.State.DISCONNECTED : ParticipantInfo.State.ACTIVE)))
                    .build();
            case AUDIO -> throw new IllegalStateException("audio is not a signal flood");
            case TRICKLES -> RoomRegistry.trickle(SignalTarget.SUBSCRIBER, "{\"candidate\":\"candidate:" + n
                    + " 1 udp 2122260223 127.0.0.1 9 typ host generation 0\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
        };
    }
}
