package io.rtcreactor.engine.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns signal messages into WebSocket frames and back. Stateless and thread-safe.
 *
 * <p>Protocol rule: "one WebSocket binary message = one protobuf message; the client sends
 * {@code SignalRequest}, the server {@code SignalResponse}; the server caps a message at 2 MiB".
 *
 * <p>Decoding never throws anything but {@link SignalCodecException}. A message whose oneof case this version
 * does not know (a newer server) decodes to a message whose case is {@code MESSAGE_NOT_SET}: see
 * {@link #isUnknown(SignalResponse)}; callers ignore it, and protobuf keeps its bytes as unknown fields.
 */
public final class SignalCodec {

    /** LiveKit's server limit for one signal message: 2 MiB. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 2 * 1024 * 1024;

    private static final SignalCodec DEFAULT = new SignalCodec(DEFAULT_MAX_FRAME_BYTES);

    private final int maxFrameBytes;

    /**
     * @param maxFrameBytes frames above this size are refused in both directions; at least 1 KiB
     */
    public SignalCodec(int maxFrameBytes) {
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
    }

    /** A codec with LiveKit's 2 MiB limit. */
    public static SignalCodec defaults() {
        return DEFAULT;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Encodes one message as the payload of one binary frame. */
    public byte[] encode(MessageLite message) {
        int size = message.getSerializedSize();
        if (size > maxFrameBytes) {
            throw tooLarge(size, "outgoing");
        }
        return message.toByteArray();
    }

    /** Decodes a frame received by a client. */
    public SignalResponse decodeResponse(ByteBuffer frame) {
        return decode(frame, SignalResponse.parser(), "SignalResponse");
    }

    /** Decodes a frame received by a client. */
    public SignalResponse decodeResponse(byte[] frame) {
        return decodeResponse(ByteBuffer.wrap(frame));
    }

    /** Decodes a frame received by a server. */
    public SignalRequest decodeRequest(ByteBuffer frame) {
        return decode(frame, SignalRequest.parser(), "SignalRequest");
    }

    /** Decodes a frame received by a server. */
    public SignalRequest decodeRequest(byte[] frame) {
        return decodeRequest(ByteBuffer.wrap(frame));
    }

    /** The error to report when a text frame arrives on the binary protocol. */
    public SignalCodecException textFrame(int size) {
        return new SignalCodecException(SignalCodecException.Kind.UNEXPECTED_TEXT, size,
                "received a text frame of " + size + " bytes; LiveKit signalling uses binary protobuf frames only"
                        + " (text would switch the server to JSON)", null);
    }

    /** True when the message carries a case this version does not know, or nothing at all: ignore it. */
    public static boolean isUnknown(SignalResponse message) {
        return message.getMessageCase() == SignalResponse.MessageCase.MESSAGE_NOT_SET;
    }

    /** True when the message carries a case this version does not know, or nothing at all: ignore it. */
    public static boolean isUnknown(SignalRequest message) {
        return message.getMessageCase() == SignalRequest.MessageCase.MESSAGE_NOT_SET;
    }

    /** Field numbers present on the wire but unknown to this version (for logging an ignored message). */
    public static Set<Integer> unknownFieldNumbers(com.google.protobuf.Message message) {
        return new TreeSet<>(message.getUnknownFields().asMap().keySet());
    }

    private <T> T decode(ByteBuffer frame, Parser<T> parser, String what) {
        int size = frame.remaining();
        if (size > maxFrameBytes) {
            throw tooLarge(size, "incoming");
        }
        try {
            return parser.parseFrom(frame.duplicate());
        } catch (InvalidProtocolBufferException e) {
            throw new SignalCodecException(SignalCodecException.Kind.MALFORMED, size,
                    "a " + size + "-byte frame is not a valid " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // protobuf promises InvalidProtocolBufferException; anything else from hostile bytes is still
            // a malformed frame, never a crash of the session.
            throw new SignalCodecException(SignalCodecException.Kind.MALFORMED, size,
                    "a " + size + "-byte frame could not be parsed as " + what + ": " + e, e);
        }
    }

    private SignalCodecException tooLarge(int size, String direction) {
        return new SignalCodecException(SignalCodecException.Kind.FRAME_TOO_LARGE, size,
                "an " + direction + " signal frame of " + size + " bytes exceeds the limit of " + maxFrameBytes
                        + " bytes (LiveKit's server caps a signal message at 2 MiB)", null);
    }
}
