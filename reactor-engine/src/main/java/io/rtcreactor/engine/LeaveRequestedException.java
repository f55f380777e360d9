package io.rtcreactor.engine;


/** The server sent a LeaveRequest: the cause of the episode or of the ending it started. */
public final class LeaveRequestedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final LeaveAction action;
    private final DisconnectReason reason;

    public LeaveRequestedException(LeaveAction action, DisconnectReason reason) {
        super("the server asked this participant to leave (action " + action + ", reason " + reason + ")");
        this.action = action;
        this.reason = reason;
    }

    public LeaveAction action() {
        return action;
    }

    public DisconnectReason reason() {
        return reason;
    }

    /** Resume and reconnect leaves invite a new attempt; a disconnect does not. */
    @Override
    public boolean retryable() {
        return action != LeaveAction.DISCONNECT;
    }
}
