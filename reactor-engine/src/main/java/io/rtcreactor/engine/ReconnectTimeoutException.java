package io.rtcreactor.engine;

import java.time.Duration;

/** An episode reached the policy's deadline without recovering. */
public final class ReconnectTimeoutException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public ReconnectTimeoutException(Duration deadline) {
        super("could not recover the session within " + deadline.toMillis() + " ms (the reconnect policy's deadline)");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
