package io.rtcreactor.engine.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code video} grant of a LiveKit access token: which room, and what the holder may do in it.
 *
 * <p>Each permission is a {@link Boolean} so that "absent" survives a round trip, because LiveKit gives absent
 * permissions defaults: {@code canPublish} and {@code canSubscribe} default to true, {@code canPublishData}
 * follows {@code canPublish}, {@code canUpdateOwnMetadata} defaults to false. The {@code may*} methods apply
 * those defaults. Claim names are LiveKit's JSON names.
 *
 * @param room                 the room the token is for; the room always comes from the token, never the URL
 * @param roomJoin             whether the holder may join {@code room}; LiveKit refuses a join without it
 * @param canPublish           may publish tracks (absent: true)
 * @param canSubscribe         may subscribe to tracks (absent: true)
 * @param canPublishData       may send data packets (absent: same as canPublish)
 * @param canUpdateOwnMetadata may change its own name, metadata and attributes (absent: false)
 * @param hidden               invisible to other participants
 * @param agent                the participant is an agent
 * @param canPublishSources    the track sources it may publish, LiveKit's lower-case names ({@code microphone},
 *                             {@code camera}, {@code screen_share}, {@code screen_share_audio}); absent or empty:
 *                             every source
 */
public record VideoGrant(String room, Boolean roomJoin, Boolean canPublish, Boolean canSubscribe,
                         Boolean canPublishData, Boolean canUpdateOwnMetadata, Boolean hidden, Boolean agent,
                         List<String> canPublishSources) {

    public VideoGrant {
        canPublishSources = canPublishSources == null ? null : List.copyOf(canPublishSources);
    }

    /** A grant without a list of sources (every source, if it may publish at all). */
    public VideoGrant(String room, Boolean roomJoin, Boolean canPublish, Boolean canSubscribe, Boolean canPublishData,
                      Boolean canUpdateOwnMetadata, Boolean hidden, Boolean agent) {
        this(room, roomJoin, canPublish, canSubscribe, canPublishData, canUpdateOwnMetadata, hidden, agent, null);
    }

    /** A grant to join {@code room} with LiveKit's defaults for everything else. */
    public static VideoGrant join(String room) {
        return builder().room(room).roomJoin(true).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().room(room).roomJoin(roomJoin).canPublish(canPublish).canSubscribe(canSubscribe)
                .canPublishData(canPublishData).canUpdateOwnMetadata(canUpdateOwnMetadata).hidden(hidden)
                .agent(agent).canPublishSources(canPublishSources);
    }

    public boolean mayJoin() {
        return Boolean.TRUE.equals(roomJoin);
    }

    public boolean mayPublish() {
        return canPublish == null || canPublish;
    }

    /**
     * Whether a track of {@code source} (LiveKit's TrackSource name, any case: {@code MICROPHONE}, …) may be
     * published, as LiveKit's {@code VideoGrant.GetCanPublishSource} (livekit/protocol auth/grants.go) decides: never
     * without canPublish; with no list, any source; otherwise only a listed one ({@code UNKNOWN} never is).
     */
    public boolean mayPublishSource(String source) {
        return mayPublish() && (canPublishSources == null || canPublishSources.isEmpty()
                || canPublishSources.contains(source.toLowerCase(Locale.ROOT)));
    }

    public boolean maySubscribe() {
        return canSubscribe == null || canSubscribe;
    }

    public boolean mayPublishData() {
        return canPublishData == null ? mayPublish() : canPublishData;
    }

    public boolean mayUpdateOwnMetadata() {
        return Boolean.TRUE.equals(canUpdateOwnMetadata);
    }

    public boolean isHidden() {
        return Boolean.TRUE.equals(hidden);
    }

    public boolean isAgent() {
        return Boolean.TRUE.equals(agent);
    }

    /** The JSON object LiveKit expects under the {@code video} claim; absent values are left out. */
    Map<String, Object> toClaim() {
        Map<String, Object> claim = new LinkedHashMap<>();
        putIfPresent(claim, "room", room);
        putIfPresent(claim, "roomJoin", roomJoin);
        putIfPresent(claim, "canPublish", canPublish);
        putIfPresent(claim, "canSubscribe", canSubscribe);
        putIfPresent(claim, "canPublishData", canPublishData);
        putIfPresent(claim, "canUpdateOwnMetadata", canUpdateOwnMetadata);
        putIfPresent(claim, "hidden", hidden);
        putIfPresent(claim, "agent", agent);
        putIfPresent(claim, "canPublishSources", canPublishSources);
        return claim;
    }

    /** Reads the {@code video} claim; a value of the wrong JSON type is an error, never silently false. */
    static VideoGrant fromClaim(Map<String, Object> claim) {
        return new VideoGrant(string(claim, "room"), bool(claim, "roomJoin"), bool(claim, "canPublish"),
                bool(claim, "canSubscribe"), bool(claim, "canPublishData"), bool(claim, "canUpdateOwnMetadata"),
                bool(claim, "hidden"), bool(claim, "agent"), strings(claim, "canPublishSources"));
    }

    private static void putIfPresent(Map<String, Object> claim, String name, Object value) {
        if (value != null && !(value instanceof String s && s.isEmpty())) {
            claim.put(name, value);
        }
    }

    private static Boolean bool(Map<String, Object> claim, String name) {
        Object value = claim.get(name);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw new TokenException(TokenException.Reason.MALFORMED,
                "the token's video grant has '" + name + "' of type " + jsonType(value)
                        + " where LiveKit expects a boolean");
    }

    private static List<String> strings(Map<String, Object> claim, String name) {
        Object value = claim.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new TokenException(TokenException.Reason.MALFORMED,
                "the token's video grant has '" + name + "' of type " + jsonType(value)
                        + " where LiveKit expects an array of strings");
    }

    private static String string(Map<String, Object> claim, String name) {
        Object value = claim.get(name);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new TokenException(TokenException.Reason.MALFORMED,
                "the token's video grant has '" + name + "' of type " + jsonType(value)
                        + " where LiveKit expects a string");
    }

    static String jsonType(Object value) {
        if (value == null) {
            return "null"; // a JSON null inside an object, where a value of some type is expected
        }
        if (value instanceof Number) {
            return "number";
        } else if (value instanceof Map) {
            return "object";
        } else if (value instanceof Iterable) {
            return "array";
        } else if (value instanceof String) {
            return "string";
        }
        return Objects.toString(value.getClass().getSimpleName());
    }

    /** Builds a {@link VideoGrant}; every permission starts absent (LiveKit's defaults apply). */
    public static final class Builder {
        private String room;
        private Boolean roomJoin;
        private Boolean canPublish;
        private Boolean canSubscribe;
        private Boolean canPublishData;
        private Boolean canUpdateOwnMetadata;
        private Boolean hidden;
        private Boolean agent;
        private List<String> canPublishSources;

        private Builder() {
        }

        public Builder room(String value) {
            this.room = value;
            return this;
        }

        public Builder roomJoin(Boolean value) {
            this.roomJoin = value;
            return this;
        }

        public Builder canPublish(Boolean value) {
            this.canPublish = value;
            return this;
        }

        public Builder canSubscribe(Boolean value) {
            this.canSubscribe = value;
            return this;
        }

        public Builder canPublishData(Boolean value) {
            this.canPublishData = value;
            return this;
        }

        public Builder canUpdateOwnMetadata(Boolean value) {
            this.canUpdateOwnMetadata = value;
            return this;
        }

        public Builder hidden(Boolean value) {
            this.hidden = value;
            return this;
        }

        public Builder agent(Boolean value) {
            this.agent = value;
            return this;
        }

        /** The sources it may publish, LiveKit's lower-case names; null or empty: every source. */
        public Builder canPublishSources(List<String> value) {
            this.canPublishSources = value;
            return this;
        }

        public VideoGrant build() {
            return new VideoGrant(room, roomJoin, canPublish, canSubscribe, canPublishData, canUpdateOwnMetadata,
                    hidden, agent, canPublishSources);
        }
    }
}
