package io.rtcreactor.engine;

/**
 * Why a session ended: LiveKit's reasons as the server sends them (same names as its {@code DisconnectReason}),
 * plus the engine's own for endings the server did not decide.
 */
public enum DisconnectReason {
    /** No reason given. */
    UNKNOWN,
    /** This side called {@code disconnect()}. */
    CLIENT_INITIATED,
    /** Another participant joined with the same identity. */
    DUPLICATE_IDENTITY,
    /** The server is shutting down. */
    SERVER_SHUTDOWN,
    /** The participant was removed by the room service. */
    PARTICIPANT_REMOVED,
    /** The room was deleted. */
    ROOM_DELETED,
    /** The server does not know this session (a refused resume). */
    STATE_MISMATCH,
    /** The join could not complete. */
    JOIN_FAILURE,
    /** The server moved the session to another node. */
    MIGRATION,
    /** The signal connection closed. */
    SIGNAL_CLOSE,
    /** The room closed. */
    ROOM_CLOSED,
    /** A SIP callee did not answer. */
    USER_UNAVAILABLE,
    /** A SIP callee refused. */
    USER_REJECTED,
    /** A SIP trunk failed. */
    SIP_TRUNK_FAILURE,
    /** The server timed the session out. */
    CONNECTION_TIMEOUT,
    /** Media failed. */
    MEDIA_FAILURE,
    /** An agent failed. */
    AGENT_ERROR,
    /** The engine gave up reconnecting: the policy's attempts or deadline ran out. The cause says why. */
    RECONNECT_FAILED,
    /** The server refused the token (401/403); retrying with the same token cannot help. */
    TOKEN_REJECTED;

    /** Maps LiveKit's wire value. */
    public static DisconnectReason fromProto(io.rtcreactor.engine.proto.DisconnectReason reason) {
        return switch (reason) {
            case CLIENT_INITIATED -> CLIENT_INITIATED;
            case DUPLICATE_IDENTITY -> DUPLICATE_IDENTITY;
            case SERVER_SHUTDOWN -> SERVER_SHUTDOWN;
            case PARTICIPANT_REMOVED -> PARTICIPANT_REMOVED;
            case ROOM_DELETED -> ROOM_DELETED;
            case STATE_MISMATCH -> STATE_MISMATCH;
            case JOIN_FAILURE -> JOIN_FAILURE;
            case MIGRATION -> MIGRATION;
            case SIGNAL_CLOSE -> SIGNAL_CLOSE;
            case ROOM_CLOSED -> ROOM_CLOSED;
            case USER_UNAVAILABLE -> USER_UNAVAILABLE;
            case USER_REJECTED -> USER_REJECTED;
            case SIP_TRUNK_FAILURE -> SIP_TRUNK_FAILURE;
            case CONNECTION_TIMEOUT -> CONNECTION_TIMEOUT;
            case MEDIA_FAILURE -> MEDIA_FAILURE;
            case AGENT_ERROR -> AGENT_ERROR;
            default -> UNKNOWN;
        };
    }
}
