package io.rtcreactor.engine.internal;

import java.time.Clock;

/**
 * The one place in the engine that touches the machine's clock. Everything else receives a {@link Clock} (or a
 * timer scheduler) from its options, so that tests can run every timing rule in virtual time. The build's
 * code rules reject wall-clock reads anywhere else in the engine.
 */
public final class SystemClock {

    private SystemClock() {
    }

    /**
     * The machine's monotonic nanosecond counter, for measurements only (the control lane's latency), never for a
     * rule's timing: rules run on the options' scheduler, which tests replace with virtual time.
     */
    public static long nanos() {
        return System.nanoTime();
    }

    /** The machine's UTC clock: the default for options that take a clock. */
    public static Clock utc() {
        return Clock.systemUTC();
    }
}
