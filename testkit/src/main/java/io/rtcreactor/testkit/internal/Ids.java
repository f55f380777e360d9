package io.rtcreactor.testkit.internal;

import java.security.SecureRandom;

/** LiveKit-style ids: a type prefix and twelve base-62 characters ({@code PA_…}, {@code TR_…}, {@code RM_…}). */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

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
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }
}
