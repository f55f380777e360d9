package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioFrame;

/** The little sample arithmetic the echo needs: fold to mono, fit to 10 ms at 48 kHz, add, clip. */
final class Pcm {

    private Pcm() {
    }

    /**
     * Adds {@code frame} to {@code sum} (480 mono samples at 48 kHz). Stereo is averaged to mono; a frame of another
     * rate or length is stretched to 480 samples by linear interpolation, since what the engine publishes must be
     * 10 ms at 48 kHz (remote audio normally already is).
     */
    static void addMono48k(AudioFrame frame, int[] sum) {
        short[] samples = frame.samples();
        int channels = frame.channels();
        int n = frame.samplesPerChannel();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < sum.length; i++) {
            double position = sum.length == n ? i : (double) i * (n - 1) / (sum.length - 1);
            int left = (int) position;
            int right = Math.min(left + 1, n - 1);
            double fraction = position - left;
            double value = (1 - fraction) * mono(samples, left, channels) + fraction * mono(samples, right, channels);
            sum[i] += (int) Math.round(value);
        }
    }

    /** The sum as 16-bit samples, clipped rather than wrapped (two loud callers must not turn into noise). */
    static AudioFrame clipped(int[] sum) {
        short[] out = new short[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, sum[i]));
        }
        return AudioFrame.of(out, AudioFrame.SAMPLE_RATE, 1);
    }

    private static double mono(short[] samples, int index, int channels) {
        if (channels == 1) {
            return samples[index];
        }
        double total = 0;
        for (int c = 0; c < channels; c++) {
            total += samples[index * channels + c];
        }
        return total / channels;
    }
}
