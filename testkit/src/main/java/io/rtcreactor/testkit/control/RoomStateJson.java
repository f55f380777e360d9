package io.rtcreactor.testkit.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.testkit.room.Participant;
import io.rtcreactor.testkit.room.ParticipantRecord;
import io.rtcreactor.testkit.room.RoomRegistry;
import io.rtcreactor.testkit.room.ServerRoom;

/**
 * {@code GET /_testkit/rooms/{room}}: the room and every identity ever seen in it, with the counters and signal
 * timeline of FAULTS.md ("The testkit's control surface"). Keys are snake_case; states are LiveKit's names. Built
 * on the lane.
 */
final class RoomStateJson {

    private RoomStateJson() {
    }

    static ObjectNode of(ObjectMapper json, RoomRegistry registry, String roomName) {
        ServerRoom room = registry.room(roomName);
        ObjectNode out = json.createObjectNode();
        out.put("room", roomName);
        out.put("sid", room == null ? "" : room.sid());
        ArrayNode participants = out.putArray("participants");
        for (ParticipantRecord record : registry.records(roomName)) {
            participants.add(participant(json, registry, roomName, record));
        }
        return out;
    }

    private static ObjectNode participant(ObjectMapper json, RoomRegistry registry, String roomName,
                                          ParticipantRecord record) {
        Participant current = registry.participant(roomName, record.identity());
        ObjectNode node = json.createObjectNode();
        node.put("identity", record.identity());
        node.put("sid", current == null ? "" : current.sid());
        node.put("state", current == null ? "DISCONNECTED" : current.state().name());
        node.put("signal_connected", current != null && current.socket() != null && current.socket().isOpen());
        node.put("joins", record.joins());
        node.put("resumes", record.resumes());
        node.put("full_reconnects", record.fullReconnects());
        ArrayNode tracks = node.putArray("published_tracks");
        if (current != null) {
            for (TrackInfo track : current.publishedTracks().values()) {
                ObjectNode t = tracks.addObject();
                t.put("sid", track.getSid());
                t.put("name", track.getName());
                t.put("type", track.getType().name());
                t.put("muted", track.getMuted());
                t.put("mid", track.getMid());
            }
        }
        node.put("audio_frames_received", record.audioFramesReceived());
        node.put("audio_frames_forwarded", record.audioFramesForwarded());
        node.put("reliable_packets_received", record.reliableReceived());
        node.put("lossy_packets_received", record.lossyReceived());
        node.put("last_reliable_sequence", current == null ? 0 : Integer.toUnsignedLong(current.lastReliableSequence()));
        node.put("reliable_packets_dropped", record.reliableDropped());
        node.put("client", record.client());
        node.put("ice_preference", record.icePreference());
        node.put("data_packets_refused", record.dataRefused());
        node.put("data_packets_lost_after_migration", record.dataLostAfterMigration());
        node.put("answers_dropped", record.answersDropped());
        node.put("bad_frames", record.badFrames());
        node.put("media_path_generation", current == null ? 0
                : registry.context().relay().pathGeneration(current.sid()));
        ArrayNode armed = node.putArray("armed_faults");
        registry.faults(roomName, record.identity()).names().forEach(armed::add);
        ArrayNode timeline = node.putArray("timeline");
        for (ParticipantRecord.TimelineEntry entry : record.timeline()) {
            ObjectNode e = timeline.addObject();
            e.put("dir", entry.direction());
            e.put("type", entry.type());
            if (entry.offerId() != 0) {
                e.put("offer_id", entry.offerId());
            }
            e.put("time_ms", entry.timeMillis());
            e.put("socket", entry.socket());
        }
        return node;
    }
}
