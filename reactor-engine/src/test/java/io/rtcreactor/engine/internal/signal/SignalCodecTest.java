package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.Ping;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalCodecTest {

    private final SignalCodec codec = SignalCodec.defaults();

    @Test
    void roundTripsRequestsAndResponses() {
        SignalRequest ping = SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(42).setRtt(7)).build();
        assertThat(codec.decodeRequest(codec.encode(ping))).isEqualTo(ping);

        SignalResponse leave = SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setAction(LeaveRequest.Action.RESUME).setReason(DisconnectReason.MIGRATION)).build();
        assertThat(codec.decodeResponse(ByteBuffer.wrap(codec.encode(leave)))).isEqualTo(leave);
    }

    @Test
    void decodingDoesNotConsumeTheCallersBuffer() {
        ByteBuffer frame = ByteBuffer.wrap(codec.encode(SignalResponse.newBuilder().setRefreshToken("t").build()));
        codec.decodeResponse(frame);
        assertThat(frame.remaining()).isPositive();
    }

    @Test
    void anUnknownOneofCaseDecodesToAnIgnorableMessage() {
        // Field 99, length-delimited, 2 bytes: a SignalResponse case from some future protocol version.
        byte[] future = {(byte) 0x9a, 0x06, 0x02, 0x08, 0x01};
        SignalResponse decoded = codec.decodeResponse(future);
        assertThat(SignalCodec.isUnknown(decoded)).isTrue();
        assertThat(SignalCodec.unknownFieldNumbers(decoded)).containsExactly(99);

        SignalRequest empty = codec.decodeRequest(new byte[0]);
        assertThat(SignalCodec.isUnknown(empty)).isTrue();
    }

    @Test
    void malformedBytesGiveATypedError() {
        byte[] truncated = codec.encode(SignalResponse.newBuilder()
                .setOffer(SessionDescription.newBuilder().setType("offer").setSdp("v=0\r\n".repeat(20))).build());
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length / 2);
        assertThatThrownBy(() -> codec.decodeResponse(cut))
                .isInstanceOfSatisfying(SignalCodecException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SignalCodecException.Kind.MALFORMED);
                    assertThat(e.frameBytes()).isEqualTo(cut.length);
                    assertThat(e.getMessage()).contains("not a valid SignalResponse");
                });
    }

    @Test
    void randomGarbageNeverEscapesAsAnythingButTheTypedError() {
        Random random = new Random(20261126L);
        int malformed = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(200)];
            random.nextBytes(garbage);
            try {
                codec.decodeResponse(garbage);
                codec.decodeRequest(garbage);
            } catch (SignalCodecException e) {
                malformed++;
            }
        }
        assertThat(malformed).as("random bytes are mostly not protobuf").isGreaterThan(1_000);
    }

    @Test
    void framesAboveTheLimitAreRefusedBothWays() {
        SignalCodec small = new SignalCodec(2048);
        SignalResponse big = SignalResponse.newBuilder().setRefreshToken("x".repeat(4096)).build();
        assertThatThrownBy(() -> small.encode(big)).isInstanceOfSatisfying(SignalCodecException.class,
                e -> assertThat(e.kind()).isEqualTo(SignalCodecException.Kind.FRAME_TOO_LARGE));
        byte[] bigFrame = SignalCodec.defaults().encode(big);
        assertThatThrownBy(() -> small.decodeResponse(bigFrame)).isInstanceOfSatisfying(SignalCodecException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo(SignalCodecException.Kind.FRAME_TOO_LARGE);
                    assertThat(e.getMessage()).contains("exceeds the limit of 2048 bytes");
                });
    }

    @Test
    void requestsAreLimitedToLiveKits2MiBResponsesTo16MiB() {
        assertThat(SignalCodec.defaults().maxRequestBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(SignalCodec.defaults().maxResponseBytes()).isEqualTo(16 * 1024 * 1024);
        byte[] requestJustOver = new byte[2 * 1024 * 1024 + 1];
        assertThatThrownBy(() -> codec.decodeRequest(requestJustOver)).isInstanceOf(SignalCodecException.class);
        SignalRequest bigRequest = SignalRequest.newBuilder().setUpdateMetadata(
                io.rtcreactor.engine.proto.UpdateParticipantMetadata.newBuilder()
                        .setMetadata("x".repeat(2 * 1024 * 1024))).build();
        assertThatThrownBy(() -> codec.encode(bigRequest)).isInstanceOf(SignalCodecException.class);
        // A JoinResponse of a large room is bigger than LiveKit's request limit and must be accepted (issue 10, 14).
        SignalResponse bigRoom = SignalResponse.newBuilder().setRefreshToken("x".repeat(3 * 1024 * 1024)).build();
        assertThat(codec.decodeResponse(codec.encode(bigRoom))).isEqualTo(bigRoom);
        byte[] responseJustOver = new byte[16 * 1024 * 1024 + 1];
        assertThatThrownBy(() -> codec.decodeResponse(responseJustOver)).isInstanceOfSatisfying(
                SignalCodecException.class, e -> assertThat(e.kind()).isEqualTo(SignalCodecException.Kind.FRAME_TOO_LARGE));
    }

    @Test
    void aTextFrameIsReportedAsSuch() {
        assertThat(codec.textFrame(12).kind()).isEqualTo(SignalCodecException.Kind.UNEXPECTED_TEXT);
    }
}
