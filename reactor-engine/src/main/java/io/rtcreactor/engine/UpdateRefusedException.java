package io.rtcreactor.engine;

/**
 * The server refused to change this participant's name, metadata or attributes (LiveKit's
 * {@code ParticipantImpl.UpdateMetadata}: NOT_ALLOWED without the token's {@code canUpdateOwnMetadata},
 * LIMIT_EXCEEDED above its size limits). Trying again does not help until the token or the values change.
 */
public final class UpdateRefusedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public UpdateRefusedException(String reason, String serverMessage) {
        super("the server refused to update this participant's name, metadata or attributes: " + reason
                + ("NOT_ALLOWED".equals(reason) ? " — the token lacks canUpdateOwnMetadata" : "")
                + (serverMessage == null || serverMessage.isEmpty() ? "" : " (server: " + serverMessage + ")"));
        this.reason = reason;
    }

    /** The server's reason, LiveKit's {@code RequestResponse.Reason} name. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
