package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.RtcReactorException;
import java.time.Duration;

/** A named step of an attempt missed its deadline (invariant 2: a missed deadline fails the attempt). */
public final class DeadlineExceededException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String step;

    public DeadlineExceededException(String step, Duration deadline) {
        super(step + " did not happen within " + deadline.toMillis() + " ms");
        this.step = step;
    }

    public String step() {
        return step;
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
