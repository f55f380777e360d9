package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.RtcReactorException;

/** A WebRTC step (create or apply a description, add a candidate, open a channel) failed or missed its deadline. */
public final class RtcStepException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String step;
    private final boolean timedOut;

    private RtcStepException(String step, boolean timedOut, String message, Throwable cause) {
        super(message, cause);
        this.step = step;
        this.timedOut = timedOut;
    }

    /** The step failed: libwebrtc reported an error. */
    public static RtcStepException failed(String transport, String step, String reason) {
        return new RtcStepException(step, false, transport + ": " + step + " failed: " + reason, null);
    }

    /** The step did not complete within its deadline. */
    public static RtcStepException timedOut(String transport, String step, java.time.Duration deadline) {
        return new RtcStepException(step, true, transport + ": " + step + " did not complete within "
                + deadline.toMillis() + " ms", null);
    }

    /** The step was asked of a transport that is already closed. */
    public static RtcStepException closed(String transport, String step) {
        return new RtcStepException(step, false, transport + ": " + step + " refused: transport closed", null);
    }

    /** The name of the step, e.g. {@code setRemoteDescription}. */
    public String step() {
        return step;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** A new attempt with new peer connections may well succeed. */
    @Override
    public boolean retryable() {
        return true;
    }
}
