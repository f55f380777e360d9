package io.rtcreactor.testkit.room;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the testkit remembers of one identity in one room across joins, resumes and full reconnects: the
 * counters and the signal timeline that {@code GET /_testkit/rooms/{room}} reports. Counters touched by the
 * audio path are atomic; everything else is confined to the lane.
 */
public final class ParticipantRecord {

    /** One signal message, in ({@code in}: from the client) or out. */
    public record TimelineEntry(String direction, String type, int offerId, long timeMillis, int socket) {
    }

    private static final int TIMELINE_LIMIT = 2000;

    private final String identity;
    private final Deque<TimelineEntry> timeline = new ArrayDeque<>();
    private final AtomicLong audioFramesReceived = new AtomicLong();
    private final AtomicLong audioFramesForwarded = new AtomicLong();
    int joins;
    /** The client as its join query described it (sdk, version, os). */
    String client = "";
    /** WebSocket upgrades asked for (each attempt to connect, answered or not). */
    int upgrades;
    int resumes;
    int fullReconnects;
    long reliableReceived;
    long lossyReceived;
    long reliableDropped;
    /** Data packets not forwarded because the sender may not publish data. */
    long dataRefused;
    long dataLostAfterMigration;
    long answersDropped;
    long badFrames;
    /** LiveKit's ICE candidate preference for this identity now: ANY, or TCP after its TCP fallback. */
    volatile String icePreference = "ANY";
    /** The sid of the participant that last had this identity (to name leavers after a resume). */
    String lastSid;

    ParticipantRecord(String identity) {
        this.identity = identity;
    }

    public String identity() {
        return identity;
    }

    void note(String direction, String type, int offerId, long timeMillis, int socket) {
        timeline.addLast(new TimelineEntry(direction, type, offerId, timeMillis, socket));
        while (timeline.size() > TIMELINE_LIMIT) {
            timeline.removeFirst();
        }
    }

    public List<TimelineEntry> timeline() {
        return new ArrayList<>(timeline);
    }

    /** A frame with sound arrived from one of this participant's tracks. */
    public void audioFrameReceived() {
        audioFramesReceived.incrementAndGet();
    }

    /** A frame was pushed into one of this participant's downtracks. */
    public void audioFrameForwarded() {
        audioFramesForwarded.incrementAndGet();
    }

    public long audioFramesReceived() {
        return audioFramesReceived.get();
    }

    public long audioFramesForwarded() {
        return audioFramesForwarded.get();
    }

    public String client() {
        return client;
    }

    /** ANY, or TCP once LiveKit's TCP fallback switched this identity (kept across its sessions for 5 min). */
    public String icePreference() {
        return icePreference;
    }

    public int upgrades() {
        return upgrades;
    }

    public int joins() {
        return joins;
    }

    public int resumes() {
        return resumes;
    }

    public int fullReconnects() {
        return fullReconnects;
    }

    public long reliableReceived() {
        return reliableReceived;
    }

    public long lossyReceived() {
        return lossyReceived;
    }

    public long reliableDropped() {
        return reliableDropped;
    }

    public long dataRefused() {
        return dataRefused;
    }

    /** Data packets that arrived on a channel the "new node" did not recreate after a migration (issue 10, 4). */
    public long dataLostAfterMigration() {
        return dataLostAfterMigration;
    }

    public long answersDropped() {
        return answersDropped;
    }

    public long badFrames() {
        return badFrames;
    }
}
