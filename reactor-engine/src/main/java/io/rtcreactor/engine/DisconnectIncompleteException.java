package io.rtcreactor.engine;

import java.time.Duration;

/**
 * {@link Room#disconnect()} could not finish within the options' {@code disconnectTimeout}: the session goes on
 * ending in the background ({@link Room#ended()} completes once it has), and until then its native peer
 * connections stay open; or the session ended but a native close did not return in time
 * ({@link #releaseGaveUp(String, Duration)}). Seen when a native close hangs or the machine is starved; worth a look
 * if it repeats.
 */
public final class DisconnectIncompleteException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public DisconnectIncompleteException(String session, Duration timeout) {
        this(session + " did not finish leaving within " + timeout.toMillis() + " ms (disconnectTimeout); it goes"
                + " on ending in the background, and its native peer connections stay open until it has"
                + " (Room.ended() completes then)");
    }

    private DisconnectIncompleteException(String message) {
        super(message);
    }

    /**
     * The session has ended ({@link Room#ended()} completed) but closing its peer connections or releasing its
     * WebRTC runtime did not finish within {@code timeout}: the native objects stay open until libwebrtc returns.
     */
    public static DisconnectIncompleteException releaseGaveUp(String session, Duration timeout) {
        return new DisconnectIncompleteException(session + " left, but closing its native peer connections did not"
                + " finish within " + timeout.toMillis() + " ms (¾ of disconnectTimeout); they stay open until libwebrtc"
                + " returns, and the runtime keeps its factories while any is open");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
