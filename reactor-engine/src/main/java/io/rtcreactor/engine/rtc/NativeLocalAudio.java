package io.rtcreactor.engine.rtc;

import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import io.rtcreactor.engine.AudioFrame;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link LocalAudio} on a peer connection of the send factory, fed through a {@code CustomAudioSource}: the
 * source hands each block to its sinks on the pushing thread and its sink list is not synchronised
 * (shared/WEBRTC.md), hence one pushing thread per track.
 */
final class NativeLocalAudio implements LocalAudio {

    private final String trackId;
    private final CustomAudioSource source;
    private final AudioTrack track;
    private final RTCRtpSender sender;
    private final AtomicBoolean disposed = new AtomicBoolean();

    NativeLocalAudio(String trackId, CustomAudioSource source, AudioTrack track, RTCRtpSender sender) {
        this.trackId = trackId;
        this.source = source;
        this.track = track;
        this.sender = sender;
    }

    @Override
    public String trackId() {
        return trackId;
    }

    @Override
    public void push(AudioFrame frame) {
        // The lock only orders a push against dispose(): pushing into a disposed native source crashes the JVM.
        // No callback ever takes it.
        synchronized (this) {
            if (disposed.get()) {
                return;
            }
            source.pushAudio(frame.pcm(), 16, frame.sampleRate(), frame.channels(), frame.samplesPerChannel());
        }
    }

    @Override
    public boolean isDisposed() {
        return disposed.get();
    }

    RTCRtpSender sender() {
        return sender;
    }

    /** Called on the native worker after the track was removed or the connection closed. */
    void dispose() {
        synchronized (this) {
            if (disposed.compareAndSet(false, true)) {
                track.dispose();
                source.dispose();
            }
        }
    }
}
