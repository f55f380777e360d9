package io.rtcreactor.engine;

import java.time.Duration;

/**
 * {@link Room#disconnect()} could not finish within the options' {@code disconnectTimeout}: the session goes on
 * ending in the background ({@link Room#ended()} completes once it has), and until then its native peer
 * connections stay open. Seen when a native close hangs or the machine is starved; worth a look if it repeats.
 */
public final class DisconnectIncompleteException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public DisconnectIncompleteException(String session, Duration timeout) {
        super(session + " did not finish leaving within " + timeout.toMillis() + " ms (disconnectTimeout); it goes"
                + " on ending in the background, and its native peer connections stay open until it has"
                + " (Room.ended() completes then)");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
