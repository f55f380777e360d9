package io.rtcreactor.engine.testing.fake;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import java.util.concurrent.atomic.AtomicInteger;

/** An outgoing audio track that counts the frames pushed into it. */
public final class FakeLocalAudio implements LocalAudio {

    private final String trackId;
    private final AtomicInteger frames = new AtomicInteger();
    private volatile boolean disposed;

    FakeLocalAudio(String trackId) {
        this.trackId = trackId;
    }

    @Override
    public String trackId() {
        return trackId;
    }

    @Override
    public void push(AudioFrame frame) {
        if (!disposed) {
            frames.incrementAndGet();
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    void dispose() {
        disposed = true;
    }

    public int frames() {
        return frames.get();
    }
}
