package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.AudioFrame;

/**
 * An audio track this side sends on a transport. {@link #push(AudioFrame)} must always be called from one and the
 * same thread (the native source is not thread-safe; shared/WEBRTC.md).
 */
public interface LocalAudio {

    /** The track id, which is also the msid track id in the SDP (LiveKit's {@code cid}). */
    String trackId();

    /** Hands one block of PCM to the encoder; after the track was removed it is dropped. */
    void push(AudioFrame frame);

    /** True once the track was removed or its transport closed. */
    boolean isDisposed();
}
