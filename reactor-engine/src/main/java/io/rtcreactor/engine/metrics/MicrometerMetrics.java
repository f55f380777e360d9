package io.rtcreactor.engine.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Mode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's metrics in a Micrometer registry. Names and tags (all bounded; never a token, identity or room):
 * <ul>
 *   <li>{@code rtcreactor.sessions} (gauge; {@code state}): sessions in each connection state;</li>
 *   <li>{@code rtcreactor.reconnect.episodes} (timer with p50/p90/p99; {@code mode}, {@code cause},
 *       {@code outcome}): reconnect episodes and how long they took;</li>
 *   <li>{@code rtcreactor.signal.messages} (counter; {@code direction} in/out, {@code type}): signal messages;</li>
 *   <li>{@code rtcreactor.data.gaps} (counter; {@code side} local/remote): reliable packets lost for good;</li>
 *   <li>{@code rtcreactor.rpc.calls} (counter; {@code role} served/called, {@code outcome} ok or a code).</li>
 * </ul>
 * Share one instance among the rooms of a registry: {@code RoomOptions.defaults().withMetrics(metrics)}.
 */
public final class MicrometerMetrics implements EngineMetrics {

    private final MeterRegistry registry;
    private final Map<ConnectionState, AtomicInteger> sessions = new EnumMap<>(ConnectionState.class);
    private final io.micrometer.core.instrument.Timer laneLatency;
    private final io.micrometer.core.instrument.Counter framesDropped;
    private final io.micrometer.core.instrument.Counter eventsDropped;

    private MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ConnectionState state : ConnectionState.values()) {
            AtomicInteger count = new AtomicInteger();
            sessions.put(state, count);
            Gauge.builder("rtcreactor.sessions", count, AtomicInteger::get)
                    .description("sessions in each connection state")
                    .tag("state", lower(state))
                    .register(registry);
        }
        this.laneLatency = io.micrometer.core.instrument.Timer.builder("rtcreactor.lane.latency")
                .description("time from a signal message arriving to its handling on the session's lane")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.framesDropped = io.micrometer.core.instrument.Counter.builder("rtcreactor.audio.frames.dropped")
                .description("remote audio frames lost by subscribers that fell behind")
                .register(registry);
        this.eventsDropped = io.micrometer.core.instrument.Counter.builder("rtcreactor.events.dropped")
                .description("events and data packets lost by subscribers of events() or dataReceived() that fell"
                        + " behind")
                .register(registry);
    }

    @Override
    public void laneLatency(Duration waited) {
        laneLatency.record(waited);
    }

    @Override
    public void audioFrameDropped() {
        framesDropped.increment();
    }

    @Override
    public void eventDropped() {
        eventsDropped.increment();
    }

    /** Metrics bound to {@code registry}. */
    public static MicrometerMetrics bind(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }

    @Override
    public void sessionState(ConnectionState from, ConnectionState to) {
        if (from != null) {
            sessions.get(from).decrementAndGet();
        }
        if (to != ConnectionState.DISCONNECTED) {
            sessions.get(to).incrementAndGet();
        }
    }

    @Override
    public void episode(Mode mode, String cause, String outcome, Duration took) {
        Timer.builder("rtcreactor.reconnect.episodes")
                .description("reconnect episodes, from their start to recovered or disconnected")
                .tags("mode", lower(mode), "cause", cause, "outcome", outcome)
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry)
                .record(took);
    }

    @Override
    public void signal(boolean inbound, String type) {
        Counter.builder("rtcreactor.signal.messages")
                .tags("direction", inbound ? "in" : "out", "type", type)
                .register(registry)
                .increment();
    }

    @Override
    public void dataGap(boolean local, long packets) {
        Counter.builder("rtcreactor.data.gaps")
                .description("reliable data packets lost for good")
                .tag("side", local ? "local" : "remote")
                .register(registry)
                .increment(packets);
    }

    @Override
    public void rpc(boolean served, String outcome) {
        Counter.builder("rtcreactor.rpc.calls")
                .tags("role", served ? "served" : "called", "outcome", outcome)
                .register(registry)
                .increment();
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
