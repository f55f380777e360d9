package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.LeaveRequest.Action;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.Closed;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code leave} and {@code close_signal} (FAULTS.md F1 variant, F5, F6, F11), as the client sees them: the
 * LeaveRequest itself, whether and how the socket closes, and what the server still knows of the participant
 * afterwards (a resume is served only while it does).
 */
class FaultLeaveTest {

    private static final Duration CLOSE_DELAY = Duration.ofMillis(400);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions().withLeaveCloseDelay(CLOSE_DELAY));

    static Stream<Arguments> leaves() {
        List<Arguments> out = new ArrayList<>();
        for (Driver driver : Driver.values()) {
            for (Action action : List.of(Action.DISCONNECT, Action.RESUME, Action.RECONNECT)) {
                for (boolean closeSocket : List.of(true, false)) {
                    out.add(Arguments.of(driver, action, closeSocket));
                }
            }
        }
        return out.stream();
    }

    private static DisconnectReason reasonFor(Action action) {
        return switch (action) {
            case DISCONNECT -> DisconnectReason.ROOM_DELETED;
            case RESUME -> DisconnectReason.CONNECTION_TIMEOUT;
            default -> DisconnectReason.STATE_MISMATCH;
        };
    }

    @ParameterizedTest(name = "{0}: {1}, close_socket={2}")
    @MethodSource("leaves")
    void leaveSendsTheLeaveNowAndClosesTheSocketLeaveCloseDelayLaterOnlyIfAsked(Driver driver, Action action,
                                                                              boolean closeSocket) {
        String room = "leave-" + driver + "-" + action + "-" + closeSocket;
        ProtocolClient alice = testbed.join(room, "alice");
        long applied = System.nanoTime();

        testbed.fault(driver, room, "alice", new Fault.Leave(action, reasonFor(action), closeSocket));

        SignalResponse leave = alice.await(MessageCase.LEAVE);
        assertThat(leave.getLeave().getAction()).isEqualTo(action);
        assertThat(leave.getLeave().getReason()).isEqualTo(reasonFor(action));
        assertThat(leave.getLeave().getCanReconnect()).isEqualTo(action != Action.DISCONNECT);
        if (closeSocket) {
            Closed closed = alice.awaitClosed();
            assertThat(closed.closeFrame()).as("a clean close with a close frame").isTrue();
            assertThat(Duration.ofNanos(closed.atNanos() - applied)).as("closed leaveCloseDelay after the leave")
                    .isGreaterThanOrEqualTo(CLOSE_DELAY);
        } else {
            alice.expectOpenFor(CLOSE_DELAY.multipliedBy(3));
        }
        // RESUME keeps the participant for a resume; DISCONNECT and RECONNECT mean the server no longer has it.
        ProtocolClient resumed = testbed.resume(alice);
        SignalResponse first = resumed.awaitFrame("first message", Inbound::decoded, ProtocolClient.WAIT).message();
        if (action == Action.RESUME) {
            assertThat(first.hasReconnect()).as("resume served: %s", resumed.summary()).isTrue();
        } else {
            assertThat(first.getLeave().getAction()).as("resume refused: %s", resumed.summary())
                    .isEqualTo(Action.RECONNECT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void leaveWithALegacyCanReconnectCarriesNoActionOnlyTheFlag(Driver driver) {
        ProtocolClient alice = testbed.join("legacy-" + driver, "alice");
        ProtocolClient bob = testbed.join("legacy-" + driver, "bob");

        testbed.fault(driver, "legacy-" + driver, "alice",
                new Fault.Leave(Action.DISCONNECT, DisconnectReason.UNKNOWN_REASON, true, true));
        testbed.fault(driver, "legacy-" + driver, "bob",
                new Fault.Leave(Action.DISCONNECT, DisconnectReason.SERVER_SHUTDOWN, true, false));

        LeaveRequest toAlice = alice.await(MessageCase.LEAVE).getLeave();
        LeaveRequest toBob = bob.await(MessageCase.LEAVE).getLeave();
        assertThat(toAlice.getCanReconnect()).isTrue();
        // DISCONNECT is 0, which proto3 leaves off the wire: a pre-13 client sees no action at all.
        assertThat(toAlice.getAction()).isEqualTo(Action.DISCONNECT);
        assertThat(toBob.getCanReconnect()).isFalse();
        assertThat(toBob.getReason()).isEqualTo(DisconnectReason.SERVER_SHUTDOWN);
        assertThat(alice.awaitClosed().closeFrame()).isTrue();
        assertThat(bob.awaitClosed().closeFrame()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void closeSignalCleanSendsACloseFrameAndKeepsTheParticipantForAResume(Driver driver) {
        ProtocolClient alice = testbed.join("clean-" + driver, "alice");

        testbed.fault(driver, "clean-" + driver, "alice", new Fault.CloseSignal(false));

        Closed closed = alice.awaitClosed();
        assertThat(closed.closeFrame()).isTrue();
        assertThat(closed.code()).isEqualTo(1000);
        assertThat(alice.messages()).noneMatch(SignalResponse::hasLeave);
        assertThat(testbed.resume(alice).await(MessageCase.RECONNECT)).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void closeSignalAbruptDropsTheConnectionWithoutACloseFrame(Driver driver) {
        ProtocolClient alice = testbed.join("abrupt-" + driver, "alice");

        testbed.fault(driver, "abrupt-" + driver, "alice", new Fault.CloseSignal(true));

        Closed closed = alice.awaitClosed();
        assertThat(closed.closeFrame()).as("no close frame: %s", closed).isFalse();
        assertThat(alice.messages()).noneMatch(SignalResponse::hasLeave);
        assertThat(testbed.resume(alice).await(MessageCase.RECONNECT)).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void aFaultForAParticipantNotInTheRoomIsRefusedWith404(Driver driver) {
        ProtocolClient alice = testbed.join("absent-" + driver, "alice");

        int status = driver.apply(testbed.server(), "absent-" + driver, "nobody",
                new Fault.Leave(Action.DISCONNECT, DisconnectReason.ROOM_DELETED, true));

        assertThat(status).isEqualTo(404);
        alice.send(Requests.pingReq(1));
        alice.await(MessageCase.PONG_RESP);
        assertThat(alice.messages()).noneMatch(SignalResponse::hasLeave);
    }
}
