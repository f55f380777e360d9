package io.rtcreactor.engine;

/** A session's connection state, with LiveKit's names. */
public enum ConnectionState {
    /** Joining for the first time. */
    CONNECTING,
    /** Joined; signal and transports in use are up. */
    CONNECTED,
    /** Recovering by resuming the same session: new signal connection, ICE restart, same participant. */
    RESUMING,
    /** Recovering by joining again as a new participant: new connections, tracks republished. */
    RECONNECTING,
    /** Ended; see the {@code Disconnected} event for why. */
    DISCONNECTED
}
