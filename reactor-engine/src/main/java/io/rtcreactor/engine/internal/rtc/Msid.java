package io.rtcreactor.engine.internal.rtc;

/**
 * Reads stream ids from SDP text. LiveKit identifies a forwarded track by its msid stream id
 * {@code <participant sid>|<track sid>}; libwebrtc's {@code onTrack} gives the transceiver, whose mid leads to
 * the {@code a=msid:} line of that media section.
 */
final class Msid {

    private Msid() {
    }

    /** The msid stream id of media section {@code mid} in {@code sdp}, or empty. */
    static String streamId(String sdp, String mid) {
        if (mid == null) {
            return "";
        }
        String sectionMid = null;
        String sectionMsid = "";
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (mid.equals(sectionMid)) {
                    return sectionMsid;
                }
                sectionMid = null;
                sectionMsid = "";
            } else if (line.startsWith("a=mid:")) {
                sectionMid = line.substring("a=mid:".length()).trim();
            } else if (line.startsWith("a=msid:") && sectionMsid.isEmpty()) {
                String value = line.substring("a=msid:".length()).trim();
                int space = value.indexOf(' ');
                sectionMsid = space < 0 ? value : value.substring(0, space);
            }
        }
        return mid.equals(sectionMid) ? sectionMsid : "";
    }
}
