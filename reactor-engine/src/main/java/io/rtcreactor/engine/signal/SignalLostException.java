package io.rtcreactor.engine.signal;

import io.rtcreactor.engine.RtcReactorException;

/** The signal connection ended without this side closing it: closed, dropped, or silent past the ping timeout. */
public final class SignalLostException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public SignalLostException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
