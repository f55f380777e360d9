package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import java.time.Duration;

/**
 * What the supervisor asks for, in order. {@link ArmTimer} and {@link CancelTimer} are run by the
 * {@link SupervisorRunner} itself; every other command is an effect the session carries out.
 */
public sealed interface SupervisorCommand {

    /** The named deadlines of an attempt. */
    enum Deadline {
        /** From the upgrade to the JoinResponse / ReconnectResponse. */
        RESPONSE,
        /** From the response to recovered (answers applied, transports connected, tracks republished). */
        RECOVERY
    }

    /** Every timer the supervisor keeps; arming one replaces what that timer was set to before. */
    enum Timer {
        RESPONSE,
        RECOVERY,
        RETRY,
        EPISODE,
        PUBLISHER_GRACE,
        SUBSCRIBER_GRACE;

        static Timer of(Deadline deadline) {
            return deadline == Deadline.RESPONSE ? RESPONSE : RECOVERY;
        }

        static Timer grace(SignalTarget target) {
            return target == SignalTarget.PUBLISHER ? PUBLISHER_GRACE : SUBSCRIBER_GRACE;
        }
    }

    /** Feed {@code fire} back to the supervisor after {@code after}, unless the timer is armed again or cancelled. */
    record ArmTimer(Timer timer, Duration after, SupervisorInput fire) implements SupervisorCommand {
    }

    /** Forget a timer. */
    record CancelTimer(Timer timer) implements SupervisorCommand {
    }

    /** Open signal connection {@code epoch}: a fresh join (FULL) or {@code reconnect=1} with {@code reason}. */
    record OpenSignal(int epoch, Mode mode, ReconnectReason reason) implements SupervisorCommand {
    }

    /** Close a connection the session no longer uses; its closing is not a failure. */
    record RetireSignal(int epoch) implements SupervisorCommand {
    }

    /** Send {@code leave{DISCONNECT, CLIENT_INITIATED}} on a connection if it is open, then retire it. */
    record LeaveAndRetire(int epoch) implements SupervisorCommand {
    }

    /** Close both transports and everything behind them; the next ones are generation {@code generation}. */
    record ResetPeers(int generation) implements SupervisorCommand {
    }

    /** After a JoinResponse: take identity and settings from it, build transports of {@code generation}, republish. */
    record Rejoin(int epoch, int generation, JoinResponse join) implements SupervisorCommand {
    }

    /** After a ReconnectResponse: apply it, send SyncState, then restart ICE on the publisher. */
    record Resync(int epoch, ReconnectResponse response) implements SupervisorCommand {
    }

    /** Find out, from the transport's own events and stats, when it is connected on the credentials {@code ufrag}. */
    record AwaitPath(int generation, SignalTarget target, String ufrag) implements SupervisorCommand {
    }

    /** No path is awaited any more (the attempt ended). */
    record StopAwaitingPaths() implements SupervisorCommand {
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

    /** The server asked for another resume while one was under way: it is made at once, still a resume. */
    record ResumedAgain(int attempt, Throwable cause) implements SupervisorCommand {
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
