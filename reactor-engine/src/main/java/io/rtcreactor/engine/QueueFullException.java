package io.rtcreactor.engine;

/**
 * A request could not be queued: while the session reconnects, requests wait (the options' {@code signalQueue}
 * signal messages, {@code reliableBuffer} data packets), and this one found the queue full. Retry once the room is
 * connected again ({@link Room#states()}), or raise the limit if a burst of this size is normal.
 */
public final class QueueFullException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public QueueFullException(String what) {
        super(what);
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
