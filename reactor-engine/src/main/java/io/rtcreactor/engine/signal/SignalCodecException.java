package io.rtcreactor.engine.signal;

import io.rtcreactor.engine.RtcReactorException;

/**
 * A signal frame that cannot be turned into a message, or a message that cannot be sent as one frame.
 * The session that receives one reports it as an event and carries on or recovers by its policy; it never
 * crashes on bad input.
 */
public final class SignalCodecException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the frame. */
    public enum Kind {
        /** The frame is larger than the configured limit (LiveKit's server caps messages at 2 MiB). */
        FRAME_TOO_LARGE,
        /** The bytes are not a valid protobuf encoding of the expected message. */
        MALFORMED,
        /** A text frame arrived; LiveKit's binary protocol never sends one. */
        UNEXPECTED_TEXT
    }

    private final Kind kind;
    private final int frameBytes;

    /** A frame of {@code frameBytes} bytes could not be read or written, for the reason {@code kind} names. */
    public SignalCodecException(Kind kind, int frameBytes, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.frameBytes = frameBytes;
    }

    /** What was wrong with the frame. */
    public Kind kind() {
        return kind;
    }

    /** Size of the offending frame in bytes. */
    public int frameBytes() {
        return frameBytes;
    }

    /** A bad frame is a property of that frame: the next one may be fine. */
    @Override
    public boolean retryable() {
        return true;
    }
}
