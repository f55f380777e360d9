package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest.Action;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.ConnectOptions;
import io.rtcreactor.testkit.client.RawWebSocket;
import io.rtcreactor.testkit.client.RawWebSocket.Frame;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every close the server starts, read frame by frame off the TCP connection (issue 10, items 18 and 19): exactly
 * one close frame and nothing after it (RFC 6455 section 5.5.1), and a Leave that closes the socket is followed by
 * the close at once, as LiveKit's server does (pkg/service/rtcservice.go, {@code RTCService.serve}: the response
 * pump is flushed, then {@code CloseWithReason} writes one close frame and drops the connection).
 */
class CloseFrameTest {

    private static final Duration READ = Duration.ofSeconds(10);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @Test
    void aLeaveThatClosesIsFollowedByExactlyOneCloseFrameAndNothingElse() throws IOException {
        try (RawWebSocket alice = join("leave-close", "alice")) {
            testbed.fault("leave-close", "alice",
                    new Fault.Leave(Action.RESUME, DisconnectReason.CONNECTION_TIMEOUT, true));
            // A second Leave right behind the first: LiveKit's server has closed the socket by then, so it cannot
            // arrive (with a grace between Leave and close, the testkit used to send it).
            testbed.fault("leave-close", "alice",
                    new Fault.Leave(Action.RESUME, DisconnectReason.CONNECTION_TIMEOUT, true));

            List<Frame> rest = alice.readToEnd();

            assertThat(rest).as("frames after the join").isNotEmpty();
            assertThat(rest.stream().filter(Frame::isClose)).as("%s", rest).hasSize(1);
            assertThat(rest.get(rest.size() - 1).isClose()).as("the close frame is the last: %s", rest).isTrue();
            assertThat(rest.get(rest.size() - 1).closeCode()).isEqualTo(1000);
            Frame beforeClose = rest.get(rest.size() - 2);
            assertThat(beforeClose.opcode()).as("%s", rest).isEqualTo(Frame.BINARY);
            assertThat(beforeClose.message().getMessageCase()).as("%s", rest).isEqualTo(MessageCase.LEAVE);
            assertThat(rest.stream().filter(f -> f.opcode() == Frame.BINARY
                    && f.message().hasLeave())).as("one Leave only: %s", rest).hasSize(1);
        }
    }

    @Test
    void aCleanCloseSignalSendsExactlyOneCloseFrame() throws IOException {
        try (RawWebSocket alice = join("clean-close", "alice")) {
            testbed.fault("clean-close", "alice", new Fault.CloseSignal(false));

            List<Frame> rest = alice.readToEnd();

            assertThat(rest.stream().filter(Frame::isClose)).as("%s", rest).hasSize(1);
            assertThat(rest.get(rest.size() - 1).isClose()).as("%s", rest).isTrue();
        }
    }

    @Test
    void aResumeOnAnotherConnectionClosesTheOldOneWithExactlyOneCloseFrame() throws IOException {
        String token = testbed.server().token("resume-close", "alice");
        try (RawWebSocket old = RawWebSocket.open(testbed.server().url(), token, READ)) {
            List<Frame> joined = old.readUntil(f -> f.opcode() == Frame.BINARY && f.message().hasJoin());
            String sid = joined.get(joined.size() - 1).message().getJoin().getParticipant().getSid();
            old.readUntil(f -> f.opcode() == Frame.BINARY && f.message().hasOffer());

            testbed.connect(token, ConnectOptions.defaults().withResume(sid, ConnectOptions.SIGNAL_DISCONNECTED))
                    .await(MessageCase.RECONNECT);

            List<Frame> rest = old.readToEnd();
            assertThat(rest.stream().filter(Frame::isClose)).as("%s", rest).hasSize(1);
            assertThat(rest.get(rest.size() - 1).isClose()).as("%s", rest).isTrue();
        }
    }

    /** Joins over a raw socket and reads up to the first subscriber offer (the end of the join sequence). */
    private static RawWebSocket join(String room, String identity) throws IOException {
        RawWebSocket socket = RawWebSocket.open(testbed.server().url(), testbed.server().token(room, identity), READ);
        socket.readUntil(f -> f.opcode() == Frame.BINARY && f.message().hasOffer());
        return socket;
    }
}
