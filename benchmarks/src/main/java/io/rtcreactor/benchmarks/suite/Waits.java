package io.rtcreactor.benchmarks.suite;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/** Bounded polling for the benchmarks' main thread (never a reactive thread: it blocks). */
final class Waits {

    private static final Duration POLL = Duration.ofMillis(5);

    private Waits() {
    }

    /** True once {@code condition} holds, false if it did not within {@code timeout}. */
    static boolean until(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Mono.delay(POLL).block();
        }
        return true;
    }
}
