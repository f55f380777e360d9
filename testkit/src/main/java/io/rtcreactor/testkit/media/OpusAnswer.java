package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.proto.AudioTrackFeature;
import io.rtcreactor.engine.proto.TrackInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Opus parameters LiveKit's server writes into its answer to a client's publisher offer
 * ({@code ParticipantImpl.configurePublisherAnswer}, pkg/rtc/participant_sdp.go). For each audio section whose
 * track the server knows (by the offer's msid track id, the AddTrack's cid): {@code usedtx=1} unless the track has
 * {@code TF_NO_DTX}; {@code stereo=1;maxaveragebitrate=510000} when it has {@code TF_STEREO}, else no
 * {@code stereo=1}. The client's encoder follows the answer, so this is where DTX and stereo are decided.
 */
public final class OpusAnswer {

    private OpusAnswer() {
    }

    /** The answer with each known audio track's Opus fmtp configured; other lines untouched. */
    public static String configure(String answer, String offer, Function<String, TrackInfo> trackByCid) {
        Map<String, String> cidByMid = cidByMid(offer);
        List<List<String>> sections = sections(answer);
        StringBuilder out = new StringBuilder();
        for (List<String> section : sections) {
            TrackInfo track = audio(section) ? trackOf(section, cidByMid, trackByCid) : null;
            String opus = track == null ? null : opusPayloadType(section);
            for (String line : section) {
                if (opus != null && line.startsWith("a=fmtp:" + opus + " ")) {
                    line = configureLine(line, track);
                }
                out.append(line).append("\r\n");
            }
        }
        return out.toString();
    }

    private static String configureLine(String line, TrackInfo track) {
        String value = line.replace(";usedtx=1", "").replace(";stereo=1", "")
                .replace(";maxaveragebitrate=510000", "");
        if (!track.getAudioFeaturesList().contains(AudioTrackFeature.TF_NO_DTX)) {
            value += ";usedtx=1";
        }
        if (track.getAudioFeaturesList().contains(AudioTrackFeature.TF_STEREO)) {
            value += ";stereo=1;maxaveragebitrate=510000";
        }
        return value;
    }

    private static TrackInfo trackOf(List<String> section, Map<String, String> cidByMid,
                                     Function<String, TrackInfo> trackByCid) {
        String mid = attribute(section, "a=mid:");
        String cid = mid == null ? null : cidByMid.get(mid);
        return cid == null ? null : trackByCid.apply(cid);
    }

    private static Map<String, String> cidByMid(String offer) {
        Map<String, String> out = new HashMap<>();
        for (List<String> section : sections(offer)) {
            String mid = attribute(section, "a=mid:");
            String msid = attribute(section, "a=msid:");
            if (audio(section) && mid != null && msid != null) {
                String[] parts = msid.trim().split(" ");
                if (parts.length > 1) {
                    out.put(mid.trim(), parts[1]);
                }
            }
        }
        return out;
    }

    private static String opusPayloadType(List<String> section) {
        for (String line : section) {
            if (line.startsWith("a=rtpmap:") && line.toLowerCase(java.util.Locale.ROOT).contains(" opus/")) {
                return line.substring("a=rtpmap:".length(), line.indexOf(' '));
            }
        }
        return null;
    }

    private static boolean audio(List<String> section) {
        return !section.isEmpty() && section.get(0).startsWith("m=audio");
    }

    private static String attribute(List<String> section, String prefix) {
        return section.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim())
                .findFirst().orElse(null);
    }

    /** The session part, then one list per media section, each starting with its m= line. */
    private static List<List<String>> sections(String sdp) {
        List<List<String>> sections = new ArrayList<>();
        List<String> current = new ArrayList<>();
        sections.add(current);
        for (String line : sdp.split("\r?\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("m=")) {
                current = new ArrayList<>();
                sections.add(current);
            }
            current.add(line);
        }
        return sections;
    }
}
