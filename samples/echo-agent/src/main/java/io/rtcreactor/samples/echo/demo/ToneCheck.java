package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.AudioFrame;

/**
 * Tells whether a received frame carries a given tone. What comes back has been through Opus twice and two jitter
 * buffers, so samples cannot be compared; energy at the tone's frequency can. The Goertzel algorithm measures the
 * power at one frequency; for a pure tone at that frequency it equals (amplitude · N / 2)², which is also the
 * frame's whole energy times N / 2. So {@code power / (energy · N / 2)} is close to 1 when the frame is that tone,
 * and close to 0 when it is another (a 660 Hz tone gives about 0.01 at 440 Hz over 10 ms).
 */
final class ToneCheck {

    /** Quieter frames are silence (or comfort noise), whatever their spectrum. */
    static final double MIN_RMS = 500;
    /** The share of the frame's energy that must be at the tone's frequency. */
    static final double MIN_SHARE = 0.5;

    private ToneCheck() {
    }

    /** True if {@code frame} is audible and mostly the tone {@code hz}. */
    static boolean isTone(AudioFrame frame, double hz) {
        return frame.rms() >= MIN_RMS && share(frame, hz) >= MIN_SHARE;
    }

    /** The share of the frame's energy at {@code hz} (0..~1), stereo folded to mono. */
    static double share(AudioFrame frame, double hz) {
        short[] samples = frame.samples();
        int channels = frame.channels();
        int n = frame.samplesPerChannel();
        double coefficient = 2 * Math.cos(2 * Math.PI * hz / frame.sampleRate());
        double s1 = 0;
        double s2 = 0;
        double energy = 0;
        for (int i = 0; i < n; i++) {
            double x = 0;
            for (int c = 0; c < channels; c++) {
                x += samples[i * channels + c];
            }
            x /= channels;
            energy += x * x;
            double s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return energy == 0 ? 0 : power / (energy * n / 2);
    }
}
