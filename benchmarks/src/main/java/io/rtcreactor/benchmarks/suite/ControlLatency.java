package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.benchmarks.report.Distribution;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.EngineMetrics;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.rtc.SdpStepHook;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * P3: the control lane while SDP work is stuck. The server offers on the subscriber and the engine's
 * {@code setRemoteDescription} of that offer is held 3 s (a step hook); meanwhile the server sends a
 * {@code leave{RESUME}}. Measured: the lane latency (arrival on the socket to handling on the session's lane, the
 * engine's own metric) of every signal message handled while the step was stuck, the Leave, pongs and candidates
 * among them; and the time from the fault request to the engine's {@code Resuming} event (an upper bound of the
 * Leave's path: it includes the testkit's control call and the socket).
 */
final class ControlLatency implements Benchmark {

    private static final String ROOM = "p3";
    private static final Duration STUCK = Duration.ofSeconds(3);

    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicBoolean stuck = new AtomicBoolean();
    private final Queue<Long> laneMicros = new ConcurrentLinkedQueue<>();

    @Override
    public String id() {
        return "P3";
    }

    @Override
    public String title() {
        return "control-lane latency while an SDP step is stuck";
    }

    @Override
    public void run(BenchContext context) {
        int samples = context.mode().samples(1, 5, 30);
        List<Long> leaveToEffect = new ArrayList<>();
        laneMicros.clear();
        RoomOptions options = context.options().withSdpStepHook(hook()).withMetrics(new EngineMetrics() {
            @Override
            public void laneLatency(Duration waited) {
                if (stuck.get()) {
                    laneMicros.add(waited.toNanos() / 1_000);
                }
            }
        });
        try (Listener listener = Listener.join(context, ROOM)) {
            Room agent = Room.connect(context.server().url(), context.server().token(ROOM, "agent"), options)
                    .block(BenchContext.WAIT);
            agent.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults())
                    .block(BenchContext.WAIT);
            listener.meter("agent").awaitSound(BenchContext.WAIT);
            for (int i = 1; i <= samples; i++) {
                leaveToEffect.add(sample(context, agent));
                BenchContext.progress("P3 %d/%d: fault → Resuming %d µs; lane latencies while stuck so far: %d",
                        i, samples, leaveToEffect.get(i - 1), laneMicros.size());
            }
            agent.disconnect().block(BenchContext.WAIT);
        }
        Section section = context.section(this);
        section.columns("figure", "µs (min / median / p90 / p99 / max)", "samples");
        section.row(new Distribution("lane latency of each signal message handled while a step was stuck",
                List.copyOf(laneMicros)));
        section.row(new Distribution("leave{RESUME} fault request → Resuming event (includes the testkit's hop)",
                leaveToEffect));
    }

    /** One stuck window with a Leave in it; returns fault → Resuming in µs. */
    private long sample(BenchContext context, Room agent) {
        armed.set(true);
        context.server().fault(ROOM, "agent", new Fault.OfferBurst()).block(BenchContext.WAIT);
        if (!Waits.until(Duration.ofSeconds(10), stuck::get)) {
            throw new IllegalStateException("the subscriber's setRemoteDescription was never held");
        }
        Mono<Long> resuming = agent.events(RoomEvent.Resuming.class).next().map(e -> System.nanoTime()).cache();
        Mono<RoomEvent.Reconnected> reconnected = agent.events(RoomEvent.Reconnected.class).next().cache();
        resuming.subscribe(null, e -> { });
        reconnected.subscribe(null, e -> { });
        long faultAt = System.nanoTime();
        context.server().fault(ROOM, "agent", new Fault.Leave(LeaveRequest.Action.RESUME,
                DisconnectReason.MIGRATION, true)).block(BenchContext.WAIT);
        long tookMicros = (resuming.block(BenchContext.WAIT) - faultAt) / 1_000;
        reconnected.block(BenchContext.WAIT);
        Waits.until(BenchContext.WAIT, () -> !stuck.get());
        Mono.delay(Duration.ofMillis(500)).block();
        return tookMicros;
    }

    /** Holds the subscriber's next setRemoteDescription for {@link #STUCK} once armed. */
    private SdpStepHook hook() {
        return (transport, step, offerId) -> step.equals("setRemoteDescription") && transport.contains("subscriber")
                && armed.compareAndSet(true, false)
                ? Mono.delay(STUCK).doOnSubscribe(s -> stuck.set(true)).doFinally(s -> stuck.set(false)).then()
                : Mono.empty();
    }
}
