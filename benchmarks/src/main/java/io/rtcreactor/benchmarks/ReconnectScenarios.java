package io.rtcreactor.benchmarks;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.media.MediaRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Scenario figures for {@code docs/benchmarks.md}: how long the engine takes to come back from what a LiveKit
 * server does to it, measured against the in-process testkit with real peer connections. Not JMH: each sample is
 * one whole reconnect episode, seconds long, and what matters is its distribution.
 *
 * <pre>
 * scripts/netns-jvm/bin/java -cp benchmarks/target/benchmarks.jar io.rtcreactor.benchmarks.ReconnectScenarios [samples [only]]
 * </pre>
 * (the namespace launcher gives WebRTC a non-loopback address that leads nowhere). For each scenario it prints
 * the engine's own {@code Reconnected.took} (episode start to recovered), the time from the fault request to the
 * event, the longest silence the other participant heard in the agent's tone, and, when the fault cut the old
 * path ({@code old_path: drop}), the media gap each way as the testkit's relay saw it (docs/benchmarks.md).
 */
public final class ReconnectScenarios {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROOM = "bench";
    /** Runs only the scenarios whose title contains this (second argument; all when empty). */
    private static String only = "";

    private ReconnectScenarios() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        only = args.length > 1 ? args[1] : "";
        LoopbackServer server = LoopbackServer.start(TestkitOptions.defaults()).block(WAIT);
        try {
            RoomOptions options = RoomOptions.defaults();
            Room listener = join(server, "listener", options);
            Room agent = join(server, "agent", options);
            SilenceMeter silence = new SilenceMeter();
            listener.events().ofType(RoomEvent.TrackSubscribed.class)
                    .subscribe(e -> e.track().frames().subscribe(silence::add));
            agent.localParticipant().publishAudio(tone(440), AudioPublishOptions.defaults().name("tone"))
                    .block(WAIT);
            // A call: the other side talks too, so that the agent's subscriber transport carries audio.
            listener.localParticipant().publishAudio(tone(660), AudioPublishOptions.defaults().name("caller"))
                    .block(WAIT);
            silence.awaitSound(WAIT);

            report(server, "migration, old path kept (leave{RESUME, MIGRATION}, socket closed) → resume", Mode.RESUME,
                    samples, agent, silence, () -> server.fault(ROOM, "agent",
                            new Fault.Migrate(Duration.ofSeconds(3), Fault.OldPath.KEEP)));
            report(server, "migration, old node gone (old_path: drop) → resume", Mode.RESUME, samples, agent,
                    silence, () -> server.fault(ROOM, "agent",
                            new Fault.Migrate(Duration.ofSeconds(3), Fault.OldPath.DROP)));
            report(server, "signal connection dropped → resume", Mode.RESUME, samples, agent, silence,
                    () -> server.fault(ROOM, "agent", new Fault.CloseSignal(true)));
            report(server, "media black-holed until the next resume → ICE disconnected, grace, resume", Mode.RESUME,
                    Math.max(1, samples / 5), agent, silence,
                    () -> server.fault(ROOM, "agent", new Fault.BlackHoleMedia(null)));
            report(server, "leave{RECONNECT} → full reconnect (rejoin, republish)", Mode.FULL, samples, agent, silence,
                    () -> server.fault(ROOM, "agent", new Fault.Leave(LeaveRequest.Action.RECONNECT,
                            DisconnectReason.UNKNOWN_REASON, true)));

            agent.disconnect().block(WAIT);
            listener.disconnect().block(WAIT);
        } finally {
            server.close().block(WAIT);
        }
        System.exit(0);
    }

    private static Room join(LoopbackServer server, String identity, RoomOptions options) {
        return Room.connect(server.url(), server.token(ROOM, identity), options).block(WAIT);
    }

    private static void report(LoopbackServer server, String title, Mode mode, int samples, Room agent,
                               SilenceMeter silence,
                               java.util.function.Supplier<Mono<Integer>> fault) {
        if (!title.contains(only)) {
            return;
        }
        List<Long> took = new ArrayList<>();
        List<Long> outage = new ArrayList<>();
        List<Long> gaps = new ArrayList<>();
        List<Long> upGaps = new ArrayList<>();
        List<Long> downGaps = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            Mono<RoomEvent.Reconnected> next = agent.events().ofType(RoomEvent.Reconnected.class).next()
                    .timeout(WAIT).cache();
            next.subscribe(null, e -> { });
            silence.reset();
            String sid = agent.localParticipant().sid();
            int pathBefore = server.inspect(r -> r.context().relay().pathGeneration(sid)).block(WAIT);
            java.time.Instant faultAt = java.time.Instant.now();
            long start = System.nanoTime();
            fault.get().block(WAIT);
            RoomEvent.Reconnected reconnected = next.block(WAIT);
            outage.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
            if (reconnected.mode() != mode) {
                // What the server saw of the agent, for the diagnosis.
                server.inspect(r -> r.record(ROOM, "agent").timeline()).block(WAIT).forEach(System.err::println);
                throw new IllegalStateException(title + ": expected " + mode + ", got " + reconnected.mode());
            }
            silence.awaitSound(WAIT);
            took.add(reconnected.took().toMillis());
            gaps.add(silence.longestGapMillis());
            int pathAfter = server.inspect(r -> r.context().relay().pathGeneration(sid)).block(WAIT);
            if (pathAfter > pathBefore && agentMedia(server, sid, pathAfter)) {
                // The old path was dropped at the fault: the media gap is from then to the first media packet on
                // the path the ICE restart made, per direction, as the relay in front of the server saw it.
                MediaRelay.FirstPackets up = server.inspect(r -> r.context().relay()
                        .firstPackets(sid, pathAfter, SignalTarget.PUBLISHER)).block(WAIT);
                MediaRelay.FirstPackets down = server.inspect(r -> r.context().relay()
                        .firstPackets(sid, pathAfter, SignalTarget.SUBSCRIBER)).block(WAIT);
                upGaps.add(Duration.between(faultAt, up.mediaToServer()).toMillis());
                downGaps.add(Duration.between(faultAt, down.mediaToClient()).toMillis());
            }
            System.err.printf(Locale.ROOT, "sample %d: took %d ms, fault to Reconnected %d ms, silence %d ms%s%n",
                    i + 1, took.get(i), outage.get(i), gaps.get(i), upGaps.size() > i ? String.format(Locale.ROOT,
                            ", media gap agent→server %d ms, server→agent %d ms", upGaps.get(i), downGaps.get(i))
                            : "");
            // Let the new path settle before the next episode.
            Mono.delay(Duration.ofMillis(500)).block();
        }
        System.out.printf(Locale.ROOT, "%s, %d samples%n  Reconnected.took ms: %s%n  fault to Reconnected ms: %s%n"
                + "  longest silence heard by the other participant ms: %s%n", title, took.size(), stats(took),
                stats(outage), stats(gaps));
        if (!upGaps.isEmpty()) {
            System.out.printf(Locale.ROOT, "  media gap at the relay, agent → server audio (publisher) ms: %s%n"
                    + "  media gap at the relay, server → agent audio (subscriber) ms: %s%n", stats(upGaps),
                    stats(downGaps));
        }
    }

    /** Waits (bounded) until audio passed the relay both ways on the agent's path {@code generation}. */
    private static boolean agentMedia(LoopbackServer server, String sid, int generation) {
        return Flux.interval(Duration.ofMillis(20)).take(Duration.ofSeconds(5))
                .flatMap(tick -> server.inspect(r -> r.context().relay().firstPackets(sid, generation,
                        SignalTarget.PUBLISHER).mediaToServer() != null && r.context().relay().firstPackets(sid,
                        generation, SignalTarget.SUBSCRIBER).mediaToClient() != null))
                .any(Boolean::booleanValue).block(WAIT);
    }

    private static String stats(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "min %d, median %d, p90 %d, p99 %d, max %d", sorted.get(0),
                sorted.get(sorted.size() / 2), rank(sorted, 0.9), rank(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    /** The nearest-rank percentile: with 30 samples p90 is the 27th value and p99 the 30th (the maximum). */
    private static long rank(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(sorted.size() * p) - 1);
    }

    private static Flux<AudioFrame> tone(double hz) {
        return Flux.generate(() -> 0L, (index, sink) -> {
            short[] samples = new short[AudioFrame.SAMPLES_PER_10MS];
            long first = index * samples.length;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) Math.round(12_000 * Math.sin(2 * Math.PI * hz * (first + i)
                        / AudioFrame.SAMPLE_RATE));
            }
            sink.next(AudioFrame.of(samples, AudioFrame.SAMPLE_RATE, 1));
            return index + 1;
        });
    }
}
