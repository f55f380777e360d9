package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SignalConnection} on a real WebSocket against a server that writes and reads raw frames (issue 10, items 14
 * and 18): a message in fragments arrives as one message, a large room's JoinResponse is not refused, and a clean
 * close puts exactly one close frame on the wire.
 */
class SignalConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aMessageInFragmentsLargerThanLiveKitsRequestLimitArrivesAsOneMessage() throws Exception {
        // A JoinResponse of a large room is megabytes; here a 3 MiB response in 4 KiB frames, as gorilla/websocket
        // writes a message through its write buffer (LiveKit's server with compression on) or a proxy re-frames it.
        SignalResponse big = SignalResponse.newBuilder().setRefreshToken("r".repeat(3 * 1024 * 1024)).build();
        SignalResponse after = SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setAction(LeaveRequest.Action.RESUME)).build();
        try (RawWebSocketServer server = new RawWebSocketServer(WAIT)) {
            SignalConnection connection = open(server);
            CompletableFuture<List<SignalFrame>> frames = connection.inbound().take(2).collectList().toFuture();

            server.writeFragmented(big.toByteArray(), 4096);
            server.writeFragmented(after.toByteArray(), 4096);

            List<SignalFrame> received = frames.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(received).extracting(f -> f instanceof SignalFrame.Message m ? m.response().getMessageCase()
                    : f).containsExactly(SignalResponse.MessageCase.REFRESH_TOKEN, SignalResponse.MessageCase.LEAVE);
            assertThat(((SignalFrame.Message) received.get(0)).response()).isEqualTo(big);
            connection.abort();
        }
    }

    @Test
    void aCleanCloseSendsTheQueuedMessagesThenExactlyOneCloseFrame() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer(WAIT)) {
            SignalConnection connection = open(server);
            SignalRequest leave = SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()
                    .setReason(io.rtcreactor.engine.proto.DisconnectReason.CLIENT_INITIATED)).build();

            assertThat(connection.send(leave)).isTrue();
            connection.close();

            RawWebSocketServer.Frame first = server.read();
            assertThat(first.opcode()).isEqualTo(RawWebSocketServer.Frame.BINARY);
            assertThat(SignalRequest.parseFrom(first.payload())).isEqualTo(leave);
            RawWebSocketServer.Frame close = server.read();
            assertThat(close.opcode()).as("the close frame follows the Leave").isEqualTo(RawWebSocketServer.Frame.CLOSE);
            // The server answers as RFC 6455 section 5.5.1 asks; the client must not send a second close frame.
            server.closeWith(1000);
            assertThat(server.readToEnd()).as("frames after the client's close frame").isEmpty();
        }
    }

    private static SignalConnection open(RawWebSocketServer server) throws Exception {
        SignalConnection.Target target = new SignalConnection.Target(server.url(), Map.of("protocol", "16"), "t",
                WAIT, 64, io.rtcreactor.engine.TlsTrust.system());
        CompletableFuture<SignalConnection> opened = SignalConnection.open(target, SignalCodec.defaults()).toFuture();
        server.accept();
        return opened.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
