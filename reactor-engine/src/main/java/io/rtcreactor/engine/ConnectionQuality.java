package io.rtcreactor.engine;

/**
 * How the server rates a participant's connection, LiveKit's four grades (its scorer turns packet loss, jitter and
 * bitrate into a MOS-like score: EXCELLENT above 4.1, GOOD above 3.6, POOR below; LOST when no media arrived from
 * the participant in the last interval).
 */
public enum ConnectionQuality {
    EXCELLENT,
    GOOD,
    POOR,
    /** The server received nothing from the participant lately: its media is gone. */
    LOST,
    /** A grade this version does not know (a newer server). */
    UNKNOWN;

    /** The engine's grade of a wire value. */
    public static ConnectionQuality fromProto(io.rtcreactor.engine.proto.ConnectionQuality quality) {
        return switch (quality) {
            case EXCELLENT -> EXCELLENT;
            case GOOD -> GOOD;
            case POOR -> POOR;
            case LOST -> LOST;
            default -> UNKNOWN;
        };
    }
}
