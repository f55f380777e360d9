package io.rtcreactor.engine;

import java.time.Duration;

/**
 * The first join did not complete within the options' {@code joinTimeout}: {@link Room#connect()} fails with this,
 * and the room ends with {@code JOIN_FAILURE}. The message says why the last attempt failed; when the media
 * transports never connected (the server answered, ICE found no working path), it says so and what to check.
 */
public final class JoinTimeoutException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    /** What the message adds when the last attempt's transports never connected. */
    static final String NO_MEDIA_PATH = "the server answered but the media transports never connected: WebRTC found"
            + " no working ICE candidate pair with the server. WebRTC never uses the loopback interface, so this"
            + " machine needs another network interface; UDP to the server's media ports must be allowed, or a"
            + " TURN server configured";

    public JoinTimeoutException(Duration joinTimeout, Throwable lastFailure, boolean transportsNeverConnected) {
        super("could not join within " + joinTimeout.toMillis() + " ms (joinTimeout)"
                + (transportsNeverConnected ? "; " + NO_MEDIA_PATH : "")
                + (lastFailure == null ? "" : "; the last attempt failed: " + lastFailure.getMessage()), lastFailure);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
