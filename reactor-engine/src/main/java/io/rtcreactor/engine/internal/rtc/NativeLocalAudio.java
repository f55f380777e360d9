package io.rtcreactor.engine.internal.rtc;

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

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NativeLocalAudio.class);

    private final String trackId;
    private final CustomAudioSource source;
    private final AudioTrack track;
    private final RTCRtpSender sender;
    private final java.util.List<String> streamIds;
    private final AtomicBoolean disposed = new AtomicBoolean();

    NativeLocalAudio(String trackId, CustomAudioSource source, AudioTrack track, RTCRtpSender sender,
                     java.util.List<String> streamIds) {
        this.trackId = trackId;
        this.source = source;
        this.track = track;
        this.sender = sender;
        this.streamIds = java.util.List.copyOf(streamIds);
    }

    /** The msid stream ids this track is sent under. */
    java.util.List<String> streamIds() {
        return streamIds;
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

    /** The native track (for the transport's tests, which give it a second holder). */
    AudioTrack track() {
        return track;
    }

    /**
     * Called on the native worker after the track was removed or the connection closed. Releases our references
     * once (a second release of the same native object would free it under its other holders).
     *
     * <p>webrtc-java releases our reference to the track and then throws {@code java.lang.Error} ("Native object
     * was not deleted. A reference is still around somewhere.") when it was not the last one: libwebrtc may hold
     * the track for a moment after {@code removeTrack}, e.g. while a stats read is collecting (the path watch
     * reads stats throughout a resume). Our reference is gone either way and libwebrtc frees the track when it
     * lets go; that is no failure of the removal, so it is logged, not thrown.
     */
    void dispose() {
        synchronized (this) {
            if (disposed.compareAndSet(false, true)) {
                release("track", track::dispose);
                release("source", source::dispose);
            }
        }
    }

    private void release(String what, Runnable dispose) {
        try {
            dispose.run();
        } catch (Error stillHeld) {
            if (stillHeld instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            LOG.debug("{}: our reference to the {} is released; libwebrtc still holds it ({})", trackId, what,
                    stillHeld.getMessage());
        }
    }
}
