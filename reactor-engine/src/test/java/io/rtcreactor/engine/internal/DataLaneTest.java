package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.testing.fake.FakeDataChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** The data lane on its own (invariant 11): numbering, waiting, re-sending, receiving. */
class DataLaneTest {

    private final DataLane lane = new DataLane(4);
    private final Map<String, DataChannel> open = new HashMap<>();
    private final FakeDataChannel reliable = new FakeDataChannel("_reliable");
    private final FakeDataChannel lossy = new FakeDataChannel("_lossy");
    private final List<RoomEvent> events = new ArrayList<>();

    private void publish(String text, DataOptions options, boolean connected) {
        Mono.<Void>create(sink -> lane.publish(text.getBytes(StandardCharsets.UTF_8), options, open::get, connected,
                sink)).subscribe();
    }

    private static List<String> texts(FakeDataChannel channel) {
        return channel.sent().stream().map(bytes -> {
            try {
                return DataPacket.parseFrom(bytes).getUser().getPayload().toStringUtf8();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void reliablePacketsWaitForTheirChannelAndGoOutInOrder() {
        publish("a", DataOptions.reliable(), true);
        publish("b", DataOptions.reliable(), true);
        assertThat(reliable.sent()).isEmpty();
        open.put("_reliable", reliable);
        lane.flushWaiting(open::get);
        assertThat(texts(reliable)).containsExactly("a", "b");
    }

    @Test
    void lossyPacketsAreDroppedDuringAReconnectAndReliableOnesWait() {
        open.put("_reliable", reliable);
        open.put("_lossy", lossy);
        publish("lossy", DataOptions.lossy(), false);
        publish("kept", DataOptions.reliable(), false);
        assertThat(lossy.sent()).isEmpty();
        assertThat(reliable.sent()).isEmpty();
        assertThat(lane.lossyDropped()).isEqualTo(1);
        lane.flushWaiting(open::get);
        assertThat(texts(reliable)).containsExactly("kept");
        assertThat(lossy.sent()).isEmpty();
    }

    @Test
    void aResumeResendsWhatTheServerDidNotSeeBeforeWhatWaitedAndNothingTwice() {
        open.put("_reliable", reliable);
        publish("1", DataOptions.reliable(), true);
        publish("2", DataOptions.reliable(), true);
        publish("3", DataOptions.reliable(), false);
        lane.resendAfter(1, open::get, "PA_me", "me", events::add);
        assertThat(texts(reliable)).containsExactly("1", "2", "2", "3");
        assertThat(events).isEmpty();
    }

    @Test
    void duplicatesFromTheSameSenderAreDroppedAndHolesReported() {
        byte[] one = packet("PA_x", 1);
        byte[] three = packet("PA_x", 3);
        lane.received("_reliable", one, events::add);
        lane.received("_reliable", one, events::add);
        lane.received("_reliable", three, events::add);
        assertThat(events).filteredOn(RoomEvent.DataPacketReceived.class::isInstance).hasSize(2);
        assertThat(events).filteredOn(RoomEvent.DataGap.class::isInstance).singleElement()
                .isEqualTo(new RoomEvent.DataGap("PA_x", "x", 2, 2, false));
        assertThat(lane.duplicatesDropped()).isEqualTo(1);
    }

    /** Issue 10, item 8: every reliable packet counts in its sender's sequence, whatever it carries. */
    @Test
    void packetsOfOtherKindsCountInTheSequenceSoNoFalseGapIsReported() {
        byte[] rpc = DataPacket.newBuilder().setParticipantSid("PA_x").setParticipantIdentity("x").setSequence(2)
                .setRpcRequest(io.rtcreactor.engine.proto.RpcRequest.newBuilder().setId("req-1").setMethod("greet")
                        .setVersion(1)).build().toByteArray();
        byte[] chunk = DataPacket.newBuilder().setParticipantSid("PA_x").setParticipantIdentity("x").setSequence(3)
                .setStreamChunk(io.rtcreactor.engine.proto.DataStream.Chunk.newBuilder().setStreamId("s"))
                .build().toByteArray();
        List<DataPacket.Builder> replies = new ArrayList<>();

        lane.received("_reliable", packet("PA_x", 1), events::add, replies::add);
        lane.received("_reliable", rpc, events::add, replies::add);
        lane.received("_reliable", chunk, events::add, replies::add);
        lane.received("_reliable", packet("PA_x", 4), events::add, replies::add);

        assertThat(events).filteredOn(RoomEvent.DataGap.class::isInstance).isEmpty();
        assertThat(events).filteredOn(RoomEvent.DataPacketReceived.class::isInstance).hasSize(2);
        assertThat(lane.otherKinds()).isEqualTo(1);
        // The RPC nobody here serves: acknowledged, then refused with LiveKit's "unsupported method", to the caller.
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).getRpcAck().getRequestId()).isEqualTo("req-1");
        assertThat(replies.get(1).getRpcResponse().getRequestId()).isEqualTo("req-1");
        assertThat(replies.get(1).getRpcResponse().getError().getCode()).isEqualTo(1400);
        assertThat(replies).allSatisfy(r -> assertThat(r.getDestinationIdentitiesList()).containsExactly("x"));
    }

    @Test
    void aReplyIsNumberedAndKeptLikeAnyReliablePacket() {
        open.put("_reliable", reliable);
        publish("1", DataOptions.reliable(), true);
        Mono.<Void>create(sink -> lane.publishPacket(DataPacket.newBuilder().setRpcAck(
                io.rtcreactor.engine.proto.RpcAck.newBuilder().setRequestId("r")), true, open::get, true, sink))
                .subscribe();
        publish("3", DataOptions.reliable(), true);
        assertThat(reliable.sent()).extracting(bytes -> {
            try {
                return DataPacket.parseFrom(bytes).getSequence();
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new AssertionError(e);
            }
        }).containsExactly(1, 2, 3);
    }

    @Test
    void somethingThatIsNotADataPacketIsReportedNotThrown() {
        lane.received("_reliable", new byte[] {(byte) 0xff, 0x01}, events::add);
        assertThat(events).singleElement().isInstanceOf(RoomEvent.InputRejected.class);
    }

    private static byte[] packet(String sid, int sequence) {
        return DataPacket.newBuilder().setKind(DataPacket.Kind.RELIABLE).setParticipantSid(sid)
                .setParticipantIdentity(sid.substring(3)).setSequence(sequence)
                .setUser(io.rtcreactor.engine.proto.UserPacket.newBuilder()
                        .setPayload(com.google.protobuf.ByteString.copyFromUtf8("p" + sequence))).build().toByteArray();
    }
}
