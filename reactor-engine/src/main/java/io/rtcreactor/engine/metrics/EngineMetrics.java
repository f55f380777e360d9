package io.rtcreactor.engine.metrics;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Mode;
import java.time.Duration;

/**
 * What the engine reports as it runs, one call per fact; {@link #NONE} by default. Implementations must be cheap
 * and must not block: they are called on the session's lane. One instance may serve many rooms (share it to count
 * sessions across them). {@link MicrometerMetrics} is the implementation for Micrometer.
 */
public interface EngineMetrics {

    /** Records nothing. */
    EngineMetrics NONE = new EngineMetrics() {
    };

    /** A session moved from {@code from} (null: it is new) to {@code to}. */
    default void sessionState(ConnectionState from, ConnectionState to) {
    }

    /**
     * A reconnect episode ended: how it went ({@code recovered}, {@code disconnected}), in which mode it ended, what
     * started it (an exception's simple class name), and how long it took.
     */
    default void episode(Mode mode, String cause, String outcome, Duration took) {
    }

    /** A signal message of {@code type} (LiveKit's message case, e.g. {@code offer}) arrived or left. */
    default void signal(boolean inbound, String type) {
    }

    /** Reliable data was lost: ours ({@code local}) or another participant's, {@code packets} of them. */
    default void dataGap(boolean local, long packets) {
    }

    /** An RPC ended: served by us or called by us, and its outcome ({@code ok} or LiveKit's error code). */
    default void rpc(boolean served, String outcome) {
    }

    /**
     * A signal message waited {@code waited} between arriving from the network and being handled on the session's
     * lane: the control lane's latency, which slow SDP work must never stretch (DESIGN.md's pipeline).
     */
    default void laneLatency(Duration waited) {
    }

    /** A subscriber of a remote track's frames fell behind and lost one frame (10 ms of audio). */
    default void audioFrameDropped() {
    }

    /**
     * A subscriber of {@code events()} or {@code dataReceived()} fell behind and lost its oldest event or packet
     * (beyond {@code eventBuffer}); the session itself never waits for it.
     */
    default void eventDropped() {
    }
}
