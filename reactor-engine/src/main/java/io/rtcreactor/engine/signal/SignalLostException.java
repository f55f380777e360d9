package io.rtcreactor.engine.signal;

import io.rtcreactor.engine.RtcReactorException;

/**
 * The signal connection ended without this side closing it: closed, dropped, or silent past the ping timeout. The
 * difference matters to the reconnect rules: a connection that closes says nothing about the session, a server
 * that stops talking is not serving it ({@link #silent()}).
 */
public final class SignalLostException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final boolean silent;

    /** A connection that closed or dropped. */
    public SignalLostException(String message) {
        this(message, false);
    }

    /** @param silent true if the server stopped sending anything while the connection stayed open */
    public SignalLostException(String message, boolean silent) {
        super(message);
        this.silent = silent;
    }

    /** True if the connection was given up because the server fell silent past the ping timeout. */
    public boolean silent() {
        return silent;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
