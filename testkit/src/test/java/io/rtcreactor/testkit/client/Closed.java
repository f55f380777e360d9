package io.rtcreactor.testkit.client;

/**
 * How a {@link ProtocolClient}'s connection ended.
 *
 * @param code       the close frame's status code, or -1 / 1006 when the connection ended without one
 * @param reason     the close frame's reason text, or empty
 * @param atNanos    {@link System#nanoTime()} when the end was seen
 * @param closeFrame true if the server sent a close frame (a clean close); false if TCP simply went away
 */
public record Closed(int code, String reason, long atNanos, boolean closeFrame) {

    /** 1006: RFC 6455's "abnormal closure", never sent on the wire. */
    static final int ABNORMAL = 1006;

    static Closed of(int code, String reason, long atNanos) {
        boolean frame = code >= 1000 && code != ABNORMAL && code != 1005;
        return new Closed(code, reason == null ? "" : reason, atNanos, frame);
    }
}
