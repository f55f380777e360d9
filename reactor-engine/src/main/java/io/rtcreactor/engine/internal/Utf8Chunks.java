package io.rtcreactor.engine.internal;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UTF-8 across chunk boundaries, both ways. LiveKit's senders split text only between characters
 * (client-sdk-js {@code splitUtf8}), but a receiver must not rely on it: a character cut in two is kept until its
 * rest arrives, and bytes that are not UTF-8 are an error, never replacement characters.
 */
final class Utf8Chunks {

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] pending = new byte[0];

    /** The whole characters {@code bytes} completes; a cut character's start waits for the next call. */
    String decode(byte[] bytes) throws CharacterCodingException {
        byte[] all = pending.length == 0 ? bytes : concat(pending, bytes);
        ByteBuffer in = ByteBuffer.wrap(all);
        CharBuffer out = CharBuffer.allocate(all.length);
        CoderResult result = decoder.decode(in, out, false);
        if (result.isError()) {
            result.throwException();
        }
        pending = Arrays.copyOfRange(all, in.position(), all.length);
        return out.flip().toString();
    }

    /** At the end: a character still cut is an error. */
    void finish() throws CharacterCodingException {
        if (pending.length > 0) {
            throw new MalformedInputException(pending.length);
        }
    }

    /** {@code text} as UTF-8 pieces of at most {@code limit} bytes, each cut between characters. */
    static List<byte[]> split(String text, int limit) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        while (from < bytes.length) {
            int to = Math.min(bytes.length, from + limit);
            // Back off to a character's first byte: continuation bytes are 10xxxxxx.
            while (to < bytes.length && to > from && (bytes[to] & 0xC0) == 0x80) {
                to--;
            }
            pieces.add(Arrays.copyOfRange(bytes, from, to));
            from = to;
        }
        return pieces;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
