package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Deadline;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ConnectFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.CredentialsSet;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DeadlineMissed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.DisconnectRequested;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.EpisodeExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.GraceExpired;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.NegotiationFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathConnected;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RetryDue;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalLost;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.Start;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.StepFailed;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SubscriberAnswered;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportStateChanged;
import io.rtcreactor.engine.rtc.PeerState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static io.rtcreactor.engine.proto.SignalTarget.PUBLISHER;
import static io.rtcreactor.engine.proto.SignalTarget.SUBSCRIBER;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.BUSY;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.JOIN;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.LOST;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.REJECTED;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.RESUMED;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.connected;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.effects;
import static io.rtcreactor.engine.internal.supervisor.SupervisorTest.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every phase against every input: a generated matrix of (state, input) cells, each with the phase it leads to and
 * the effects it issues, in order (timers and path-watch bookkeeping aside: {@link SupervisorTest} and
 * {@link SupervisorTimingTest} check those). A cell reads {@code -} when the input must change nothing at all (no
 * command, same state), or {@code PHASE Effect Effect…}. The inputs refer to the state they meet: {@code C} is its
 * current connection (the attempt's, else the live one, else the last one it had), {@code G} its transports'
 * generation, {@code N} its attempt, {@code E} its episode. A second matrix feeds every state stale inputs.
 */
class SupervisorMatrixTest {

    /** The states of the matrix, one per phase and mode that behaves differently. */
    private static final Map<String, SupervisorState> STATES = new LinkedHashMap<>();

    static {
        SupervisorState initial = SupervisorState.initial();
        STATES.put("connecting", run(initial, new Start()).state());
        STATES.put("joining", run(initial, new Start(), new SignalOpened(1), new JoinAccepted(1, JOIN),
                new TransportOpened(1, SUBSCRIBER), new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED))
                .state());
        STATES.put("connected", connected());
        STATES.put("resuming", run(connected(), new SignalLost(1, LOST)).state());
        STATES.put("resumeAccepted", run(connected(), new SignalLost(1, LOST), new SignalOpened(2),
                new ResumeAccepted(2, RESUMED)).state());
        STATES.put("reconnecting", run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                DisconnectReason.STATE_MISMATCH)).state());
        STATES.put("backoffResume", run(connected(), new SignalLost(1, LOST), new ConnectFailed(2, BUSY)).state());
        STATES.put("backoffFull", run(connected(), new LeaveReceived(1, LeaveAction.RECONNECT,
                DisconnectReason.STATE_MISMATCH), new ConnectFailed(2, BUSY)).state());
        STATES.put("disconnected", run(connected(), new DisconnectRequested()).state());
    }

    private static int current(SupervisorState s) {
        return s.attemptEpoch() != 0 ? s.attemptEpoch() : s.liveEpoch() != 0 ? s.liveEpoch() : s.lastEpoch();
    }

    private static final Map<String, Function<SupervisorState, SupervisorInput>> INPUTS = new LinkedHashMap<>();

    static {
        INPUTS.put("Start", s -> new Start());
        INPUTS.put("DisconnectRequested", s -> new DisconnectRequested());
        INPUTS.put("SignalOpened(C)", s -> new SignalOpened(current(s)));
        INPUTS.put("ConnectFailed(C, 503)", s -> new ConnectFailed(current(s), BUSY));
        INPUTS.put("ConnectFailed(C, 401)", s -> new ConnectFailed(current(s), REJECTED));
        INPUTS.put("SignalLost(C)", s -> new SignalLost(current(s), LOST));
        INPUTS.put("JoinAccepted(C)", s -> new JoinAccepted(current(s), JOIN));
        INPUTS.put("ResumeAccepted(C)", s -> new ResumeAccepted(current(s), RESUMED));
        INPUTS.put("Leave(C, DISCONNECT)", s -> new LeaveReceived(current(s), LeaveAction.DISCONNECT,
                DisconnectReason.ROOM_DELETED));
        INPUTS.put("Leave(C, RESUME)", s -> new LeaveReceived(current(s), LeaveAction.RESUME,
                DisconnectReason.MIGRATION));
        INPUTS.put("Leave(C, RECONNECT)", s -> new LeaveReceived(current(s), LeaveAction.RECONNECT,
                DisconnectReason.STATE_MISMATCH));
        INPUTS.put("StepFailed(C)", s -> new StepFailed(current(s), LOST));
        INPUTS.put("DeadlineMissed(RESPONSE, C)", s -> new DeadlineMissed(Deadline.RESPONSE, current(s)));
        INPUTS.put("DeadlineMissed(RECOVERY, C)", s -> new DeadlineMissed(Deadline.RECOVERY, current(s)));
        INPUTS.put("RetryDue(N)", s -> new RetryDue(s.attempt()));
        INPUTS.put("EpisodeExpired(E)", s -> new EpisodeExpired(s.episode()));
        INPUTS.put("SubscriberFailed(G)", s -> new TransportStateChanged(s.generation(), SUBSCRIBER, PeerState.FAILED));
        INPUTS.put("SubscriberDisconnected(G)", s -> new TransportStateChanged(s.generation(), SUBSCRIBER,
                PeerState.DISCONNECTED));
        INPUTS.put("GraceExpired(G, SUB)", s -> new GraceExpired(s.generation(), SUBSCRIBER));
        INPUTS.put("PathSilent(G, SUB)", s -> new SupervisorInput.PathSilent(s.generation(), SUBSCRIBER,
                java.time.Duration.ofSeconds(3), 20));
        INPUTS.put("NegotiationFailed(G, PUB)", s -> new NegotiationFailed(s.generation(), PUBLISHER, LOST));
        INPUTS.put("RepublishCompleted(G)", s -> new RepublishCompleted(s.generation()));
        INPUTS.put("CredentialsSet(G, SUB, new)", s -> new CredentialsSet(s.generation(), SUBSCRIBER, "fresh"));
        INPUTS.put("PathConnected(G, SUB, unset)", s -> new PathConnected(s.generation(), SUBSCRIBER, "unset"));
        INPUTS.put("SubscriberAnswered(G)", s -> new SubscriberAnswered(s.generation(), 1));
    }

    /** Inputs that never belong to the state they meet. */
    private static final Map<String, Function<SupervisorState, SupervisorInput>> STALE = new LinkedHashMap<>();

    static {
        STALE.put("SignalLost(99)", s -> new SignalLost(99, LOST));
        STALE.put("Leave(99, DISCONNECT)", s -> new LeaveReceived(99, LeaveAction.DISCONNECT,
                DisconnectReason.ROOM_DELETED));
        STALE.put("JoinAccepted(99)", s -> new JoinAccepted(99, JOIN));
        STALE.put("ResumeAccepted(99)", s -> new ResumeAccepted(99, RESUMED));
        STALE.put("StepFailed(99)", s -> new StepFailed(99, LOST));
        STALE.put("DeadlineMissed(RESPONSE, 99)", s -> new DeadlineMissed(Deadline.RESPONSE, 99));
        STALE.put("RetryDue(N+7)", s -> new RetryDue(s.attempt() + 7));
        STALE.put("EpisodeExpired(E+7)", s -> new EpisodeExpired(s.episode() + 7));
        STALE.put("SubscriberFailed(G+7)", s -> new TransportStateChanged(s.generation() + 7, SUBSCRIBER,
                PeerState.FAILED));
        STALE.put("GraceExpired(G+7)", s -> new GraceExpired(s.generation() + 7, SUBSCRIBER));
        STALE.put("PathSilent(G+7)", s -> new SupervisorInput.PathSilent(s.generation() + 7, SUBSCRIBER,
                java.time.Duration.ofSeconds(3), 20));
        STALE.put("NegotiationFailed(G+7)", s -> new NegotiationFailed(s.generation() + 7, PUBLISHER, LOST));
        STALE.put("RepublishCompleted(G+7)", s -> new RepublishCompleted(s.generation() + 7));
    }

    /**
     * The expected cells. States in the column order of {@link #STATES}: connecting, joining, connected, resuming,
     * resumeAccepted, reconnecting, backoffResume, backoffFull, disconnected.
     */
    private static final String TABLE = """
            Start
              - | - | - | - | - | - | - | - | -
            DisconnectRequested
              DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | -
            SignalOpened(C)
              CONNECTING | CONNECTING | - | RESUMING | RESUMING | RECONNECTING | - | - | -
            ConnectFailed(C, 503)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers | - | BACKOFF RetireSignal
              | BACKOFF | BACKOFF RetireSignal ResetPeers | - | - | -
            ConnectFailed(C, 401)
              DISCONNECTED ConnectFailedFinally Finish EnterState | DISCONNECTED ConnectFailedFinally Finish EnterState
              | - | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | - | - | -
            SignalLost(C)
              BACKOFF RetireSignal ResetPeers | BACKOFF RetireSignal ResetPeers
              | RESUMING EpisodeStarted EnterState OpenSignal | BACKOFF RetireSignal | BACKOFF RetireSignal
              | BACKOFF RetireSignal ResetPeers | - | - | -
            JoinAccepted(C)
              CONNECTING Rejoin | - | - | - | - | RECONNECTING Rejoin | - | - | -
            ResumeAccepted(C)
              - | - | - | RESUMING Resync | - | - | - | - | -
            Leave(C, DISCONNECT)
              DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | - | - | -
            Leave(C, RESUME)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers
              | RESUMING EpisodeStarted EnterState OpenSignal | RESUMING ResumedAgain RetireSignal OpenSignal
              | RESUMING ResumedAgain OpenSignal | BACKOFF RetireSignal ResetPeers | - | - | -
            Leave(C, RECONNECT)
              CONNECTING RetireSignal ResetPeers OpenSignal | CONNECTING LeaveAndRetire ResetPeers OpenSignal
              | RECONNECTING EpisodeStarted EnterState LeaveAndRetire ResetPeers OpenSignal
              | RECONNECTING Escalated EnterState RetireSignal ResetPeers OpenSignal
              | RECONNECTING Escalated EnterState LeaveAndRetire ResetPeers OpenSignal
              | RECONNECTING RetireSignal ResetPeers OpenSignal | - | - | -
            StepFailed(C)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers
              | RESUMING EpisodeStarted EnterState OpenSignal | BACKOFF Escalated EnterState RetireSignal ResetPeers
              | BACKOFF Escalated EnterState LeaveAndRetire ResetPeers | BACKOFF RetireSignal ResetPeers | - | - | -
            DeadlineMissed(RESPONSE, C)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers | -
              | BACKOFF Escalated EnterState RetireSignal ResetPeers
              | BACKOFF Escalated EnterState LeaveAndRetire ResetPeers | BACKOFF RetireSignal ResetPeers | - | - | -
            DeadlineMissed(RECOVERY, C)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers | -
              | BACKOFF Escalated EnterState RetireSignal ResetPeers
              | BACKOFF Escalated EnterState LeaveAndRetire ResetPeers | BACKOFF RetireSignal ResetPeers | - | - | -
            RetryDue(N)
              - | - | - | - | - | - | RESUMING OpenSignal | RECONNECTING OpenSignal | -
            EpisodeExpired(E)
              DISCONNECTED ConnectFailedFinally Finish EnterState | DISCONNECTED ConnectFailedFinally Finish EnterState
              | - | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState
              | DISCONNECTED Finish EnterState | DISCONNECTED Finish EnterState | -
            SubscriberFailed(G)
              CONNECTING | BACKOFF LeaveAndRetire ResetPeers | RESUMING EpisodeStarted EnterState OpenSignal
              | RESUMING | RESUMING | RECONNECTING | BACKOFF | BACKOFF | -
            SubscriberDisconnected(G)
              CONNECTING | CONNECTING | CONNECTED | RESUMING | RESUMING | RECONNECTING | BACKOFF | BACKOFF | -
            GraceExpired(G, SUB)
              - | - | - | - | - | - | - | - | -
            PathSilent(G, SUB)
              - | - | RESUMING EpisodeStarted EnterState OpenSignal | - | - | - | - | - | -
            NegotiationFailed(G, PUB)
              BACKOFF RetireSignal ResetPeers | BACKOFF LeaveAndRetire ResetPeers
              | RESUMING EpisodeStarted EnterState OpenSignal | BACKOFF Escalated EnterState RetireSignal ResetPeers
              | BACKOFF Escalated EnterState LeaveAndRetire ResetPeers | BACKOFF RetireSignal ResetPeers | - | - | -
            RepublishCompleted(G)
              - | CONNECTED EnterState Connected | - | - | - | - | - | - | -
            CredentialsSet(G, SUB, new)
              CONNECTING | CONNECTING | CONNECTED | RESUMING AwaitPath | RESUMING AwaitPath | RECONNECTING
              | BACKOFF | BACKOFF | -
            PathConnected(G, SUB, unset)
              - | - | - | - | - | - | - | - | -
            SubscriberAnswered(G)
              CONNECTING | CONNECTING | - | RESUMING | RESUMING | RECONNECTING | - | - | -
            """;

    /** Input name → the cells of its row, in state order. */
    private static Map<String, List<String>> expected() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        String input = null;
        StringBuilder cells = new StringBuilder();
        for (String line : (TABLE + "END\n").split("\n")) {
            if (!line.startsWith(" ")) {
                if (input != null) {
                    rows.put(input, Arrays.stream(cells.toString().split("\\|")).map(String::strip).toList());
                }
                input = line.strip();
                cells.setLength(0);
            } else {
                cells.append(' ').append(line.strip());
            }
        }
        return rows;
    }

    @Test
    void theTableHasACellForEveryStateAndEveryInput() {
        Map<String, List<String>> rows = expected();
        assertThat(rows.keySet()).containsExactlyElementsOf(INPUTS.keySet());
        rows.forEach((input, cells) -> assertThat(cells).as(input).hasSize(STATES.size()));
        assertThat(STATES.values()).extracting(SupervisorState::phase).contains(Phase.values());
    }

    @TestFactory
    Stream<DynamicTest> everyPhaseAgainstEveryInput() {
        Map<String, List<String>> rows = expected();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> states = List.copyOf(STATES.keySet());
        INPUTS.forEach((input, make) -> {
            for (int i = 0; i < states.size(); i++) {
                String stateName = states.get(i);
                String cell = rows.get(input).get(i);
                tests.add(DynamicTest.dynamicTest(stateName + " × " + input + " → " + cell,
                        () -> check(STATES.get(stateName), make.apply(STATES.get(stateName)), cell)));
            }
        });
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> staleInputsChangeNothingInAnyPhase() {
        List<DynamicTest> tests = new ArrayList<>();
        STATES.forEach((stateName, state) -> STALE.forEach((input, make) -> tests.add(DynamicTest.dynamicTest(
                stateName + " × " + input, () -> check(state, make.apply(state), "-")))));
        return tests.stream();
    }

    private static void check(SupervisorState state, SupervisorInput input, String cell) {
        Supervisor.Step step = run(state, input);
        if (cell.equals("-")) {
            assertThat(step.commands()).as("no command").isEmpty();
            assertThat(step.state()).as("same state").isEqualTo(state);
            return;
        }
        String[] words = cell.split("\\s+");
        assertThat(step.state().phase()).as("phase").isEqualTo(Phase.valueOf(words[0]));
        assertThat(effects(step)).extracting(c -> c.getClass().getSimpleName()).as("effects, in order")
                .containsExactly(Arrays.copyOfRange(words, 1, words.length));
    }
}
