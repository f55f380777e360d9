package io.rtcreactor.testkit.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Elapsed time at each phase of an interop test, printed at its end (Failsafe keeps it in the test's output) so
 * that docs/testkit.md can quote what the interop tests cost. Figures only: nothing asserts on them.
 */
final class Timings {

    private final long started;
    private final List<String> lines = new ArrayList<>();
    private long last;

    Timings(long startedNanos) {
        this.started = startedNanos;
        this.last = startedNanos;
    }

    void mark(String phase) {
        long now = System.nanoTime();
        lines.add(String.format(Locale.ROOT, "%7.2f s  (+%5.2f s)  %s", (now - started) / 1e9, (now - last) / 1e9,
                phase));
        last = now;
    }

    void print(Class<?> test) {
        System.out.println("[timings] " + test.getSimpleName());
        lines.forEach(line -> System.out.println("[timings]   " + line));
    }
}
