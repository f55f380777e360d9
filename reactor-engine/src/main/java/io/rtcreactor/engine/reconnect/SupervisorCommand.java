package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import java.time.Duration;

/** What the supervisor asks the session to do; the session runs them in order, each with its own deadline. */
public sealed interface SupervisorCommand {

    /** Named deadlines of an attempt. */
    enum Deadline {
        /** From the upgrade to the JoinResponse / ReconnectResponse. */
        RESPONSE,
        /** From the response to recovered (answers applied, transports connected, tracks republished). */
        RECOVERY
    }

    /** Open a signal connection with this epoch: a fresh join (FULL) or {@code reconnect=1} (RESUME). */
    record OpenSignal(int epoch, Mode mode) implements SupervisorCommand {
    }

    /** Close a connection the engine no longer uses; its closing is not a failure. */
    record RetireSignal(int epoch) implements SupervisorCommand {
    }

    /** Send {@code leave{DISCONNECT, CLIENT_INITIATED}} on a connection if it is open, then retire it. */
    record LeaveAndRetire(int epoch) implements SupervisorCommand {
    }

    /** Close both transports and every native object behind them (before a full reconnect). */
    record ResetPeers() implements SupervisorCommand {
    }

    /** After a ReconnectResponse: apply ICE servers, send SyncState, then restart ICE on the publisher. */
    record Resync() implements SupervisorCommand {
    }

    /** After a JoinResponse: build transports and participants from it and publish every track. */
    record Rejoin() implements SupervisorCommand {
    }

    /** Report {@code StepFailed} for {@code epoch} unless the attempt moved on within {@code after}. */
    record ArmDeadline(Deadline deadline, int epoch, Duration after) implements SupervisorCommand {
    }

    /** Report {@code RetryDue(attempt)} after {@code delay}. */
    record ScheduleRetry(int attempt, Duration delay) implements SupervisorCommand {
    }

    /** Report {@code EpisodeExpired(episode)} after {@code after}. */
    record ArmEpisodeDeadline(int episode, Duration after) implements SupervisorCommand {
    }

    /** Publish a new connection state. */
    record EnterState(ConnectionState state) implements SupervisorCommand {
    }

    /** A recovery episode began ({@code Resuming} or {@code Reconnecting}). */
    record EpisodeStarted(Mode mode, Throwable cause) implements SupervisorCommand {
    }

    /** The episode escalated from resume to full reconnect. */
    record Escalated(Throwable cause) implements SupervisorCommand {
    }

    /** Recovered: flush what waited during the gap, then announce {@code Reconnected(mode, took)}. */
    record Recovered(Mode mode, Duration took) implements SupervisorCommand {
    }

    /** The first join completed: {@code Room.connect} succeeds. */
    record Connected() implements SupervisorCommand {
    }

    /** The first join failed for good: {@code Room.connect} fails with {@code error}. */
    record ConnectFailedFinally(Throwable error) implements SupervisorCommand {
    }

    /** End the session: release everything, announce {@code Disconnected(reason, cause)}. */
    record Finish(DisconnectReason reason, Throwable cause) implements SupervisorCommand {
    }
}
