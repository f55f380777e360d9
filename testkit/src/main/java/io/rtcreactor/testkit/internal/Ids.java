package io.rtcreactor.testkit.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * LiveKit-style ids: a type prefix and twelve base-62 characters ({@code PA_…}, {@code TR_…}, {@code RM_…}).
 * Ids need to be unique, not secret, and are made on the lane: {@code SecureRandom} may block reading the
 * system's entropy (BlockHound reports it), so a thread-local generator is used.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    public static String participant() {
        return "PA_" + random(12);
    }

    public static String track() {
        return "TR_" + random(12);
    }

    public static String room() {
        return "RM_" + random(12);
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[ThreadLocalRandom.current().nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
