package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ConnectionQuality;
import io.rtcreactor.engine.proto.ConnectionQualityInfo;
import io.rtcreactor.engine.proto.ConnectionQualityUpdate;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.SignalResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connection quality as LiveKit's server reports it, from what the media relay sees. LiveKit's
 * {@code Room.connectionQualityWorker} (pkg/rtc/room.go) looks every {@code connectionquality.UpdateInterval} (5 s)
 * at every ACTIVE participant; if one is new or changed grade, each ACTIVE participant gets its own grade and those
 * of the participants it subscribes to. A grade is the worst of the participant's tracks, each scored per window
 * by {@code pkg/sfu/connectionquality/scorer.go}: a window without packets and with stale RTCP scores LOST.
 *
 * <p>The testkit scores only that extreme, which is what a client can act on: a participant with tracks (published
 * or subscribed) from which no SRTP/SRTCP packet reached the server in the last interval is LOST (score 1.0,
 * LiveKit's MinMOS); otherwise EXCELLENT (4.5, MaxMOS). Loss, jitter and bitrate are not scored (GOOD and POOR are
 * never sent). Lane-confined.
 */
final class ConnectionQualities {

    /** LiveKit's {@code connectionquality.UpdateInterval}. */
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private Map<String, ConnectionQuality> previous = new HashMap<>();
    private final Map<String, Long> packetsAtLastLook = new HashMap<>();

    /** One look at every room; sends the updates LiveKit would. */
    void score(Iterable<ServerRoom> rooms, ServerContext context) {
        Map<String, ConnectionQualityInfo> now = new HashMap<>();
        for (ServerRoom room : rooms) {
            Map<String, ConnectionQualityInfo> inRoom = new LinkedHashMap<>();
            for (Participant p : room.participants()) {
                if (p.state() == ParticipantInfo.State.ACTIVE && !p.isGone()) {
                    inRoom.put(p.sid(), grade(p, context));
                }
            }
            boolean changed = inRoom.entrySet().stream()
                    .anyMatch(e -> previous.get(e.getKey()) != e.getValue().getQuality());
            if (changed) {
                send(room, inRoom);
            }
            now.putAll(inRoom);
        }
        Map<String, ConnectionQuality> grades = new HashMap<>();
        now.forEach((sid, info) -> grades.put(sid, info.getQuality()));
        previous = grades;
        packetsAtLastLook.keySet().retainAll(now.keySet());
    }

    private ConnectionQualityInfo grade(Participant p, ServerContext context) {
        long packets = context.relay().mediaPacketsFrom(p.sid());
        Long before = packetsAtLastLook.put(p.sid(), packets);
        boolean hasTracks = !p.publishedTracks.isEmpty() || !p.subscribedTracks.isEmpty();
        // A participant seen for the first time has no window yet: LiveKit's scorer starts EXCELLENT.
        boolean lost = hasTracks && before != null && packets == before;
        return ConnectionQualityInfo.newBuilder().setParticipantSid(p.sid())
                .setQuality(lost ? ConnectionQuality.LOST : ConnectionQuality.EXCELLENT)
                .setScore(lost ? 1.0f : 4.5f).build();
    }

    /** Each ACTIVE participant: its own grade and those of the participants whose tracks it subscribes to. */
    private static void send(ServerRoom room, Map<String, ConnectionQualityInfo> grades) {
        for (Participant to : room.participants()) {
            ConnectionQualityInfo own = grades.get(to.sid());
            if (own == null) {
                continue;
            }
            ConnectionQualityUpdate.Builder update = ConnectionQualityUpdate.newBuilder().addUpdates(own);
            for (Participant other : room.participants()) {
                ConnectionQualityInfo theirs = grades.get(other.sid());
                if (other != to && theirs != null
                        && other.publishedTracks.keySet().stream().anyMatch(to.subscribedTracks::contains)) {
                    update.addUpdates(theirs);
                }
            }
            to.send(SignalResponse.newBuilder().setConnectionQuality(update).build());
        }
    }
}
