package io.rtcreactor.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.benchmarks.SilenceMeter;
import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.Tone;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * P4: from the start of connect to the first remote audio frame with sound, and to the other participant hearing
 * the newcomer's first sound, for this engine and rtc-node, alternating. The newcomer publishes a tone as soon as
 * it is connected (rtc-node: when the JVM reads its "connected" line and sends the command back, a round trip of
 * a few ms through its stdin). rtc-node's connect start is its own clock: the {@code connected} line's time minus
 * its {@code elapsed_ms} (Node process start-up is not counted).
 */
final class FirstAudio implements Benchmark {

    private static final String ROOM = "p4";

    @Override
    public String id() {
        return "P4";
    }

    @Override
    public String title() {
        return "connect → first remote audio, connect → first own audio heard by the other side";
    }

    @Override
    public void run(BenchContext context) {
        int samples = context.mode().samples(1, 5, 30);
        List<Long> oursIn = new ArrayList<>();
        List<Long> oursOut = new ArrayList<>();
        List<Long> theirsIn = new ArrayList<>();
        List<Long> theirsOut = new ArrayList<>();
        try (Listener peer = Listener.join(context, ROOM)) {
            for (int i = 1; i <= samples; i++) {
                ours(context, peer, "ours-" + i, oursIn, oursOut);
                theirs(context, peer, "rtc-node-" + i, theirsIn, theirsOut);
                BenchContext.progress("P4 %d/%d: ours %d / %d ms, rtc-node %d / %d ms", i, samples,
                        oursIn.get(i - 1), oursOut.get(i - 1), theirsIn.get(i - 1), theirsOut.get(i - 1));
            }
        }
        Section section = context.section(this);
        section.columns("figure", "ms (min / median / p90 / p99 / max)", "samples");
        section.row(new Distribution("ours: connect → first remote audio", oursIn));
        section.row(new Distribution("rtc-node: connect → first remote audio", theirsIn));
        section.row(new Distribution("ours: connect → first own audio heard by the other side", oursOut));
        section.row(new Distribution("rtc-node: connect → first own audio heard by the other side", theirsOut));
    }

    private static void ours(BenchContext context, Listener peer, String identity, List<Long> in, List<Long> out) {
        Room room = Room.create(context.server().url(), context.server().token(ROOM, identity), context.options());
        SilenceMeter heard = new SilenceMeter();
        room.events(RoomEvent.TrackSubscribed.class).subscribe(e -> e.track().frames().subscribe(heard::add));
        long start = System.currentTimeMillis();
        room.connect().then(Mono.defer(() -> room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                AudioPublishOptions.defaults()))).block(BenchContext.WAIT);
        SilenceMeter there = peer.meter(identity);
        require(Waits.until(BenchContext.WAIT, () -> heard.firstSoundMillis() != 0
                && there.firstSoundMillis() != 0), identity);
        in.add(heard.firstSoundMillis() - start);
        out.add(there.firstSoundMillis() - start);
        room.disconnect().block(BenchContext.WAIT);
    }

    private static void theirs(BenchContext context, Listener peer, String identity, List<Long> in, List<Long> out) {
        try (NodeParticipant node = NodeParticipant.rtcNode(identity, context.server().url(),
                context.server().token(ROOM, identity))) {
            JsonNode connected = node.await("connected", 0, BenchContext.WAIT);
            node.command(Map.of("cmd", "publish_tone", "hz", 440, "amplitude", 0.3, "name", "tone"));
            long start = connected.path("t").asLong() - connected.path("elapsed_ms").asLong();
            long firstIn = node.await("first_audio", 0, BenchContext.WAIT).path("at").asLong();
            SilenceMeter there = peer.meter(identity);
            require(Waits.until(BenchContext.WAIT, () -> there.firstSoundMillis() != 0), identity);
            in.add(firstIn - start);
            out.add(there.firstSoundMillis() - start);
        }
    }

    private static void require(boolean heard, String identity) {
        if (!heard) {
            throw new IllegalStateException(identity + ": no audio either way within " + BenchContext.WAIT);
        }
    }
}
