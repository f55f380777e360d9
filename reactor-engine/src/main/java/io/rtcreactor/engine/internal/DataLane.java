package io.rtcreactor.engine.internal;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.data.ReceiveWindow;
import io.rtcreactor.engine.internal.data.ReliableBuffer;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.proto.DataChannelReceiveState;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.RpcAck;
import io.rtcreactor.engine.proto.RpcRequest;
import io.rtcreactor.engine.proto.RpcResponse;
import io.rtcreactor.engine.proto.UserPacket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.publisher.MonoSink;

/**
 * Data packets in and out (invariant 11). Outgoing reliable packets get sequence numbers from 1 and are kept in a
 * {@link ReliableBuffer}; after a resume everything above the server's {@code last_message_seq} is sent again in
 * order, and what the buffer no longer holds is reported as a {@link RoomEvent.DataGap}. Packets produced while the
 * data channel is still opening wait for it; during a reconnect reliable packets wait and lossy ones are dropped.
 * Incoming reliable packets are de-duplicated by (sender,
 * sequence). Lane-confined.
 */
final class DataLane {

    private record Waiting(byte[] packet, boolean reliable, MonoSink<Void> done) {
    }

    private final ReliableBuffer sent;
    private final ReceiveWindow received = new ReceiveWindow();
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final int waitLimit;
    private long lossyDropped;
    private long duplicatesDropped;
    private long otherKinds;

    /** Where RPC packets go: the session's {@link Rpcs}; until one is set, requests are refused as unsupported. */
    interface RpcEndpoint {
        /** A request from {@code caller}; answers (the ack first) go to {@code replies}. */
        void request(RpcRequest request, String caller, Consumer<DataPacket.Builder> replies);

        void ack(RpcAck ack, String from);

        void response(RpcResponse response, String from);
    }

    /** No methods, no calls: every request is answered UNSUPPORTED_METHOD (or UNSUPPORTED_VERSION). */
    static final RpcEndpoint NO_RPC = new RpcEndpoint() {
        @Override
        public void request(RpcRequest request, String caller, Consumer<DataPacket.Builder> replies) {
            Rpc.unsupported(request, caller).forEach(replies);
        }

        @Override
        public void ack(RpcAck ack, String from) {
        }

        @Override
        public void response(RpcResponse response, String from) {
        }
    };

    private RpcEndpoint rpc = NO_RPC;

    /** Where text and byte stream packets go: the session's {@link IncomingStreams}. */
    interface StreamEndpoint {
        void header(io.rtcreactor.engine.proto.DataStream.Header header, String sender, String senderSid);

        void chunk(io.rtcreactor.engine.proto.DataStream.Chunk chunk, String sender);

        void trailer(io.rtcreactor.engine.proto.DataStream.Trailer trailer, String sender);
    }

    private StreamEndpoint streams;

    void streams(StreamEndpoint endpoint) {
        this.streams = endpoint;
    }

    void rpc(RpcEndpoint endpoint) {
        this.rpc = endpoint;
    }

    DataLane(int capacity) {
        this.sent = new ReliableBuffer(capacity);
        this.waitLimit = capacity;
    }

    /** Builds and sends (or queues) a user packet; the sink completes once it is handed to a channel. */
    void publish(byte[] payload, DataOptions options, Function<String, DataChannel> channels, boolean canSend,
                 MonoSink<Void> done) {
        DataPacket.Builder packet = DataPacket.newBuilder()
                .addAllDestinationIdentities(options.destinations())
                .setUser(UserPacket.newBuilder().setPayload(ByteString.copyFrom(payload)).setTopic(options.topic())
                        .addAllDestinationIdentities(options.destinations()));
        publishPacket(packet, options.isReliable(), channels, canSend, done);
    }

    /**
     * Sends (or queues) any packet: a reliable one gets the next sequence number and is kept for re-sending after
     * a resume, whatever it carries (LiveKit's clients number every reliable packet, not only user packets).
     */
    void publishPacket(DataPacket.Builder packet, boolean reliable, Function<String, DataChannel> channels,
                       boolean canSend, MonoSink<Void> done) {
        packet.setKind(reliable ? DataPacket.Kind.RELIABLE : DataPacket.Kind.LOSSY);
        if (reliable) {
            packet.setSequence((int) sent.nextSequence());
            byte[] bytes = packet.build().toByteArray();
            sent.sent(bytes);
            deliver(new Waiting(bytes, true, done), channels, canSend);
        } else {
            deliver(new Waiting(packet.build().toByteArray(), false, done), channels, canSend);
        }
    }

    private void deliver(Waiting item, Function<String, DataChannel> channels, boolean canSend) {
        DataChannel channel = canSend ? channels.apply(item.reliable() ? "_reliable" : "_lossy") : null;
        if (channel == null) {
            // A lossy packet waits only for a channel that is still opening; during a reconnect it is dropped.
            if (!item.reliable() && !canSend) {
                lossyDropped++;
                item.done().success();
                return;
            }
            if (waiting.size() >= waitLimit) {
                item.done().error(new io.rtcreactor.engine.QueueFullException(
                        "too many packets waiting for the data channel (" + waitLimit + "); the session is not connected"));
                return;
            }
            waiting.addLast(item);
            return;
        }
        channel.send(item.packet(), true).subscribe(null, item.done()::error, item.done()::success);
    }

    /** Sends what waited for a channel, in order. */
    void flushWaiting(Function<String, DataChannel> channels) {
        List<Waiting> drained = new ArrayList<>(waiting);
        waiting.clear();
        drained.forEach(item -> deliver(item, channels, true));
    }

