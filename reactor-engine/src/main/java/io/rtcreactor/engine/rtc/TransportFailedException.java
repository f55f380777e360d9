package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.RtcReactorException;

/** A peer connection failed, or stayed disconnected past its grace period. */
public final class TransportFailedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public TransportFailedException(String message) {
        super(message);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
