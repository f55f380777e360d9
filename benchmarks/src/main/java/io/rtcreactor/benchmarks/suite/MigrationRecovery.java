package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Plots;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * P1: a migration ({@code migrate}, both {@code old_path} modes) until the engine reports it recovered, and the
 * longest silence the other participant heard, for this engine and rtc-node. Both are in the same room of the same
 * testkit (with livekit-client in Chromium as a third) and are migrated in turn, sample by sample, so that all see
 * the same machine at the same time.
 */
final class MigrationRecovery implements Benchmark {

    private static final String ROOM = "p1";

    @Override
    public String id() {
        return "P1";
    }

    @Override
    public String title() {
        return "migration → recovered: this engine, LiveKit's Rust engine (rtc-node) and livekit-client in Chromium,"
                + " alternating";
    }

    @Override
    public void run(BenchContext context) {
        int samples = context.mode().samples(1, 5, 30);
        Map<String, Series> series = new LinkedHashMap<>();
        try (Listener listener = Listener.join(context, ROOM);
             Subject ours = OurSubject.join(context, ROOM, "ours", 440);
             Subject theirs = NodeSubject.rtcNode(context, ROOM, "rtc-node", 550);
             Subject browser = NodeSubject.browser(context, ROOM, "livekit-client", 350)) {
            List<Subject> subjects = List.of(ours, theirs, browser);
            for (Subject subject : subjects) {
                listener.meter(subject.identity()).awaitSound(BenchContext.WAIT);
            }
            for (int i = 1; i <= samples; i++) {
                for (Fault.OldPath path : Fault.OldPath.values()) {
                    for (Subject subject : subjects) {
                        Series s = series.computeIfAbsent(subject.engine() + "/" + path, k -> new Series());
                        sample(context, listener.meter(subject.identity()), subject, path, s);
                        BenchContext.progress("P1 %d/%d %s old path %s: recovered %s ms, silence %s ms%s", i,
                                samples, subject.engine(), path, last(s.recovered), last(s.silence),
                                s.full > 0 ? " (full reconnects so far: " + s.full + ")" : "");
                        // Let the new path settle before the next episode.
                        Mono.delay(Duration.ofMillis(500)).block();
                    }
                }
            }
        }
        write(context, context.section(this), series);
    }

    private static void sample(BenchContext context, SilenceMeter meter, Subject subject, Fault.OldPath path,
                               Series s) {
        Subject.Recovery recovery = subject.expectRecovery();
        meter.reset();
        long faultAt = System.currentTimeMillis();
        context.server().fault(ROOM, subject.identity(), new Fault.Migrate(Duration.ofSeconds(5), path))
                .block(BenchContext.WAIT);
        long recoveredAt = recovery.awaitMillis(BenchContext.WAIT);
        if (recoveredAt < 0) {
            s.missed++;
            return;
        }
        s.recovered.add(recoveredAt - faultAt);
        s.full += recovery.full() ? 1 : 0;
        meter.awaitSound(BenchContext.WAIT);
        s.silence.add(meter.longestGapMillis());
    }

    private static void write(BenchContext context, Section section, Map<String, Series> series) {
        section.columns("engine, old path", "fault → recovered reported, ms (min / median / p90 / p99 / max)",
                "longest silence heard, ms", "samples", "full reconnects", "not recovered in 30 s");
        Map<String, Map<String, Distribution>> plot = new LinkedHashMap<>();
        series.forEach((key, s) -> {
            Distribution recovered = new Distribution(key + ": recovered", s.recovered);
            Distribution silence = new Distribution(key + ": silence", s.silence);
            section.keep(recovered).keep(silence);
            section.row(key, recovered.summary(), silence.summary(), String.valueOf(s.recovered.size()),
                    String.valueOf(s.full), String.valueOf(s.missed));
            String[] parts = key.split("/");
            plot.computeIfAbsent("old path " + parts[1].toLowerCase(Locale.ROOT), k -> new LinkedHashMap<>())
                    .put(parts[0], recovered);
        });
        for (Fault.OldPath path : Fault.OldPath.values()) {
            Series oursS = series.get("ours/" + path);
            Series theirsS = series.get("rtc-node/" + path);
            if (oursS != null && theirsS != null) {
                double ratio = new Distribution("ours", oursS.recovered)
                        .medianRatio(new Distribution("theirs", theirsS.recovered));
                section.note(String.format(Locale.ROOT, "Old path %s: median ours / rtc-node = %.2f.",
                        path.name().toLowerCase(Locale.ROOT), ratio));
            }
        }
        Plots.distributions("P1: migration → recovered (ms)", "ms from the fault to the engine's own report",
                plot, context.plot("p1-migration.svg"));
        section.plot("p1-migration.svg", "P1 distributions, ours beside rtc-node's");
    }

    private static String last(List<Long> values) {
        return values.isEmpty() ? "-" : String.valueOf(values.get(values.size() - 1));
    }

    /** One engine's samples in one mode. */
    private static final class Series {
        final List<Long> recovered = new ArrayList<>();
        final List<Long> silence = new ArrayList<>();
        int full;
        int missed;
    }
}
