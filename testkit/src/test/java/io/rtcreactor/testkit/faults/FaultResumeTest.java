package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.LeaveRequest.Action;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.client.Closed;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults that shape how the server answers a resume ({@code reconnect=1}) or a full rejoin: {@code refuse_resume}
 * (F17), {@code leave_instead_of_reconnect} and {@code messages_before_reconnect_response} (F7), and
 * {@code stale_socket} (F12), each seen on the client's sockets.
 */
class FaultResumeTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void refuseResumeAnswersTheNextResumeWithLeaveReconnectStateMismatchAsTheFirstAndOnlyMessage(Driver driver) {
        String room = "refuse-resume-" + driver;
        ProtocolClient alice = testbed.join(room, "alice");
        testbed.fault(driver, room, "alice", new Fault.RefuseResume());

        ProtocolClient resumed = testbed.resume(alice);

        Closed closed = resumed.awaitClosed();
        assertThat(resumed.received()).as(resumed.summary()).hasSize(1);
        LeaveRequest leave = resumed.received().get(0).message().getLeave();
        assertThat(leave.getAction()).isEqualTo(Action.RECONNECT);
        assertThat(leave.getReason()).isEqualTo(DisconnectReason.STATE_MISMATCH);
        assertThat(closed.closeFrame()).isTrue();
        // The refused participant is gone; a full rejoin is a fresh join.
        ProtocolClient rejoined = testbed.rejoin(resumed);
        assertThat(rejoined.await(MessageCase.JOIN).getJoin().getParticipant().getSid()).isNotEqualTo(alice.sid());
    }

    static Stream<Arguments> actions() {
        List<Arguments> out = new ArrayList<>();
        for (Driver driver : Driver.values()) {
            for (Action action : List.of(Action.DISCONNECT, Action.RESUME, Action.RECONNECT)) {
                out.add(Arguments.of(driver, action));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("actions")
    void leaveInsteadOfReconnectAnswersTheNextResumeWithALeaveOfThatAction(Driver driver, Action action) {
        String room = "instead-" + driver + "-" + action;
        ProtocolClient alice = testbed.join(room, "alice");
        testbed.fault(driver, room, "alice", new Fault.LeaveInsteadOfReconnect(action));

        ProtocolClient resumed = testbed.resume(alice);

        assertThat(resumed.awaitClosed().closeFrame()).isTrue();
        assertThat(resumed.received()).as(resumed.summary()).hasSize(1);
        assertThat(resumed.received().get(0).message().getLeave().getAction()).isEqualTo(action);
        // Only a RESUME leaves the participant in place for another resume.
        ProtocolClient again = testbed.resume(resumed);
        SignalResponse first = again.awaitFrame("first message", Inbound::decoded, ProtocolClient.WAIT).message();
        if (action == Action.RESUME) {
            assertThat(first.hasReconnect()).as(again.summary()).isTrue();
        } else {
            assertThat(first.getLeave().getAction()).as(again.summary()).isEqualTo(Action.RECONNECT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void messagesBeforeReconnectResponseSendsAnUpdateAndATrickleAheadOfTheReconnectResponse(Driver driver) {
        NetworkNamespace.requireIsolated(); // the trickle is a candidate the server's subscriber PC gathered
        String room = "before-" + driver;
        ProtocolClient alice = testbed.join(room, "alice");
        testbed.join(room, "bob");
        alice.await(MessageCase.TRICKLE);
        testbed.fault(driver, room, "alice", new Fault.MessagesBeforeReconnectResponse());

        ProtocolClient resumed = testbed.resume(alice);

        List<Inbound> first = resumed.awaitFrames("messages", Inbound::decoded, 3);
        assertThat(first).extracting(e -> e.message().getMessageCase())
                .containsExactly(MessageCase.UPDATE, MessageCase.TRICKLE, MessageCase.RECONNECT);
        assertThat(first.get(0).message().getUpdate().getParticipantsList()).extracting(ParticipantInfo::getIdentity)
                .contains("bob");
        assertThat(first.get(1).message().getTrickle().getTarget()).isEqualTo(SignalTarget.SUBSCRIBER);
        // Only the next resume: a later one starts with the ReconnectResponse again.
        ProtocolClient later = testbed.resume(resumed);
        assertThat(later.awaitFrame("first message", Inbound::decoded, ProtocolClient.WAIT).is(MessageCase.RECONNECT))
                .as(later.summary()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void staleSocketFollowsALeaveThatLetsTheParticipantGoWithAnAnswerAnOfferAndACandidate(Driver driver) {
        String room = "stale-leave-" + driver;
        ProtocolClient old = testbed.join(room, "alice");
        testbed.fault(driver, room, "alice", new Fault.StaleSocket());
        testbed.fault(driver, room, "alice", new Fault.Leave(Action.RECONNECT, DisconnectReason.STATE_MISMATCH, false));

        SignalResponse leave = old.await(MessageCase.LEAVE);
        assertThat(leave.getLeave().getAction()).isEqualTo(Action.RECONNECT);
        old.await("the stale offer", m -> m.hasOffer() && m.getOffer().getId() == 99);
        old.await("a trickle behind it", m -> m.hasTrickle() && old.messages().stream().dropWhile(x -> !x.hasLeave())
                .anyMatch(SignalResponse::hasTrickle));
        List<MessageCase> behind = old.messages().stream().dropWhile(m -> !m.hasLeave()).skip(1)
                .map(SignalResponse::getMessageCase).toList();
        assertThat(behind).as(old.summary()).containsSubsequence(MessageCase.ANSWER, MessageCase.OFFER,
                MessageCase.TRICKLE);
        // The fault is used up: a rejoin now finds nothing to make stale.
        ProtocolClient fresh = testbed.rejoin(old);
        assertThat(fresh.await(MessageCase.JOIN).getJoin().getParticipant().getSid()).isNotEqualTo(old.sid());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void staleSocketSendsAnAnswerAnOfferAndACandidateOnTheOldSocketAfterAFullRejoin(Driver driver) {
        String room = "stale-" + driver;
        ProtocolClient old = testbed.join(room, "alice");
        testbed.fault(driver, room, "alice", new Fault.StaleSocket());

        ProtocolClient fresh = testbed.rejoin(old);

        SignalResponse answer = old.await(MessageCase.ANSWER);
        SignalResponse offer = old.await("a second offer", m -> m.hasOffer() && m.getOffer().getId() != 1);
        List<SignalResponse> trickles = old.awaitCount(MessageCase.TRICKLE, 1);
        assertThat(answer.getAnswer().getId()).isPositive();
        assertThat(offer.getOffer().getId()).isPositive();
        assertThat(trickles).isNotEmpty();
        assertThat(old.messages()).as("no duplicate-identity leave on the stale socket").noneMatch(SignalResponse::hasLeave);
        assertThat(old.awaitClosed().closeFrame()).isTrue();
        assertThat(fresh.await(MessageCase.JOIN).getJoin().getParticipant().getSid()).isNotEqualTo(old.sid());
        assertThat(fresh.messages()).noneMatch(SignalResponse::hasAnswer);
    }
}
