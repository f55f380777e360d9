package io.rtcreactor.engine.testing;

import io.rtcreactor.engine.AudioFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells which tone a stretch of received audio carries. Received audio passes through Opus and the playout
 * mixer, so it is compared by energy per frequency (Goertzel), not sample by sample; silent frames (before media
 * arrives, after it stops) are skipped.
 */
public final class ToneDetector {

    /** Frames quieter than this RMS count as silence. */
    public static final double SILENCE_RMS = 300;

    private final List<Double> mono = new ArrayList<>();
    private int voicedFrames;
    private long lastVoicedNanos;
    private long longestGapNanos;

    /** Adds a frame (stereo is folded to mono); silent frames are ignored. */
    public synchronized void add(AudioFrame frame) {
        if (frame.rms() < SILENCE_RMS) {
            return;
        }
        long now = System.nanoTime();
        if (lastVoicedNanos != 0) {
            longestGapNanos = Math.max(longestGapNanos, now - lastVoicedNanos);
        }
        lastVoicedNanos = now;
        voicedFrames++;
        short[] samples = frame.samples();
        int channels = frame.channels();
        for (int i = 0; i + channels - 1 < samples.length; i += channels) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += samples[i + c];
            }
            mono.add(sum / channels);
        }
        while (mono.size() > AudioFrame.SAMPLE_RATE) {
            mono.remove(0);
        }
    }

    /** Starts measuring the longest silence afresh (from the next frame with sound). */
    public synchronized void resetLongestSilence() {
        longestGapNanos = 0;
    }

    /** The longest time between two frames with sound since {@link #resetLongestSilence()}, in ms. */
    public synchronized long longestSilenceMillis() {
        return longestGapNanos / 1_000_000;
    }

    /** Frames that carried sound. */
    public synchronized int voicedFrames() {
        return voicedFrames;
    }

    /** The strongest frequency among {@code candidates} in the last second of sound, or NaN with no sound. */
    public synchronized double dominant(double... candidates) {
        if (mono.size() < 4800) {
            return Double.NaN;
        }
        double best = Double.NaN;
        double bestPower = -1;
        for (double hz : candidates) {
            double power = power(hz);
            if (power > bestPower) {
                bestPower = power;
                best = hz;
            }
        }
        return best;
    }

    /** How much stronger {@code hz} is than the mean of {@code others} (a ratio of powers). */
    public synchronized double dominance(double hz, double... others) {
        double target = power(hz);
        double rest = 0;
        for (double other : others) {
            rest += power(other);
        }
        return rest == 0 ? Double.POSITIVE_INFINITY : target / (rest / others.length);
    }

    private double power(double hz) {
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / AudioFrame.SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (double sample : mono) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }
}
