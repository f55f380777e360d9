package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.TransitionBenchmark;
import io.rtcreactor.benchmarks.lane.SignalPathBenchmark;
import io.rtcreactor.benchmarks.report.Section;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * P7 through JMH: the signal path (decode + dispatch through a session's lane, {@link SignalPathBenchmark}) and the
 * transition function alone ({@link TransitionBenchmark}), throughput and allocation per message. Quick and full
 * fork a JVM as JMH wants; smoke runs one short iteration in this JVM, only so that the code cannot rot.
 */
final class SignalPath implements Benchmark {

    @Override
    public String id() {
        return "P7";
    }

    @Override
    public String title() {
        return "signal path (JMH): decode + dispatch through the session's lane, and the transition function";
    }

    @Override
    public void run(BenchContext context) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(SignalPathBenchmark.class.getName() + "|" + TransitionBenchmark.class.getName())
                .addProfiler(GCProfiler.class).shouldFailOnError(true);
        options = switch (context.mode()) {
            case SMOKE -> options.forks(0).warmupIterations(0).measurementIterations(1)
                    .measurementTime(TimeValue.milliseconds(200));
            // The transition function is still being compiled after 3 s on two busy cores: the full run of
            // 2026-12-05 measured 1 M, 7 M, then 35 M inputs/s in its five iterations. Warm up for 10 s in the full
            // mode so that the published figure is the compiled code's, not an average across the compilation.
            case QUICK -> options.forks(1).warmupIterations(3).measurementIterations(3);
            case FULL -> options.forks(1).warmupIterations(10).measurementIterations(5);
        };
        Collection<RunResult> results = new Runner(options.build()).run();
        Section section = context.section(this);
        section.columns("benchmark", "messages (inputs) per second", "bytes allocated per message",
                "process CPU, cores busy", "CPU per message by thread, ns: caller · fake server · lanes · "
                        + "callbacks · rest (GC, JIT)");
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            Map<String, Result> secondary = run.getSecondaryResults();
            Result<?> alloc = secondary.get("gc.alloc.rate.norm");
            Result<?> cpu = secondary.get("cpuNanos");
            String name = run.getParams().getBenchmark();
            section.row(name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    String.format(Locale.ROOT, "%,.0f ± %,.0f", primary.getScore(), primary.getScoreError()),
                    alloc == null ? "-" : String.format(Locale.ROOT, "%.0f", alloc.getScore()),
                    cpu == null ? "-" : String.format(Locale.ROOT, "%.2f", cpu.getScore() / 1e9),
                    byThread(primary.getScore(), secondary));
        }
    }

    /**
     * The process's CPU per message split by thread (SignalPathBenchmark.Cpu's counters are CPU nanoseconds per
     * second of the run, so per message each is divided by the message rate); "-" for a benchmark without them.
     */
    private static String byThread(double messagesPerSecond, Map<String, Result> secondary) {
        String[] names = {"callerNanos", "fakeNanos", "laneNanos", "callbackNanos"};
        Result<?> total = secondary.get("cpuNanos");
        if (total == null || messagesPerSecond <= 0 || secondary.get(names[0]) == null) {
            return "-";
        }
        StringBuilder cells = new StringBuilder();
        double rest = total.getScore();
        for (String name : names) {
            double rate = secondary.get(name).getScore();
            rest -= rate;
            cells.append(String.format(Locale.ROOT, "%.0f · ", rate / messagesPerSecond));
        }
        return cells.append(String.format(Locale.ROOT, "%.0f", Math.max(0, rest) / messagesPerSecond)).toString();
    }
}
