package io.rtcreactor.testkit.client;

import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import java.util.Locale;

/**
 * One frame the server sent, in arrival order: either a decoded {@link SignalResponse} or the error that kept it
 * from decoding (a truncated, garbage or oversized frame, or a text frame).
 *
 * @param index     0, 1, 2… in arrival order on this connection
 * @param atNanos   {@link System#nanoTime()} at arrival
 * @param bytes     the frame's payload size
 * @param message   the decoded message, or null
 * @param error     why the frame could not be decoded, or null
 */
public record Inbound(int index, long atNanos, int bytes, SignalResponse message, SignalCodecException error) {

    public boolean decoded() {
        return message != null;
    }

    /** A message whose oneof case this protocol version does not know (or that carries none). */
    public boolean unknownCase() {
        return message != null && SignalCodec.isUnknown(message);
    }

    public boolean is(SignalResponse.MessageCase type) {
        return message != null && message.getMessageCase() == type;
    }

    /** A short name for failure messages: {@code join}, {@code offer#2}, {@code <malformed 48 B>}. */
    public String label() {
        if (message == null) {
            return "<" + error.kind().name().toLowerCase(Locale.ROOT) + " " + bytes + " B>";
        }
        String type = message.getMessageCase().name().toLowerCase(Locale.ROOT);
        if (message.hasOffer()) {
            return type + "#" + message.getOffer().getId();
        }
        if (message.hasAnswer()) {
            return type + "#" + message.getAnswer().getId();
        }
        if (message.hasLeave()) {
            return type + "{" + message.getLeave().getAction() + ", " + message.getLeave().getReason() + "}";
        }
        return type;
    }
}
