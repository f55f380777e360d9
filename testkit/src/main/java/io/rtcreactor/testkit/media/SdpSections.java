package io.rtcreactor.testkit.media;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads which tracks a client's publisher offer still sends: LiveKit clients unpublish by removing a track from
 * its transceiver and renegotiating, so a published track whose media section no longer sends has gone.
 */
public final class SdpSections {

    private SdpSections() {
    }

    /** msid track ids of the audio and video sections that send (sendrecv or sendonly, port not 0). */
    public static Set<String> sendingTrackIds(String sdp) {
        Set<String> ids = new LinkedHashSet<>();
        Section section = null;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (section != null) {
                    section.collectInto(ids);
                }
                section = new Section(line);
            } else if (section != null) {
                section.read(line);
            }
        }
        if (section != null) {
            section.collectInto(ids);
        }
        return ids;
    }

    /** The ICE ufrag of a description (a new one marks an ICE restart). */
    public static String ufrag(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("a=ice-ufrag:")) {
                return line.substring("a=ice-ufrag:".length()).trim();
            }
        }
        return "";
    }

    private static final class Section {
        private final boolean media;
        private final boolean portZero;
        private boolean sending = true;
        private String trackId;

        Section(String mLine) {
            String[] parts = mLine.substring(2).split(" ");
            media = parts[0].equals("audio") || parts[0].equals("video");
            portZero = parts.length > 1 && parts[1].equals("0");
        }

        void read(String line) {
            switch (line.trim()) {
                case "a=recvonly", "a=inactive" -> sending = false;
                default -> {
                    if (line.startsWith("a=msid:")) {
                        String[] parts = line.substring("a=msid:".length()).trim().split(" ");
                        if (parts.length > 1) {
                            trackId = parts[1];
                        }
                    }
                }
            }
        }

        void collectInto(Set<String> ids) {
            // Audio and video sections: a video track is published too (not forwarded), and leaves the same way.
            if (media && !portZero && sending && trackId != null) {
                ids.add(trackId);
            }
        }
    }
}
