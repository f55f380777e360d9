package io.rtcreactor.engine;

import java.util.Objects;

/**
 * How to publish an audio track. Immutable. Defaults: name {@code "audio"}, source microphone, mono, not muted.
 */
public final class AudioPublishOptions {

    private final String name;
    private final boolean stereo;
    private final boolean muted;

    private AudioPublishOptions(String name, boolean stereo, boolean muted) {
        this.name = Objects.requireNonNull(name, "name");
        this.stereo = stereo;
        this.muted = muted;
    }

    public static AudioPublishOptions defaults() {
        return new AudioPublishOptions("audio", false, false);
    }

    public AudioPublishOptions name(String value) {
        return new AudioPublishOptions(value, stereo, muted);
    }

    /** Frames are interleaved stereo. */
    public AudioPublishOptions stereo(boolean value) {
        return new AudioPublishOptions(name, value, muted);
    }

    /** Publish muted. */
    public AudioPublishOptions muted(boolean value) {
        return new AudioPublishOptions(name, stereo, value);
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
}
