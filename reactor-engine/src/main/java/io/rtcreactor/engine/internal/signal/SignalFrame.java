package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;

/** One inbound frame of a signal connection: a message, or a frame that could not be decoded. */
public sealed interface SignalFrame {

    /** A decoded message. */
    record Message(SignalResponse response) implements SignalFrame {
    }

    /** A frame that is not a valid message (truncated, garbage, oversized, text). */
    record Malformed(SignalCodecException error) implements SignalFrame {
    }
}
