package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.RtcReactorException;
import io.rtcreactor.engine.proto.SignalTarget;

/** A peer connection failed, or stayed disconnected past its grace period. */
public final class TransportFailedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final SignalTarget target;

    public TransportFailedException(SignalTarget target, String message) {
        super(message);
        this.target = target;
    }

    /** Which transport failed. */
    public SignalTarget target() {
        return target;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