    /**
     * After a resume: re-send every kept packet above {@code lastSeen}, in order; report what is lost. Packets still
     * waiting are not in flight, so they are simply sent after.
     */
    void resendAfter(long lastSeen, Function<String, DataChannel> channels, String localSid, String localIdentity,
                     Consumer<RoomEvent> events) {
        ReliableBuffer.Replay replay = sent.acknowledge(lastSeen);
        if (replay.hasGap()) {
            events.accept(new RoomEvent.DataGap(localSid, localIdentity, replay.missingFrom(), replay.missingTo(), true));
        }
        DataChannel reliable = channels.apply("_reliable");
        java.util.Set<Long> waitingSequences = new java.util.HashSet<>();
        for (Waiting item : waiting) {
            waitingSequences.add(sequenceOf(item.packet()));
        }
        if (reliable != null) {
            for (ReliableBuffer.Sent packet : replay.resend()) {
                if (!waitingSequences.contains(packet.sequence())) {
                    reliable.send(packet.packet(), true).subscribe(null, e -> { });
                }
            }
        }
        flushWaiting(channels);
    }

    /** An incoming packet from a data channel; emits what the application should see. */
    void received(String label, byte[] bytes, Consumer<RoomEvent> events) {
        received(label, bytes, events, reply -> { });
    }

    /**
     * An incoming packet from a data channel; emits what the application should see and hands packets the engine
     * answers on its own (an RPC nobody here serves) to {@code replies}. Every reliable packet counts in the
     * sender's sequence, whatever it carries: counting only user packets made every RPC, stream chunk or DTMF
     * between two of them look like lost data (a false {@link RoomEvent.DataGap}).
     */
    void received(String label, byte[] bytes, Consumer<RoomEvent> events, Consumer<DataPacket.Builder> replies) {
        DataPacket packet;
        try {
            packet = DataPacket.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            events.accept(new RoomEvent.InputRejected("data packet", "not a DataPacket: " + e.getMessage()));
            return;
        }
        // The channel decides reliability: LiveKit's Rust client marks reliable packets LOSSY in `kind`.
        boolean reliable = label.equals("_reliable");
        UserPacket user = packet.getUser();
        String senderSid = packet.getParticipantSid().isEmpty() ? user.getParticipantSid() : packet.getParticipantSid();
        String senderIdentity = packet.getParticipantIdentity().isEmpty() ? user.getParticipantIdentity()
                : packet.getParticipantIdentity();
        long sequence = Integer.toUnsignedLong(packet.getSequence());
        if (reliable) {
            ReceiveWindow.Verdict verdict = received.offer(senderSid, sequence);
            if (!verdict.accept()) {
                duplicatesDropped++;
                return;
            }
            if (verdict.hasGap()) {
                events.accept(new RoomEvent.DataGap(senderSid, senderIdentity, verdict.gapFrom(), verdict.gapTo(), false));
            }
        }
        switch (packet.getValueCase()) {
            case USER -> events.accept(new RoomEvent.DataPacketReceived(new DataReceived(user.getPayload().toByteArray(),
                    user.getTopic(), senderIdentity, senderSid, reliable, reliable ? sequence : 0)));
            case RPC_REQUEST -> rpc.request(packet.getRpcRequest(), senderIdentity, replies);
            case RPC_ACK -> rpc.ack(packet.getRpcAck(), senderIdentity);
            case RPC_RESPONSE -> rpc.response(packet.getRpcResponse(), senderIdentity);
            case SIP_DTMF -> events.accept(new RoomEvent.DtmfReceived(senderIdentity, senderSid,
                    packet.getSipDtmf().getCode(), packet.getSipDtmf().getDigit()));
            case STREAM_HEADER, STREAM_CHUNK, STREAM_TRAILER -> stream(packet, senderIdentity, senderSid);
            case CHAT_MESSAGE -> events.accept(new RoomEvent.ChatMessageReceived(
                    LegacyText.chat(packet.getChatMessage(), senderIdentity)));
            case TRANSCRIPTION -> events.accept(new RoomEvent.TranscriptionReceived(
                    LegacyText.segments(packet.getTranscription(), senderIdentity)));
            default -> otherKinds++;
        }
    }

    private void stream(DataPacket packet, String sender, String senderSid) {
        if (streams == null) {
            otherKinds++;
            return;
        }
        switch (packet.getValueCase()) {
            case STREAM_HEADER -> streams.header(packet.getStreamHeader(), sender, senderSid);
            case STREAM_CHUNK -> streams.chunk(packet.getStreamChunk(), sender);
            default -> streams.trailer(packet.getStreamTrailer(), sender);
        }
    }

    /** Packets of kinds this version does not handle (transcriptions, metrics…), counted and dropped. */
    long otherKinds() {
        return otherKinds;
    }

    /** Per sender, the last reliable sequence received (SyncState's {@code datachannel_receive_states}). */
    List<DataChannelReceiveState> receiveStates() {
        List<DataChannelReceiveState> states = new ArrayList<>();
        received.lastSequences().forEach((sid, seq) -> states.add(DataChannelReceiveState.newBuilder()
                .setPublisherSid(sid).setLastSeq(seq.intValue()).build()));
        return states;
    }

    long duplicatesDropped() {
        return duplicatesDropped;
    }

    long lossyDropped() {
        return lossyDropped;
    }

    /** Fails every packet still waiting (the session ended). */
    void abandon(Throwable why) {
        waiting.forEach(item -> item.done().error(why));
        waiting.clear();
    }

    private static long sequenceOf(byte[] packet) {
        try {
            return Integer.toUnsignedLong(DataPacket.parseFrom(packet).getSequence());
        } catch (InvalidProtocolBufferException e) {
            return -1;
        }
    }
}
