package io.rtcreactor.engine.internal.signal;

/**
 * How a signal connection ended.
 *
 * @param code   the WebSocket close code, or -1 if the connection dropped without a close frame
 * @param reason the close reason text, or the transport error
 * @param byUs   true when this side closed it (a disconnect, or a connection the engine replaced)
 */
public record SignalClosed(int code, String reason, boolean byUs) {

    /** The connection dropped without a close frame. */
    public boolean abrupt() {
        return code < 0;
    }
}
