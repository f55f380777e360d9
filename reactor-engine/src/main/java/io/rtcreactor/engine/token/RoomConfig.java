package io.rtcreactor.engine.token;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the room is made if the token's holder is the one who creates it: LiveKit's top-level {@code roomConfig}
 * claim, a {@code RoomConfiguration} in proto3 JSON ({@code SetRoomConfiguration} in LiveKit's
 * pkg/service/utils.go applies it when the join creates the room). Written with camelCase names, as LiveKit's
 * server SDKs write it; read with camelCase or snake_case names. Only the fields listed here are carried; zero and
 * empty values are left out of the claim, as proto3 JSON leaves them out.
 *
 * @param syncStreams      each participant's audio and video share one stream id ({@code PA_…|camera},
 *                         {@code PA_…|screen}), so subscribers play them in sync
 * @param emptyTimeout     seconds a room without participants lives; 0: the server's default
 * @param departureTimeout seconds the room lives after the last participant left; 0: the server's default
 * @param maxParticipants  0: no limit
 * @param metadata         the room's metadata
 * @param agents           agents to dispatch when the room is made
 */
public record RoomConfig(boolean syncStreams, int emptyTimeout, int departureTimeout, int maxParticipants,
                         String metadata, List<AgentDispatch> agents) {

    /** An agent to dispatch into the room ({@code RoomAgentDispatch}). */
    public record AgentDispatch(String agentName, String metadata) {
        public AgentDispatch {
            agentName = Objects.requireNonNullElse(agentName, "");
            metadata = Objects.requireNonNullElse(metadata, "");
        }
    }

    public RoomConfig {
        metadata = Objects.requireNonNullElse(metadata, "");
        agents = List.copyOf(agents);
    }

    /** Nothing set: the server's defaults. */
    public static RoomConfig defaults() {
        return new RoomConfig(false, 0, 0, 0, "", List.of());
    }

    public RoomConfig withSyncStreams(boolean value) {
        return new RoomConfig(value, emptyTimeout, departureTimeout, maxParticipants, metadata, agents);
    }

    public RoomConfig withEmptyTimeout(int seconds) {
        return new RoomConfig(syncStreams, seconds, departureTimeout, maxParticipants, metadata, agents);
    }

    public RoomConfig withDepartureTimeout(int seconds) {
        return new RoomConfig(syncStreams, emptyTimeout, seconds, maxParticipants, metadata, agents);
    }

    public RoomConfig withMaxParticipants(int value) {
        return new RoomConfig(syncStreams, emptyTimeout, departureTimeout, value, metadata, agents);
    }

    public RoomConfig withMetadata(String value) {
        return new RoomConfig(syncStreams, emptyTimeout, departureTimeout, maxParticipants, value, agents);
    }

    /** Adds an agent to dispatch. */
    public RoomConfig withAgent(String agentName, String agentMetadata) {
        List<AgentDispatch> more = new ArrayList<>(agents);
        more.add(new AgentDispatch(agentName, agentMetadata));
        return new RoomConfig(syncStreams, emptyTimeout, departureTimeout, maxParticipants, metadata, more);
    }

    Map<String, Object> toClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        if (emptyTimeout != 0) {
            claim.put("emptyTimeout", emptyTimeout);
        }
        if (departureTimeout != 0) {
            claim.put("departureTimeout", departureTimeout);
        }
        if (maxParticipants != 0) {
            claim.put("maxParticipants", maxParticipants);
        }
        if (!metadata.isEmpty()) {
            claim.put("metadata", metadata);
        }
        if (syncStreams) {
            claim.put("syncStreams", true);
        }
        if (!agents.isEmpty()) {
            List<Object> list = new ArrayList<>();
            for (AgentDispatch agent : agents) {
                Map<String, Object> entry = new LinkedHashMap<>();
                if (!agent.agentName().isEmpty()) {
                    entry.put("agentName", agent.agentName());
                }
                if (!agent.metadata().isEmpty()) {
                    entry.put("metadata", agent.metadata());
                }
                list.add(entry);
            }
            claim.put("agents", list);
        }
        return claim;
    }

    static RoomConfig fromClaim(Map<String, Object> claim) {
        List<AgentDispatch> agents = new ArrayList<>();
        Object list = field(claim, "agents", "agents");
        if (list != null && !(list instanceof List<?>)) {
            throw malformed("agents", list, "an array");
        }
        if (list instanceof List<?> entries) {
            for (Object entry : entries) {
                if (!(entry instanceof Map<?, ?> map)) {
                    throw malformed("agents[]", entry, "an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) map;
                agents.add(new AgentDispatch(string(fields, "agentName", "agent_name"),
                        string(fields, "metadata", "metadata")));
            }
        }
        Object sync = field(claim, "syncStreams", "sync_streams");
        if (sync != null && !(sync instanceof Boolean)) {
            throw malformed("syncStreams", sync, "a boolean");
        }
        return new RoomConfig(Boolean.TRUE.equals(sync), number(claim, "emptyTimeout", "empty_timeout"),
                number(claim, "departureTimeout", "departure_timeout"),
                number(claim, "maxParticipants", "max_participants"), string(claim, "metadata", "metadata"), agents);
    }

    private static Object field(Map<String, Object> claim, String camel, String snake) {
        Object value = claim.get(camel);
        return value != null ? value : claim.get(snake);
    }

    private static int number(Map<String, Object> claim, String camel, String snake) {
        Object value = field(claim, camel, snake);
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        // proto3 JSON may write integers as strings.
        if (value instanceof String s && s.matches("\\d{1,9}")) {
            return Integer.parseInt(s);
        }
        throw malformed(camel, value, "a number");
    }

    private static String string(Map<String, Object> claim, String camel, String snake) {
        Object value = field(claim, camel, snake);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw malformed(camel, value, "a string");
    }

    private static TokenException malformed(String name, Object value, String expected) {
        return new TokenException(TokenException.Reason.MALFORMED, "the token's roomConfig has '" + name
                + "' of type " + VideoGrant.jsonType(value) + " where LiveKit expects " + expected);
    }
}
