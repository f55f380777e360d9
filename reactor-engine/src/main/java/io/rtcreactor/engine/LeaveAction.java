package io.rtcreactor.engine;

import io.rtcreactor.engine.proto.LeaveRequest;

/**
 * What a server's Leave asks for. Protocol: "{@code DISCONNECT=0} (end the session), {@code RESUME=1} (reconnect
 * with reconnect=1), {@code RECONNECT=2} (full rejoin)".
 */
public enum LeaveAction {
    DISCONNECT,
    RESUME,
    RECONNECT;

    /**
     * Reads a LeaveRequest. A server older than protocol 13 sends no action, which reads as DISCONNECT (0), with
     * the legacy {@code can_reconnect}; LiveKit's newer servers never combine DISCONNECT with can_reconnect.
     * Documented choice: that combination is a legacy Leave and means a full reconnect, as LiveKit's JS client
     * treats {@code canReconnect}.
     */
    public static LeaveAction of(LeaveRequest leave) {
        return switch (leave.getAction()) {
            case RESUME -> RESUME;
            case RECONNECT -> RECONNECT;
            default -> leave.getCanReconnect() ? RECONNECT : DISCONNECT;
        };
    }
}
