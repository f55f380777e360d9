package io.rtcreactor.engine;

/**
 * This participant may not do what was asked, and the server would not say so: LiveKit drops data from a
 * participant without {@code canPublishData} ({@code ParticipantImpl.onReceivedDataMessage}, pkg/rtc/participant.go)
 * and leaves a subscription without {@code canSubscribe} pending for ever ({@code SubscriptionManager.subscribe}
 * answers {@code ErrNoSubscribePermission}, retried, never reported), so the engine refuses at once instead of
 * losing the packet or the track quietly. The session is not affected. Trying again does not help until the
 * token's grant or an administrator changes the permission ({@link RoomEvent.PermissionsChanged}).
 */
public final class PermissionDeniedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public PermissionDeniedException(String what, String permission) {
        super("this participant may not " + what + ": the server's permission " + permission + " is false (the"
                + " token's grant, or an administrator's UpdateParticipant); the server would drop it without a word."
                + " Mint a token with " + permission + ", or have the permission granted");
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
