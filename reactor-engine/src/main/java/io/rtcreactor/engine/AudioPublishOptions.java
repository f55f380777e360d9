package io.rtcreactor.engine;

import java.util.Objects;

/**
 * How to publish an audio track. Immutable. Defaults: name {@code "audio"}, source {@link Source#MICROPHONE}, mono, not muted,
 * DTX on.
 *
 * <p>DTX and stereo are decided by the server: LiveKit's server rewrites the Opus parameters of its answer to our
 * publisher offer from what the AddTrack asked ({@code ParticipantImpl.configurePublisherAnswer} in
 * pkg/rtc/participant_sdp.go adds {@code usedtx=1} unless the track has {@code TF_NO_DTX}, and
 * {@code stereo=1;maxaveragebitrate=510000} when it has {@code TF_STEREO}), and WebRTC's encoder follows that answer.
 */
public final class AudioPublishOptions {

    /**
     * Where the audio comes from, as the room sees it (LiveKit's {@code TrackSource}); a token's
     * {@code canPublishSources} may allow one and not the other.
     */
    public enum Source { MICROPHONE, SCREEN_SHARE_AUDIO }

    private final String name;
    private final boolean stereo;
    private final boolean muted;
    private final boolean dtx;
    private final Source source;

    private AudioPublishOptions(String name, boolean stereo, boolean muted, boolean dtx, Source source) {
        this.name = Objects.requireNonNull(name, "name");
        this.stereo = stereo;
        this.muted = muted;
        this.dtx = dtx;
        this.source = Objects.requireNonNull(source, "source");
    }

    public static AudioPublishOptions defaults() {
        return new AudioPublishOptions("audio", false, false, true, Source.MICROPHONE);
    }

    /** The track's source (default microphone). */
    public AudioPublishOptions source(Source value) {
        return new AudioPublishOptions(name, stereo, muted, dtx, value);
    }

    public AudioPublishOptions name(String value) {
        return new AudioPublishOptions(value, stereo, muted, dtx, source);
    }

    /** Frames are interleaved stereo, and the track is published as stereo ({@code TF_STEREO}). */
    public AudioPublishOptions stereo(boolean value) {
        return new AudioPublishOptions(name, value, muted, dtx, source);
    }

    /** Publish muted. */
    public AudioPublishOptions muted(boolean value) {
        return new AudioPublishOptions(name, stereo, value, dtx, source);
    }

    /**
     * Discontinuous transmission (default on): the encoder sends almost nothing while the track is silent. Off
     * ({@code disable_dtx}, {@code TF_NO_DTX}) suits music, or a listener that must tell silence from loss.
     */
    public AudioPublishOptions dtx(boolean value) {
        return new AudioPublishOptions(name, stereo, muted, value, source);
    }

    public String name() {
        return name;
    }

    public boolean stereo() {
        return stereo;
    }

    public boolean muted() {
        return muted;
    }

    public boolean dtx() {
        return dtx;
    }

    public Source source() {
        return source;
    }
}
