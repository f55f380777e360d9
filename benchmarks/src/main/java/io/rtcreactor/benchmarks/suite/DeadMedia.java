package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Mono;

/**
 * P8: the server stops answering the participant's connectivity checks and drops its media until its next resume
 * ({@code black_hole_media}); how long until the other participant hears it again, for this engine and rtc-node,
 * alternating. Measured at the listener: from the fault to the first sound after a silence had begun (the
 * testkit's decoder conceals the first ~150 ms of an outage, so silence counts from 400 ms without sound).
 */
final class DeadMedia implements Benchmark {

    private static final String ROOM = "p8";
    private static final Duration HEARD_AGAIN_WAIT = Duration.ofSeconds(60);

    @Override
    public String id() {
        return "P8";
    }

    @Override
    public String title() {
        return "dead media (black_hole_media) → heard again by the other participant";
    }

    @Override
    public void run(BenchContext context) {
        int samples = context.mode().samples(1, 1, 6);
        List<Long> ours = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        int[] lost = new int[2];
        int[] unaffected = new int[2];
        try (Listener listener = Listener.join(context, ROOM)) {
            for (int i = 1; i <= samples; i++) {
                // Fresh participants each sample: after a transport failure the server offers that identity TCP
                // candidates only for five minutes (LiveKit's ICE fallback, docs/protocol.md row 5), which this
                // fault does not cut, so a second sample of the same identity would measure nothing.
                for (boolean mine : new boolean[] {true, false}) {
                    long took;
                    String engine;
                    try (Subject subject = mine ? OurSubject.join(context, ROOM, "ours-" + i, 440)
                            : NodeSubject.rtcNode(context, ROOM, "rtc-node-" + i, 550)) {
                        engine = subject.engine();
                        listener.meter(subject.identity()).awaitSound(BenchContext.WAIT);
                        took = sample(context, listener.meter(subject.identity()), subject);
                    }
                    if (took == UNAFFECTED) {
                        unaffected[mine ? 0 : 1]++;
                    } else if (took < 0) {
                        lost[mine ? 0 : 1]++;
                    } else {
                        (mine ? ours : theirs).add(took);
                    }
                    BenchContext.progress("P8 %d/%d %s: heard again after %s", i, samples, engine,
                            took == UNAFFECTED ? "- (never fell silent)" : took < 0 ? "never (waited "
                                    + HEARD_AGAIN_WAIT.toSeconds() + " s)" : took + " ms");
                    Mono.delay(Duration.ofSeconds(1)).block();
                }
            }
        }
        Section section = context.section(this);
        section.columns("engine", "fault → heard again, ms (min / median / p90 / p99 / max)", "samples",
                "not heard again within " + HEARD_AGAIN_WAIT.toSeconds() + " s", "never fell silent");
        Distribution o = new Distribution("ours", ours);
        Distribution t = new Distribution("rtc-node", theirs);
        section.keep(o).keep(t);
        section.row("ours", o.summary(), String.valueOf(ours.size()), String.valueOf(lost[0]),
                String.valueOf(unaffected[0]));
        section.row("rtc-node", t.summary(), String.valueOf(theirs.size()), String.valueOf(lost[1]),
                String.valueOf(unaffected[1]));
        section.note(String.format(Locale.ROOT, "Median ours / rtc-node = %.2f.", o.medianRatio(t)));
    }

    /** A sample in which the participant never fell silent (its media kept flowing despite the fault). */
    private static final long UNAFFECTED = -2;

    /**
     * Fault to sound again, in ms; -1 if the listener did not hear the participant again in time; {@link #UNAFFECTED}
     * if it never stopped hearing it.
     */
    private static long sample(BenchContext context, SilenceMeter meter, Subject subject) {
        long faultAt = System.currentTimeMillis();
        context.server().fault(ROOM, subject.identity(), new Fault.BlackHoleMedia(null)).block(BenchContext.WAIT);
        if (!Waits.until(Duration.ofSeconds(10), () -> meter.sinceLastSound().toMillis() >= 400)) {
            BenchContext.progress("P8 %s: still heard 10 s after black_hole_media", subject.identity());
            return UNAFFECTED;
        }
        try {
            meter.awaitSound(HEARD_AGAIN_WAIT);
            return System.currentTimeMillis() - faultAt;
        } catch (IllegalStateException e) {
            return -1;
        }
    }
}
