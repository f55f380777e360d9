package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AudioFrame;

/**
 * What {@code publishAudio} takes: 10 ms of 16-bit PCM at 48 kHz, mono or interleaved stereo as the track's options
 * say. Anything else is refused by name rather than sent at the wrong speed or pitch (no resampling here: the
 * application knows its source; resample before publishing).
 */
final class FrameFormat {

    private FrameFormat() {
    }

    /** What is wrong with {@code frame} for a track of {@code channels}, or null. */
    static String problem(AudioFrame frame, int channels) {
        if (frame.sampleRate() == AudioFrame.SAMPLE_RATE && frame.channels() == channels
                && frame.samplesPerChannel() == AudioFrame.SAMPLES_PER_10MS) {
            return null;
        }
        return "a frame of " + frame.sampleRate() + " Hz, " + frame.channels() + " channel(s), "
                + frame.samplesPerChannel() + " samples per channel (" + frame.duration().toMillis() + " ms): this track"
                + " takes 10 ms frames of 48000 Hz 16-bit PCM, " + (channels == 2 ? "interleaved stereo" : "mono")
                + " (" + AudioFrame.SAMPLES_PER_10MS + " samples per channel); resample or re-frame before publishing";
    }
}
