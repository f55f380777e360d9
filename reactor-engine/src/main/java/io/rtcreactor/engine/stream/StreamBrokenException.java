package io.rtcreactor.engine.stream;

import io.rtcreactor.engine.RtcReactorException;

/**
 * A stream that cannot arrive (or be sent) whole: its sender left or said it aborted, the session reconnected fully
 * (packets of the old session are gone), chunks are missing, or its length is not the one its header announced. A
 * receiver never sees a truncated stream complete normally: it sees this error instead.
 */
public final class StreamBrokenException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    private final String streamId;

    public StreamBrokenException(String streamId, String message) {
        super("stream " + streamId + ": " + message);
        this.streamId = streamId;
    }

    /** The broken stream's id. */
    public String streamId() {
        return streamId;
    }

    /** Sending the stream again may work (the cause was the connection, not the content). */
    @Override
    public boolean retryable() {
        return true;
    }
}
