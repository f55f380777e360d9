package io.rtcreactor.engine.internal.signal;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns signal messages into WebSocket frames and back. Stateless and thread-safe.
 *
 * <p>Protocol rule: "one WebSocket binary message = one protobuf message; the client sends
 * {@code SignalRequest}, the server {@code SignalResponse}". The two directions have their own limits. LiveKit's
 * server refuses a request above 2 MiB ({@code limit.signal_message_size_limit}, default {@code 2 << 20} in
 * {@code pkg/config/config.go}, enforced by {@code WSSignalConnection.readMessage} in
 * {@code pkg/service/wsprotocol.go}) but puts no limit on what it sends: a JoinResponse grows with the room (every
 * other participant with its tracks, metadata and attributes), so a client must accept large responses. Ours
 * accepts responses up to 16 MiB (a room of several thousand participants) and refuses absurd ones.
 *
 * <p>Decoding never throws anything but {@link SignalCodecException}. A message whose oneof case this version
 * does not know (a newer server) decodes to a message whose case is {@code MESSAGE_NOT_SET}: see
 * {@link #isUnknown(SignalResponse)}; callers ignore it, and protobuf keeps its bytes as unknown fields.
 */
public final class SignalCodec {

    /** LiveKit's server limit for one signal request: 2 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 2 * 1024 * 1024;

    /** Our limit for one signal response: 16 MiB (LiveKit's server sets none on what it sends). */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private static final SignalCodec DEFAULT = new SignalCodec(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_RESPONSE_BYTES);

    private final int maxRequestBytes;
    private final int maxResponseBytes;

    /**
     * @param maxRequestBytes  requests (client to server) above this size are refused, encoding or decoding; at
     *                         least 1 KiB
     * @param maxResponseBytes responses (server to client) above this size are refused; at least 1 KiB
     */
    public SignalCodec(int maxRequestBytes, int maxResponseBytes) {
        this.maxRequestBytes = atLeastOneKiB(maxRequestBytes, "maxRequestBytes");
        this.maxResponseBytes = atLeastOneKiB(maxResponseBytes, "maxResponseBytes");
    }

    /** A codec with the same limit both ways (tests of the limit itself). */
    public SignalCodec(int maxFrameBytes) {
        this(maxFrameBytes, maxFrameBytes);
    }

    private static int atLeastOneKiB(int value, String name) {
        if (value < 1024) {
            throw new IllegalArgumentException(name + " must be at least 1024, was " + value);
        }
        return value;
    }

    /** A codec with LiveKit's 2 MiB request limit and our 16 MiB response limit. */
    public static SignalCodec defaults() {
        return DEFAULT;
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /** Encodes one request as the payload of one binary frame. */
    public byte[] encode(SignalRequest message) {
        return encode(message, maxRequestBytes);
    }

    /** Encodes one response as the payload of one binary frame. */
    public byte[] encode(SignalResponse message) {
        return encode(message, maxResponseBytes);
    }

    private byte[] encode(MessageLite message, int limit) {
        int size = message.getSerializedSize();
        if (size > limit) {
            throw tooLarge(size, "outgoing", limit);
        }
        return message.toByteArray();
    }

    /** Decodes a frame received by a client. */
    public SignalResponse decodeResponse(ByteBuffer frame) {
        return decode(frame, SignalResponse.parser(), "SignalResponse", maxResponseBytes);
    }

    /** Decodes a frame received by a client. */
    public SignalResponse decodeResponse(byte[] frame) {
        return decodeResponse(ByteBuffer.wrap(frame));
    }

    /** Decodes a frame received by a server. */
    public SignalRequest decodeRequest(ByteBuffer frame) {
        return decode(frame, SignalRequest.parser(), "SignalRequest", maxRequestBytes);
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

    private <T> T decode(ByteBuffer frame, Parser<T> parser, String what, int limit) {
        int size = frame.remaining();
        if (size > limit) {
            throw tooLarge(size, "incoming", limit);
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

    private static SignalCodecException tooLarge(int size, String direction, int limit) {
        return new SignalCodecException(SignalCodecException.Kind.FRAME_TOO_LARGE, size,
                "an " + direction + " signal message of " + size + " bytes exceeds the limit of " + limit
                        + " bytes (LiveKit's server refuses requests above 2 MiB; responses above 16 MiB are"
                        + " refused as absurd)", null);
    }
}
