package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.Disposable;

/**
 * P2, the seed incident (shared/DESIGN.md): a migration whose publisher ICE-restart answer the server withholds for
 * 12 s, while the application unpublishes and publishes its audio again from its reconnected handler, as an agent
 * framework does. Measured: the longest gap in the participant's audio as the other participant hears it, from the
 * migration until the republished track is heard (or the wait ends). A fresh participant per sample (a hung one
 * would spoil the next), this engine's and rtc-node's alternating.
 */
final class SeedIncident implements Benchmark {

    private static final String ROOM = "p2";
    private static final Duration WITHHELD = Duration.ofSeconds(12);
    /**
     * How long after the migration the republished track may take to be heard before the sample counts as lost
     * (smoke: just past the withheld answer, so that CI does not wait long on an engine that hangs).
     */
    private static Duration heardAgainWait(BenchMode mode) {
        return mode == BenchMode.SMOKE ? WITHHELD.plusSeconds(8) : Duration.ofSeconds(45);
    }

    @Override
    public String id() {
        return "P2";
    }

    @Override
    public String title() {
        return "the seed incident: restart answer withheld 12 s, the application republishes on reconnected";
    }

    @Override
    public void run(BenchContext context) {
        int samples = context.mode().samples(1, 1, 5);
        List<Long> ours = new ArrayList<>();
        List<Long> theirs = new ArrayList<>();
        int[] lost = new int[2];
        try (Listener listener = Listener.join(context, ROOM)) {
            for (int i = 1; i <= samples; i++) {
                long o = ours(context, listener, "ours-" + i);
                long t = theirs(context, listener, "rtc-node-" + i);
                record(o, ours, lost, 0);
                record(t, theirs, lost, 1);
                BenchContext.progress("P2 %d/%d: longest gap ours %s, rtc-node %s", i, samples, shown(o), shown(t));
            }
        }
        Section section = context.section(this);
        section.columns("engine", "longest gap heard, ms (min / median / p90 / p99 / max)", "samples",
                "not heard again within " + heardAgainWait(context.mode()).toSeconds() + " s of the migration");
        Distribution o = new Distribution("ours", ours);
        Distribution t = new Distribution("rtc-node", theirs);
        section.keep(o).keep(t);
        section.row("ours", o.summary(), String.valueOf(ours.size()), String.valueOf(lost[0]));
        section.row("rtc-node", t.summary(), String.valueOf(theirs.size()), String.valueOf(lost[1]));
    }

    private static void record(long gap, List<Long> into, int[] lost, int index) {
        if (gap < 0) {
            lost[index]++;
        } else {
            into.add(gap);
        }
    }

    private static String shown(long gap) {
        return gap < 0 ? "never heard again" : gap + " ms";
    }

    private static long ours(BenchContext context, Listener listener, String identity) {
        Room room = Room.connect(context.server().url(), context.server().token(ROOM, identity), context.options())
                .block(BenchContext.WAIT);
        room.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults().name("tone"))
                .block(BenchContext.WAIT);
        Disposable republish = room.events(RoomEvent.Reconnected.class)
                .concatMap(e -> room.localParticipant().tracks().get(0).unpublish()
                        .then(room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                                AudioPublishOptions.defaults().name("again"))))
                .subscribe(null, e -> BenchContext.progress("P2 %s: republish failed: %s", identity, e));
        try {
            long gap = measure(context, listener, identity);
            if (gap < 0) {
                BenchContext.progress("P2 %s: its flight record:%n%s", identity, room.diagnostics());
            }
            return gap;
        } finally {
            republish.dispose();
            room.disconnect().block(BenchContext.WAIT);
        }
    }

    private static long theirs(BenchContext context, Listener listener, String identity) {
        try (NodeParticipant node = NodeParticipant.rtcNode(identity, context.server().url(),
                context.server().token(ROOM, identity))) {
            node.await("connected", 0, BenchContext.WAIT);
            node.ask(Map.of("cmd", "publish_tone", "hz", 440, "amplitude", 0.3, "name", "tone"), "published",
                    BenchContext.WAIT);
            node.ask(Map.of("cmd", "republish_on_reconnected", "enabled", true, "name", "again"), "republish_armed",
                    BenchContext.WAIT);
            return measure(context, listener, identity);
        }
    }

    /**
     * The longest gap in the participant's audio from the migration until its republished track ("again") is
     * first heard, or -1 if that did not happen in time.
     */
    private static long measure(BenchContext context, Listener listener, String identity) {
        SilenceMeter meter = listener.meter(identity);
        SilenceMeter again = listener.meter(identity + "/again");
        meter.awaitSound(BenchContext.WAIT);
        context.server().fault(ROOM, identity, new Fault.WithholdAnswer(WITHHELD, true)).block(BenchContext.WAIT);
        meter.reset();
        context.server().fault(ROOM, identity, new Fault.Migrate(Duration.ofSeconds(20))).block(BenchContext.WAIT);
        if (!Waits.until(heardAgainWait(context.mode()), () -> again.firstSoundMillis() != 0)) {
            BenchContext.progress("P2 %s: the republished track was not heard; %s", identity, listener.describe());
            return -1;
        }
        return meter.longestGapMillis();
    }
}
