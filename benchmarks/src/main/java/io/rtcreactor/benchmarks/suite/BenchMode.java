package io.rtcreactor.benchmarks.suite;

/**
 * How many samples a run takes. {@code SMOKE}: one or two per figure, so that CI runs every benchmark's code and
 * none can rot (no figure is judged). {@code QUICK}: a first look in about five minutes for the whole suite.
 * {@code FULL}: the figures docs/benchmarks.md shows (≥ 30 samples where the issue asks for them).
 */
public enum BenchMode {
    SMOKE, QUICK, FULL;

    /** The sample count of this mode among the three given. */
    public int samples(int smoke, int quick, int full) {
        return switch (this) {
            case SMOKE -> smoke;
            case QUICK -> quick;
            case FULL -> full;
        };
    }
}
