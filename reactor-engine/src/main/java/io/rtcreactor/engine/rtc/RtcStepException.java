package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.RtcReactorException;

/** A WebRTC step (create or apply a description, add a candidate, open a channel) failed or missed its deadline. */
public final class RtcStepException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String step;
    private final boolean timedOut;
    private final boolean transportClosed;

    private RtcStepException(String step, boolean timedOut, boolean transportClosed, String message) {
        super(message);
        this.step = step;
        this.timedOut = timedOut;
        this.transportClosed = transportClosed;
    }

    /** The step failed: libwebrtc reported an error. */
    public static RtcStepException failed(String transport, String step, String reason) {
        return new RtcStepException(step, false, false, transport + ": " + step + " failed: " + reason);
    }

    /** The step did not complete within its deadline. */
    public static RtcStepException timedOut(String transport, String step, java.time.Duration deadline) {
        return new RtcStepException(step, true, false, transport + ": " + step + " did not complete within "
                + deadline.toMillis() + " ms");
    }

    /** The step was asked of a transport that is already closed. */
    public static RtcStepException closed(String transport, String step) {
        return new RtcStepException(step, false, true, transport + ": " + step + " refused: transport closed");
    }

    /** The name of the step, e.g. {@code setRemoteDescription}. */
    public String step() {
        return step;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** The transport was closed before the step could run (a later generation replaced it, or the session ended). */
    public boolean transportClosed() {
        return transportClosed;
    }

    /** A new attempt with new peer connections may well succeed. */
    @Override
    public boolean retryable() {
        return true;
    }
}
