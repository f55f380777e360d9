package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.report.Machine;
import io.rtcreactor.benchmarks.report.Report;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark suite's entry point (docs/benchmarks.md):
 *
 * <pre>
 * scripts/bench quick|full|smoke [P1 P4 P8 …] [--out DIR]
 * </pre>
 * runs the named benchmarks (all by default) against one in-process testkit and writes {@code results.md},
 * {@code samples.json} and the SVG plots into {@code DIR} (default {@code benchmarks/target/bench}). It must run in
 * the network namespace the tests use (scripts/netns-jvm), with interop/'s npm packages installed.
 */
public final class Bench {

    private static final List<Benchmark> ALL = List.of(new MigrationRecovery(), new SeedIncident(),
            new ControlLatency(), new FirstAudio(), new Density(), new ReconnectStorm(), new SignalPath(), new DeadMedia());

    private Bench() {
    }

    public static void main(String[] args) {
        BenchMode mode = BenchMode.QUICK;
        Path out = Path.of("benchmarks/target/bench");
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) {
                out = Path.of(args[++i]);
            } else if (args[i].matches("(?i)smoke|quick|full")) {
                mode = BenchMode.valueOf(args[i].toUpperCase(Locale.ROOT));
            } else {
                only.add(args[i].toUpperCase(Locale.ROOT));
            }
        }
        String command = "scripts/bench " + String.join(" ", args);
        try {
            System.out.println(run(mode, only, out, command));
            System.exit(0);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage() + " (what was measured is in " + out.resolve("results.md") + ")");
            System.exit(1);
        }
    }

    /**
     * Runs the benchmarks named in {@code only} (all when empty) and returns the report's markdown. The report is
     * written after each benchmark, so that a long run that fails late keeps what it measured; a benchmark that
     * fails is reported in its section and the others run on. Throws at the end if any failed.
     */
    public static String run(BenchMode mode, List<String> only, Path out, String command) {
        Report report = new Report(out, command, Machine.describe(Path.of(System.getProperty("rtcr.root", "."))));
        List<String> failed = new ArrayList<>();
        String markdown;
        LoopbackServer server = LoopbackServer.start(TestkitOptions.defaults()).block(BenchContext.WAIT);
        try {
            BenchContext context = new BenchContext(mode, server, RoomOptions.defaults(), report);
            for (Benchmark benchmark : ALL) {
                if (only.isEmpty() || only.contains(benchmark.id())) {
                    BenchContext.progress("%s (%s): %s", benchmark.id(), mode, benchmark.title());
                    try {
                        benchmark.run(context);
                    } catch (Exception | AssertionError e) {
                        failed.add(benchmark.id() + ": " + e);
                        report.section(benchmark.id(), benchmark.title() + " (failed)")
                                .note("The run failed: " + e.getMessage());
                        e.printStackTrace();
                    }
                    report.write();
                }
            }
        } finally {
            markdown = report.write();
            server.close().block(BenchContext.WAIT);
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("benchmarks failed: " + failed);
        }
        return markdown;
    }
}
