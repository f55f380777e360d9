package io.rtcreactor.engine;

import java.util.List;
import java.util.Map;

/**
 * Another participant of the room, as last described by the server. A snapshot: a newer one arrives with each
 * event about it.
 */
public record RemoteParticipant(String sid, String identity, String name, String metadata,
                                Map<String, String> attributes, boolean agent, List<TrackPublication> tracks) {

    public RemoteParticipant {
        attributes = Map.copyOf(attributes);
        tracks = List.copyOf(tracks);
    }
}
