package io.rtcreactor.benchmarks.suite;

import java.time.Duration;

/**
 * The participant a benchmark does something to: this engine's session or LiveKit's Rust engine in a Node
 * process. Both publish a tone the {@link Listener} hears.
 */
interface Subject extends AutoCloseable {

    /** "ours" or "rtc-node", the column the figure goes in. */
    String engine();

    String identity();

    /** Starts watching for the next recovery the engine reports; call before the fault. */
    Recovery expectRecovery();

    @Override
    void close();

    /** A recovery being waited for. */
    interface Recovery {
        /**
         * Waits for the engine's own "reconnected" report: its wall-clock time (epoch ms), or -1 if none came
         * within {@code timeout}.
         */
        long awaitMillis(Duration timeout);

        /** True if the engine recovered by joining again (new participant, tracks published again). */
        boolean full();
    }
}
