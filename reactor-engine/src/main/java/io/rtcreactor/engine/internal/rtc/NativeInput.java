package io.rtcreactor.engine.internal.rtc;

/**
 * What must never reach webrtc-java from the network. When libwebrtc refuses a description or a candidate, webrtc-java
 * 0.14.0 builds the Java error from libwebrtc's message — which quotes the offending line — by passing that message
 * to a printf-style function as the format: a {@code %d} in a server's SDP prints a word of the native stack, a
 * {@code %n} writes to memory and kills the JVM with SIGSEGV (found by RemoteInputFuzzTest; reproduced with a
 * one-line offer {@code a=setup:%n}). No SDP or candidate LiveKit's server (pion), a browser or libwebrtc writes
 * contains {@code %}, so input that does is refused before any native call. The same holds for ICE server URLs
 * (a TURN URL libwebrtc cannot parse is quoted the same way; {@code turn:%n@x} from a JoinResponse crashed the JVM):
 * such a URL is left out of the configuration.
 */
final class NativeInput {

    private NativeInput() {
    }

    /** Whether {@code text} is safe to hand to webrtc-java (it cannot be taken for a printf format). */
    static boolean safe(String text) {
        return text.indexOf('%') < 0;
    }

    /** Throws if {@code text} (from the network) could be taken for a format by webrtc-java's error path. */
    static void check(String text, String what) {
        if (!safe(text)) {
            throw new IllegalArgumentException("the " + what + " contains '%', which no SDP or candidate writer emits"
                    + " and which webrtc-java would pass to printf as a format if libwebrtc refused it; not applied");
        }
    }
}
