package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCIceConnectionState;

/**
 * The ICE part of a peer connection's state (the W3C {@code iceConnectionState}), as libwebrtc reports it. After an
 * ICE restart the controlling side passes from COMPLETED to CONNECTED while it checks the new generation and back
 * to COMPLETED once it has nominated a pair on it; the controlled side reports nothing then.
 */
public enum IceState {
    /** Nothing checked yet. */
    NEW,
    /** Checking candidate pairs; none usable yet. */
    CHECKING,
    /** A usable pair exists; checking may go on. */
    CONNECTED,
    /** Checking is done: one pair per network in use. */
    COMPLETED,
    /** No usable pair left. */
    FAILED,
    /** A usable pair stopped answering; may come back. */
    DISCONNECTED,
    /** Closed by us. */
    CLOSED;

    static IceState of(RTCIceConnectionState state) {
        return switch (state) {
            case NEW -> NEW;
            case CHECKING -> CHECKING;
            case CONNECTED -> CONNECTED;
            case COMPLETED -> COMPLETED;
            case FAILED -> FAILED;
            case DISCONNECTED -> DISCONNECTED;
            case CLOSED -> CLOSED;
        };
    }
}
