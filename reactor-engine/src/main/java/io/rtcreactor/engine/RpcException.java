package io.rtcreactor.engine;

/**
 * An RPC that failed, with LiveKit's error code (client-sdk-js {@code RpcError}, src/room/rpc/utils.ts): the
 * built-in ones below, or any code a method handler chose. A handler fails its {@code Mono} with one of these to
 * send that code, message and data to the caller; any other error reaches the caller as
 * {@link #APPLICATION_ERROR}. The message is cut to 256 bytes and the data to 15 KiB, as LiveKit's SDKs cut them.
 */
public final class RpcException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    /** The handler failed (any error but an RpcException of its own). */
    public static final int APPLICATION_ERROR = 1500;
    /** No acknowledgement within LiveKit's 7 s round trip: the destination is not there or not listening. */
    public static final int CONNECTION_TIMEOUT = 1501;
    /** Acknowledged, but no response within the caller's timeout. */
    public static final int RESPONSE_TIMEOUT = 1502;
    /** The destination left the room before answering. */
    public static final int RECIPIENT_DISCONNECTED = 1503;
    /** The response is larger than 15 KiB. */
    public static final int RESPONSE_PAYLOAD_TOO_LARGE = 1504;
    /** The request could not be sent. */
    public static final int SEND_FAILED = 1505;
    /** The destination has no handler for the method. */
    public static final int UNSUPPORTED_METHOD = 1400;
    /** The request is larger than 15 KiB. */
    public static final int REQUEST_PAYLOAD_TOO_LARGE = 1402;
    /** The destination speaks another RPC version. */
    public static final int UNSUPPORTED_VERSION = 1404;

    private final int code;
    private final String data;

    public RpcException(int code, String message, String data) {
        super(Utf8.cut(message == null ? "" : message, 256));
        this.code = code;
        this.data = data == null ? "" : Utf8.cut(data, 15 * 1024);
    }

    public RpcException(int code, String message) {
        this(code, message, "");
    }

    /** One of LiveKit's built-in errors, with its own message. */
    public static RpcException builtIn(int code) {
        return new RpcException(code, switch (code) {
            case APPLICATION_ERROR -> "Application error in method handler";
            case CONNECTION_TIMEOUT -> "Connection timeout";
            case RESPONSE_TIMEOUT -> "Response timeout";
            case RECIPIENT_DISCONNECTED -> "Recipient disconnected";
            case RESPONSE_PAYLOAD_TOO_LARGE -> "Response payload too large";
            case SEND_FAILED -> "Failed to send";
            case UNSUPPORTED_METHOD -> "Method not supported at destination";
            case REQUEST_PAYLOAD_TOO_LARGE -> "Request payload too large";
            case UNSUPPORTED_VERSION -> "Unsupported RPC version";
            default -> "RPC error " + code;
        });
    }

    public int code() {
        return code;
    }

    /** What the handler attached (may be empty). */
    public String data() {
        return data;
    }

    @Override
    public boolean retryable() {
        return code == CONNECTION_TIMEOUT || code == RESPONSE_TIMEOUT || code == SEND_FAILED;
    }

    /** UTF-8 cutting as LiveKit's {@code truncateBytes}: the longest prefix within the byte limit. */
    static final class Utf8 {
        private Utf8() {
        }

        static int length(String text) {
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }

        static String cut(String text, int maxBytes) {
            byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (bytes.length <= maxBytes) {
                return text;
            }
            int end = maxBytes;
            // bytes[end] is the first byte left out: if it continues a character, that character goes too.
            while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
                end--;
            }
            return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
