package io.rtcreactor.benchmarks.density;

import io.rtcreactor.engine.AudioFrame;
import java.util.ArrayList;
import java.util.List;

/**
 * When one remote track's frames reached the application, against when they were due. A frame is due one frame
 * duration after the one before it; how late it is counts against the best schedule of the last second: its
 * arrival minus the earliest "arrival of frame j plus (k - j) frame durations" over the 100 frames before it. A
 * frame more than {@link #LATE_NANOS} behind that counts as late: issue 12's "on time" is at most 40 ms late. A
 * window of a second rather than the whole measurement, because the sender's and the receiver's audio clocks
 * drift apart by a few ms per second, which is no lateness of the path; a burst that holds frames back is.
 */
final class FrameTimes {

    static final long LATE_NANOS = 40_000_000L;
    private static final int CAPACITY = 1 << 16;
    /** A second of 10 ms frames. */
    private static final int WINDOW = 100;

    private final long[] arrivals = new long[CAPACITY];
    private long frameNanos;
    private long startNanos;
    private List<long[]> stalls = List.of();
    private int count;
    private boolean measuring;

    void add(AudioFrame frame) {
        add(frame.samplesPerChannel(), frame.sampleRate());
    }

    /** A frame of {@code samplesPerChannel} at {@code sampleRate} arrived now. */
    void add(int samplesPerChannel, int sampleRate) {
        add(System.nanoTime(), samplesPerChannel, sampleRate);
    }

    /** A frame arrived at {@code arrivalNanos} ({@link System#nanoTime()}'s scale). */
    synchronized void add(long arrivalNanos, int samplesPerChannel, int sampleRate) {
        if (!measuring || count == CAPACITY) {
            return;
        }
        frameNanos = 1_000_000_000L * samplesPerChannel / sampleRate;
        arrivals[count++] = arrivalNanos;
    }

    synchronized void start() {
        start(System.nanoTime());
    }

    synchronized void start(long nowNanos) {
        count = 0;
        measuring = true;
        startNanos = nowNanos;
    }

    /**
     * The runs of late frames the last {@link #stop()} found, each {ms after the start, worst lateness in ms, frames}:
     * when every track of a process has a run at the same moment, the process (its playout thread) was held up, not
     * one call's path.
     */
    synchronized List<long[]> stalls() {
        return stalls;
    }

    /** Stops measuring; returns {frames, late}. */
    synchronized long[] stop() {
        measuring = false;
        long late = 0;
        List<long[]> runs = new ArrayList<>();
        long[] run = null;
        for (int k = 1; k < count; k++) {
            long best = Long.MAX_VALUE;
            for (int j = Math.max(0, k - WINDOW); j < k; j++) {
                best = Math.min(best, arrivals[j] + (k - j) * frameNanos);
            }
            long lateBy = arrivals[k] - best;
            if (lateBy > LATE_NANOS) {
                late++;
                if (run == null) {
                    run = new long[] {(arrivals[k] - startNanos) / 1_000_000, 0, 0};
                    runs.add(run);
                }
                run[1] = Math.max(run[1], lateBy / 1_000_000);
                run[2]++;
            } else {
                run = null;
            }
        }
        stalls = List.copyOf(runs);
        return new long[] {count, late};
    }
}
