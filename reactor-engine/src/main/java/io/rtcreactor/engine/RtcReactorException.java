package io.rtcreactor.engine;

/**
 * The root of every error RTC Reactor raises. Each subclass classifies itself: {@link #retryable()} tells a
 * caller (and the reconnect policy) whether trying again can help, and the message names the cause and the
 * fix. Messages never contain an access token or an API secret.
 */
public abstract class RtcReactorException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected RtcReactorException(String message) {
        super(message);
    }

    protected RtcReactorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same operation may succeed if tried again (a 503, a timeout), as opposed to a 401. */
    public abstract boolean retryable();
}
