package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import java.util.Locale;
import java.util.Objects;

/**
 * A session description as text: {@code type} is LiveKit's wire spelling ("offer", "answer", "pranswer",
 * "rollback").
 */
public record Sdp(String type, String sdp) {

    public Sdp {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sdp, "sdp");
    }

    public static Sdp offer(String sdp) {
        return new Sdp("offer", sdp);
    }

    public static Sdp answer(String sdp) {
        return new Sdp("answer", sdp);
    }

    public boolean isOffer() {
        return "offer".equals(type);
    }

    /** The first {@code a=ice-ufrag} of the description, or empty: a new one means an ICE restart. */
    public String iceUfrag() {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                return line.substring("a=ice-ufrag:".length()).trim();
            }
        }
        return "";
    }

    RTCSessionDescription toNative() {
        RTCSdpType nativeType = switch (type.toLowerCase(Locale.ROOT)) {
            case "offer" -> RTCSdpType.OFFER;
            case "answer" -> RTCSdpType.ANSWER;
            case "pranswer" -> RTCSdpType.PR_ANSWER;
            case "rollback" -> RTCSdpType.ROLLBACK;
            default -> throw new IllegalArgumentException("unknown SDP type '" + type + "'");
        };
        return new RTCSessionDescription(nativeType, sdp);
    }

    static Sdp fromNative(RTCSessionDescription description) {
        String type = switch (description.sdpType) {
            case OFFER -> "offer";
            case ANSWER -> "answer";
            case PR_ANSWER -> "pranswer";
            case ROLLBACK -> "rollback";
        };
        return new Sdp(type, description.sdp);
    }

    @Override
    public String toString() {
        return "Sdp{" + type + ", " + sdp.length() + " chars, ufrag=" + iceUfrag() + "}";
    }
}
