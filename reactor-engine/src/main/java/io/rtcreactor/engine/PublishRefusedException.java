package io.rtcreactor.engine;

/**
 * The server refused to publish a track (LiveKit's {@code request_response} to an AddTrack:
 * {@code ParticipantImpl.AddTrack} in pkg/rtc/participant.go answers NOT_ALLOWED when the token may not publish
 * that source, UNSUPPORTED_TYPE, LIMIT_EXCEEDED…). Trying again does not help until the permission changes.
 */
public final class PublishRefusedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public PublishRefusedException(String trackName, String reason, String serverMessage) {
        super("the server refused to publish track '" + trackName + "': " + reason + explain(reason)
                + (serverMessage == null || serverMessage.isEmpty() ? "" : " (server: " + serverMessage + ")"));
        this.reason = reason;
    }

    private static String explain(String reason) {
        return switch (reason) {
            case "NOT_ALLOWED" -> " — this participant may not publish (the token's canPublish or canPublishSources,"
                    + " or an administrator revoked the permission)";
            case "LIMIT_EXCEEDED" -> " — the room or the participant has reached its track limit";
            case "UNSUPPORTED_TYPE" -> " — the server does not take tracks of this type";
            default -> "";
        };
    }

    /** The server's reason, LiveKit's {@code RequestResponse.Reason} name (NOT_ALLOWED, …). */
    public String reason() {
        return reason;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
