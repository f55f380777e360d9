package io.rtcreactor.engine;

/**
 * DTMF events as LiveKit's {@code SipDTMF} carries them: the RFC 4733 event code and its key. 0–9 are the digits,
 * 10 is {@code *}, 11 is {@code #}, 12–15 are {@code A}–{@code D}.
 */
final class Dtmf {

    private static final String KEYS = "0123456789*#ABCD";

    private Dtmf() {
    }

    /** The key of {@code code}. */
    static String digitOf(int code) {
        if (code < 0 || code >= KEYS.length()) {
            throw new IllegalArgumentException("DTMF code must be 0..15, was " + code);
        }
        return String.valueOf(KEYS.charAt(code));
    }

    /** Refuses a code and digit that do not belong together (the receiving SDKs trust both). */
    static void check(int code, String digit) {
        if (digit == null || !digitOf(code).equals(digit)) {
            throw new IllegalArgumentException("DTMF code " + code + " is the key '" + digitOf(code) + "', not '"
                    + digit + "'");
        }
    }
}
