package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** FAULTS.md F11 (Leave in steady state), F7 (Leave instead of ReconnectResponse) and F17 (resume refused). */
class LeaveTest {

    private Scenario scenario;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        scenario = Scenario.start();
    }

    @AfterEach
    void tearDown() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = io.rtcreactor.engine.proto.DisconnectReason.class,
            names = {"ROOM_DELETED", "PARTICIPANT_REMOVED", "DUPLICATE_IDENTITY", "SERVER_SHUTDOWN"})
    void f11DisconnectEndsTheSessionWithTheServersReasonAndNoRetry(io.rtcreactor.engine.proto.DisconnectReason reason) {
        scenario.fault(new Fault.Leave(LeaveRequest.Action.DISCONNECT, reason, true));

        RoomEvent.Disconnected disconnected = scenario.disconnected();
        assertThat(disconnected.reason()).isEqualTo(DisconnectReason.fromProto(reason));
        assertThat(scenario.agent.room.state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
        assertThat(scenario.record("agent").joins()).isEqualTo(1);
    }

    @Test
    void f11ReconnectRejoinsFullyAndRecovers() {
        scenario.established();
        scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT,
                io.rtcreactor.engine.proto.DisconnectReason.STATE_MISMATCH, true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).hasSize(1);
        assertThat(scenario.record("agent").fullReconnects()).isEqualTo(1);
        assertThat(scenario.agent.events(RoomEvent.LocalTrackPublished.class)).hasSize(2);
        scenario.recovered();
    }

    @Test
    void f11LegacyCanReconnectWithoutActionReconnectsFully() {
        scenario.established();
        scenario.fault(new Fault.Leave(LeaveRequest.Action.DISCONNECT,
                io.rtcreactor.engine.proto.DisconnectReason.UNKNOWN_REASON, true, true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        scenario.recovered();
    }

    @Test
    void f11ResumeInSteadyStateResumes() {
        scenario.established();
        scenario.fault(new Fault.Leave(LeaveRequest.Action.RESUME,
                io.rtcreactor.engine.proto.DisconnectReason.CONNECTION_TIMEOUT, true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        scenario.recovered();
    }

    @Test
    void f1MigrationWithTheSocketLeftOpenResumesToo() {
        scenario.established();
        scenario.fault(new Fault.Leave(LeaveRequest.Action.RESUME,
                io.rtcreactor.engine.proto.DisconnectReason.MIGRATION, false));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        assertThat(scenario.record("agent").resumes()).isEqualTo(1);
        scenario.recovered();
    }

    @Test
    void f7DisconnectInsteadOfReconnectResponseStopsAtOnce() {
        scenario.established();
        scenario.fault(new Fault.LeaveInsteadOfReconnect(LeaveRequest.Action.DISCONNECT));
        scenario.fault(new Fault.CloseSignal(true));

        scenario.disconnected();
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
        assertThat(scenario.record("agent").joins()).isEqualTo(1);
    }

    @Test
    void f7ReconnectInsteadOfReconnectResponseRejoinsFullyAtOnce() {
        scenario.established();
        scenario.fault(new Fault.LeaveInsteadOfReconnect(LeaveRequest.Action.RECONNECT));
        scenario.fault(new Fault.CloseSignal(true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).hasSize(1);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).hasSize(1);
        scenario.recovered();
    }

    @Test
    void f7ResumeInsteadOfReconnectResponseFailsThatAttemptAndTheNextOneResumes() {
        scenario.established();
        String sid = scenario.agent.room.localParticipant().sid();
        scenario.fault(new Fault.LeaveInsteadOfReconnect(LeaveRequest.Action.RESUME));
        scenario.fault(new Fault.CloseSignal(true));

        // The server asks for a resume: that attempt is over, and the next one is a resume again, made at once.
        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
        assertThat(scenario.record("agent").resumes()).isEqualTo(1);
        assertThat(scenario.record("agent").fullReconnects()).isZero();
        assertThat(scenario.agent.room.localParticipant().sid()).isEqualTo(sid);
        scenario.recovered();
    }

    @Test
    void f7MessagesBeforeTheReconnectResponseAreNotLost() {
        scenario.established();
        scenario.fault(new Fault.MessagesBeforeReconnectResponse());
        scenario.fault(new Fault.CloseSignal(true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        assertThat(scenario.agent.events(RoomEvent.InputRejected.class)).isEmpty();
        assertThat(scenario.agent.room.remoteParticipants()).containsKey("peer");
        scenario.recovered();
    }

    @Test
    void f17ARefusedResumeBecomesAFullReconnectAtOnce() {
        scenario.established();
        scenario.fault(new Fault.RefuseResume());
        scenario.fault(new Fault.CloseSignal(true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        assertThat(scenario.record("agent").fullReconnects()).isEqualTo(1);
        scenario.recovered();
    }
}
