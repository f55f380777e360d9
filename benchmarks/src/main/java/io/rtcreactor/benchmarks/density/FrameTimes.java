package io.rtcreactor.benchmarks.density;

import io.rtcreactor.engine.AudioFrame;

/**
 * When one remote track's frames reached the application, against when they were due. Frame k of a measurement is
 * due {@code k} frame durations after the first; its lateness is its arrival minus that, taken relative to the
 * earliest lateness seen (so that the first frame's own delay does not count against the rest). A frame more than
 * {@link #LATE_NANOS} late counts as late: issue 12's "on time" for 20 ms frames is at most 40 ms late.
 */
final class FrameTimes {

    static final long LATE_NANOS = 40_000_000L;
    private static final int CAPACITY = 1 << 16;

    private final long[] arrivals = new long[CAPACITY];
    private long frameNanos;
    private int count;
    private boolean measuring;

    synchronized void add(AudioFrame frame) {
        if (!measuring || count == CAPACITY) {
            return;
        }
        frameNanos = 1_000_000_000L * frame.samplesPerChannel() / frame.sampleRate();
        arrivals[count++] = System.nanoTime();
    }

    synchronized void start() {
        count = 0;
        measuring = true;
    }

    /** Stops measuring; returns {frames, late}. */
    synchronized long[] stop() {
        measuring = false;
        if (count == 0) {
            return new long[] {0, 0};
        }
        long earliest = Long.MAX_VALUE;
        for (int k = 0; k < count; k++) {
            earliest = Math.min(earliest, arrivals[k] - arrivals[0] - k * frameNanos);
        }
        long late = 0;
        for (int k = 0; k < count; k++) {
            if (arrivals[k] - arrivals[0] - k * frameNanos - earliest > LATE_NANOS) {
                late++;
            }
        }
        return new long[] {count, late};
    }
}
