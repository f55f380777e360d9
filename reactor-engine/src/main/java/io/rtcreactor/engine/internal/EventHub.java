package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RoomEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * The session's hot outputs. Emitted only from the session's lane (one producer); delivered to subscribers on the
 * callback scheduler, so a subscriber's work never runs on the lane.
 * <ul>
 *   <li>{@link #states()} replays the latest state to each new subscriber;</li>
 *   <li>{@link #events()} and {@link #data()} give each subscriber its own buffer of {@code buffer} items; a
 *       subscriber that falls behind loses the oldest ones, counted in {@link #droppedEvents()} — a slow consumer
 *       never slows the session.</li>
 * </ul>
 */
public final class EventHub {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

    private final String name;
    private final int buffer;
    private final reactor.core.scheduler.Scheduler callbacks;
    private final Sinks.Many<ConnectionState> states = Sinks.many().replay().latest();
    private final Sinks.Many<RoomEvent> events = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<DataReceived> data = Sinks.many().multicast().directBestEffort();
    private final AtomicLong dropped = new AtomicLong();
    private volatile ConnectionState current = ConnectionState.CONNECTING;

    private final io.rtcreactor.engine.metrics.EngineMetrics metrics;

    public EventHub(String name, int buffer, reactor.core.scheduler.Scheduler callbacks,
                    io.rtcreactor.engine.metrics.EngineMetrics metrics) {
        this.name = name;
        this.metrics = metrics;
        this.buffer = buffer;
        this.callbacks = callbacks;
        states.tryEmitNext(ConnectionState.CONNECTING);
    }

    public Flux<ConnectionState> states() {
        return states.asFlux().publishOn(callbacks);
    }

    public ConnectionState state() {
        return current;
    }

    public Flux<RoomEvent> events() {
        return events.asFlux().onBackpressureBuffer(buffer, e -> dropped(),
                BufferOverflowStrategy.DROP_OLDEST).publishOn(callbacks, 1);
    }

    public Flux<DataReceived> data() {
        return data.asFlux().onBackpressureBuffer(buffer, e -> dropped(),
                BufferOverflowStrategy.DROP_OLDEST).publishOn(callbacks, 1);
    }

    private void dropped() {
        dropped.incrementAndGet();
        metrics.eventDropped();
    }

    public long droppedEvents() {
        return dropped.get();
    }

    public void state(ConnectionState next) {
        if (current != next) {
            current = next;
            LOG.info("{}: {}", name, next);
            states.tryEmitNext(next);
        }
    }

    public void emit(RoomEvent event) {
        LOG.debug("{}: {}", name, event);
        events.tryEmitNext(event);
        if (event instanceof RoomEvent.DataPacketReceived received) {
            data.tryEmitNext(received.data());
        }
    }

    /** Ends every stream (after Disconnected). */
    public void complete() {
        states.tryEmitComplete();
        events.tryEmitComplete();
        data.tryEmitComplete();
    }
}
