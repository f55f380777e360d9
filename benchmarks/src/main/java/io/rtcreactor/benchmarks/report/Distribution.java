package io.rtcreactor.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * Samples of one figure, in milliseconds (or any unit the label names), summarised by nearest rank: with 30
 * samples p90 is the 27th value and p99 the 30th (the maximum), so no figure is interpolated from values that
 * were never measured.
 *
 * @param label   what was measured, e.g. "ours, old path kept: Reconnected"
 * @param samples the values in the order they were taken
 */
public record Distribution(String label, List<Long> samples) {

    public Distribution {
        samples = List.copyOf(samples);
    }

    public boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The value at or above {@code p} of the samples (nearest rank), {@code p} in (0, 1]. */
    public long rank(double p) {
        if (samples.isEmpty()) {
            throw new IllegalStateException(label + ": no samples");
        }
        List<Long> sorted = samples.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * p) - 1));
    }

    public long min() {
        return samples.stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    public long median() {
        return rank(0.5);
    }

    public long max() {
        return samples.stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    /** "min / median / p90 / p99 / max", or "no samples". */
    public String summary() {
        return samples.isEmpty() ? "no samples" : String.format(Locale.ROOT, "%d / %d / %d / %d / %d", min(),
                median(), rank(0.9), rank(0.99), max());
    }

    /** {@code this} median over {@code other}'s, or NaN when either has none or the other's is zero. */
    public double medianRatio(Distribution other) {
        return isEmpty() || other.isEmpty() || other.median() == 0 ? Double.NaN
                : (double) median() / other.median();
    }
}
