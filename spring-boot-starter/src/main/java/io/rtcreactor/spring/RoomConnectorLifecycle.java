package io.rtcreactor.spring;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;

/**
 * Leaves every room early in the application's shutdown, while the network still works. Spring stops lifecycle
 * beans before it destroys beans, and a WebFlux application's {@code ReactorResourceFactory} (phase 0) disposes
 * Reactor Netty's shared event loops when it stops, which the engine's signal connections run on: a room still
 * joined then loses its connection, tries to resume against a closed socket, and the server never hears the leave.
 * This stops at {@link #PHASE}, before the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and long
 * before those loops, and waits until every room has left (each bounded by the options' disconnect timeout).
 */
public final class RoomConnectorLifecycle implements SmartLifecycle {

    /** Stops before the web server's graceful shutdown, after any lifecycle of the application at a higher phase. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

    private final RoomConnector connector;
    private final AtomicBoolean running = new AtomicBoolean();

    public RoomConnectorLifecycle(RoomConnector connector) {
        this.connector = connector;
    }

    @Override
    public void start() {
        running.set(true);
    }

    @Override
    public void stop(Runnable callback) {
        connector.close().doFinally(signal -> {
            running.set(false);
            callback.run();
        }).subscribe(null, error -> { });
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
