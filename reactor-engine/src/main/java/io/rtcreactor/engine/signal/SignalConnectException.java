package io.rtcreactor.engine.signal;

import io.rtcreactor.engine.RtcReactorException;

/**
 * The signal connection could not be opened. {@link #kind()} classifies the cause; 401 and 403 are final
 * (protocol: "401/403 are final: do not retry"), everything else may succeed later. The message carries the
 * server's own explanation from {@code /rtc/validate} where there is one, and never the token.
 */
public final class SignalConnectException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    /** Why the connection failed. */
    public enum Kind {
        /**
         * 401 or 403: the token is refused (bad signature, expired, missing grant, wrong key); or 400, LiveKit's
         * answer to a token that names no room or no identity (the same request can only fail again). Final.
         */
        REJECTED,
        /** 404: the room or endpoint does not exist. */
        NOT_FOUND,
        /** 5xx or another refusal the server may lift (capacity, restart). */
        UNAVAILABLE,
        /** The upgrade was not answered within the connect timeout. */
        TIMEOUT,
        /** TCP failed, or the connection broke before the upgrade was answered. */
        NETWORK,
        /**
         * The TLS handshake failed: the server's certificate is not trusted or not for the URL's host. Final: it
         * cannot succeed until the trust ({@code RoomOptions.withTlsTrust}) or the URL changes.
         */
        TLS
    }

    private final Kind kind;
    private final int status;

    public SignalConnectException(Kind kind, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status of the refused upgrade, or 0. */
    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return kind != Kind.REJECTED && kind != Kind.TLS;
    }

    /** Classifies an HTTP status. */
    public static Kind kindOf(int status) {
        if (status == 400 || status == 401 || status == 403) {
            return Kind.REJECTED;
        }
        return status == 404 ? Kind.NOT_FOUND : Kind.UNAVAILABLE;
    }
}
