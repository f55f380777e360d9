package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * P6: a reconnect storm. N sessions of this engine, each alone in a room of its own publishing a tone (so that N
 * sessions cost N audio tracks, not N²), are migrated at once (old path dropped, as when a node goes away): the time
 * until every session reported {@code Reconnected}, each session's time, and how many fell back to a full
 * reconnect. Against one in-process testkit, which shares the machine with them.
 */
final class ReconnectStorm implements Benchmark {

    private static final Duration STORM_WAIT = Duration.ofSeconds(90);

    @Override
    public String id() {
        return "P6";
    }

    @Override
    public String title() {
        return "reconnect storm: N sessions migrated at once";
    }

    @Override
    public void run(BenchContext context) {
        List<Integer> sizes = switch (context.mode()) {
            case SMOKE -> List.of(2);
            case QUICK -> List.of(10);
            case FULL -> List.of(10, 25, 50);
        };
        Section section = context.section(this);
        section.columns("sessions", "all recovered, ms", "per session, ms (min / median / p90 / p99 / max)",
                "full reconnects", "not recovered in " + STORM_WAIT.toSeconds() + " s");
        for (int n : sizes) {
            storm(context, section, n);
        }
    }

    private static void storm(BenchContext context, Section section, int n) {
        List<Room> rooms = Flux.range(1, n).flatMap(i -> {
            Room room = Room.create(context.server().url(), context.server().token("p6-" + n + "-" + i, "agent"),
                    context.options());
            return room.connect().then(room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                    AudioPublishOptions.defaults())).thenReturn(room);
        }, 4).collectList().block(Duration.ofMinutes(5));
        Mono.delay(Duration.ofSeconds(2)).block();
        List<Mono<RoomEvent.Reconnected>> recovered = new ArrayList<>();
        for (Room room : rooms) {
            Mono<RoomEvent.Reconnected> next = room.events(RoomEvent.Reconnected.class).next().cache();
            next.subscribe(null, e -> { });
            recovered.add(next);
        }
        long start = System.nanoTime();
        Flux.range(1, n).flatMap(i -> context.server().fault("p6-" + n + "-" + i, "agent",
                new Fault.Migrate(Duration.ofSeconds(20), Fault.OldPath.DROP)), n).blockLast(BenchContext.WAIT);
        List<Long> each = new ArrayList<>();
        int[] full = new int[1];
        int[] missing = new int[1];
        Flux.fromIterable(recovered).flatMap(r -> r.timeout(STORM_WAIT).map(e -> {
            synchronized (each) {
                each.add((System.nanoTime() - start) / 1_000_000);
                full[0] += e.mode() == Mode.FULL ? 1 : 0;
            }
            return e;
        }).onErrorResume(e -> {
            synchronized (each) {
                missing[0]++;
            }
            return Mono.empty();
        }), n).blockLast(STORM_WAIT.plusSeconds(10));
        long all = missing[0] > 0 ? -1 : each.stream().mapToLong(Long::longValue).max().orElse(0);
        Distribution perSession = new Distribution(n + " sessions: fault → Reconnected", each);
        section.keep(perSession);
        section.row(String.valueOf(n), all < 0 ? "not all" : String.valueOf(all), perSession.summary(),
                String.valueOf(full[0]), String.valueOf(missing[0]));
        BenchContext.progress("P6 %d sessions: all recovered in %s ms, %d full, %d missing", n,
                all < 0 ? "-" : String.format(Locale.ROOT, "%d", all), full[0], missing[0]);
        Flux.fromIterable(rooms).flatMap(Room::disconnect, 8).blockLast(BenchContext.WAIT);
    }
}
