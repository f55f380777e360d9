package io.rtcreactor.engine.internal.supervisor;

/** Where the supervisor is. */
public enum Phase {
    /** The first join is under way. */
    CONNECTING,
    /** Joined and healthy. */
    CONNECTED,
    /** A resume attempt is under way. */
    RESUMING,
    /** A full-reconnect attempt is under way. */
    RECONNECTING,
    /** Waiting for the policy's delay before the next attempt. */
    BACKOFF,
    /** Ended. Terminal. */
    DISCONNECTED
}
