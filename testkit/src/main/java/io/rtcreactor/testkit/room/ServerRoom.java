package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.Room;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.testkit.internal.Ids;
import io.rtcreactor.testkit.media.AudioForwarder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room: its participants by identity and its published tracks' forwarders. Created on first join, as
 * LiveKit's server does with auto-create on. Lane-confined.
 */
public final class ServerRoom {

    private final String name;
    private final String sid = Ids.room();
    private final long createdAtSeconds;
    private final boolean syncStreams;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Map<String, AudioForwarder> forwarders = new LinkedHashMap<>();

    ServerRoom(String name, long nowMillis, boolean syncStreams) {
        this.name = name;
        this.createdAtSeconds = nowMillis / 1000;
        this.syncStreams = syncStreams;
    }

    /** LiveKit's {@code sync_streams}, decided when the room is made (the creating token's roomConfig or config). */
    public boolean syncStreams() {
        return syncStreams;
    }

    public String name() {
        return name;
    }

    public String sid() {
        return sid;
    }

    public Collection<Participant> participants() {
        return participants.values();
    }

    public Participant participant(String identity) {
        return participants.get(identity);
    }

    /** The participant with this sid, if it is still in the room. */
    public Participant participantBySid(String participantSid) {
        return participants.values().stream().filter(p -> p.sid().equals(participantSid)).findFirst().orElse(null);
    }

    void add(Participant participant) {
        participants.put(participant.identity(), participant);
    }

    void remove(Participant participant) {
        participants.remove(participant.identity(), participant);
    }

    Map<String, AudioForwarder> forwarders() {
        return forwarders;
    }

    /** Everyone but {@code me}, as ParticipantInfo. */
    List<ParticipantInfo> othersInfo(Participant me) {
        List<ParticipantInfo> out = new ArrayList<>();
        for (Participant p : participants.values()) {
            if (p != me && !p.hidden()) {
                out.add(p.info());
            }
        }
        return out;
    }

    /**
     * Tells the room about {@code changed}'s new state, {@code changed} included: LiveKit's server sends a
     * participant's updates to every participant, the source too (room.go, SendParticipantUpdates), and LiveKit's
     * clients refresh their own info from them (the Rust client learns its new sid after a full rejoin only from
     * such an update). A hidden participant's state changes go to itself only (Room.broadcastParticipantState,
     * pkg/rtc/room.go; ParticipantImpl.SendParticipantUpdate drops a hidden info about anyone else).
     */
    void broadcast(Participant changed) {
        ParticipantInfo info = changed.info();
        SignalResponse update = SignalResponse.newBuilder()
                .setUpdate(ParticipantUpdate.newBuilder().addParticipants(info)).build();
        for (Participant p : participants.values()) {
            if (p == changed || !changed.hidden()) {
                p.sendUpdate(update, info);
            }
        }
    }

    Room toProto() {
        int publishers = (int) participants.values().stream().filter(Participant::isPublisher).count();
        return Room.newBuilder()
                .setSid(sid)
                .setName(name)
                .setEmptyTimeout(300)
                .setDepartureTimeout(20)
                .setCreationTime(createdAtSeconds)
                .setCreationTimeMs(createdAtSeconds * 1000)
                .setNumParticipants(participants.size())
                .setNumPublishers(publishers)
                .build();
    }
}
