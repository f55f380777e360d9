package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.report.Report;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.testkit.LoopbackServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * What every benchmark of a run shares: the mode, the testkit, the engine's options, the report.
 *
 * @param server  the testkit, in this process (P5 puts its callers and testkit elsewhere)
 * @param options the engine's options for every session ({@code RoomOptions.defaults()})
 */
record BenchContext(BenchMode mode, LoopbackServer server, RoomOptions options, Report report) {

    static final Duration WAIT = Duration.ofSeconds(30);

    Section section(Benchmark benchmark) {
        return report.section(benchmark.id(), benchmark.title());
    }

    /** Where a plot of this run goes (next to results.md). */
    Path plot(String file) {
        return report.directory().resolve(file);
    }

    /** Progress for the person running the suite (stderr; the tables go to stdout). */
    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }
}
