package io.rtcreactor.engine.internal.rtc;

/**
 * Reads stream ids, and whether a section sends, from SDP text. LiveKit identifies a forwarded track by its msid stream id
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

    /**
     * Whether the side that wrote {@code sdp} sends on media section {@code mid}: its direction is {@code sendrecv}
     * or {@code sendonly}, or absent (RFC 4566: sendrecv is the default), and its port is not 0 (rejected).
     */
    static boolean sends(String sdp, String mid) {
        if (mid == null) {
            return false;
        }
        boolean inSection = false;
        boolean rejected = false;
        boolean sends = true;
        for (String raw : sdp.split("\r?\n")) {
            String line = raw.trim();
            if (line.startsWith("m=")) {
                if (inSection) {
                    return sends && !rejected;
                }
                String[] fields = line.split(" ");
                rejected = fields.length > 1 && fields[1].equals("0");
                sends = true;
            } else if (line.startsWith("a=mid:")) {
                inSection = mid.equals(line.substring("a=mid:".length()).trim());
            } else if (line.equals("a=recvonly") || line.equals("a=inactive")) {
                sends = false;
            } else if (line.equals("a=sendrecv") || line.equals("a=sendonly")) {
                sends = true;
            }
        }
        return inSection && sends && !rejected;
    }
}
