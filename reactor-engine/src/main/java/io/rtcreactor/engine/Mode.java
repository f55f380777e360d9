package io.rtcreactor.engine;

/** How an attempt recovers a session. */
public enum Mode {
    /** Same participant: {@code reconnect=1}, SyncState, ICE restart of both transports. */
    RESUME,
    /** A fresh join: new transports, remote participants rebuilt, every track republished. */
    FULL
}
