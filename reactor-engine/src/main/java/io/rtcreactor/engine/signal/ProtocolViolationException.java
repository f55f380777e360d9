package io.rtcreactor.engine.signal;

import io.rtcreactor.engine.RtcReactorException;

/** The server sent something the protocol does not allow (a JoinResponse without participant, …). */
public final class ProtocolViolationException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public ProtocolViolationException(String message) {
        super(message);
    }

    /** Another attempt may meet a better-behaved server (or node). */
    @Override
    public boolean retryable() {
        return true;
    }
}
