package io.rtcreactor.engine;

import java.util.Optional;

/**
 * An operation on a room that is not connected: it has ended (every operation after {@link Room#disconnect()} or
 * after the session ended by itself fails with this, naming why it ended), or it was never connected. Not
 * retryable on the same {@link Room}: create a new one to join again.
 */
public final class RoomDisconnectedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final transient DisconnectReason reason;

    /** The room ended for {@code reason}. */
    public RoomDisconnectedException(DisconnectReason reason) {
        super("the room is disconnected (" + reason + "); create a new Room to join again");
        this.reason = reason;
    }

    /** The room was created but {@code connect()} has not run yet. */
    public static RoomDisconnectedException notConnectedYet() {
        return new RoomDisconnectedException();
    }

    private RoomDisconnectedException() {
        super("the room is not connected yet: call connect() first");
        this.reason = null;
    }

    /** Why the room ended; empty if it was never connected. */
    public Optional<DisconnectReason> reason() {
        return Optional.ofNullable(reason);
    }

    @Override
    public boolean retryable() {
        return false;
    }
}
