package io.rtcreactor.engine.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The sessions of this JVM that have started and not ended, so that a JVM asked to stop (SIGTERM, Ctrl-C,
 * {@code System.exit}) leaves every room first: the server hears {@code leave{DISCONNECT, CLIENT_INITIATED}} at
 * once instead of timing the participant out, and the other side sees it go. A JVM whose {@code main} returned with
 * a room still joined keeps running, as one with an open server socket does: WebRTC's native threads are not daemon
 * threads, and the call is still up; it exits once the last session ended.
 */
final class OpenSessions {

    private static final Logger LOG = LoggerFactory.getLogger(OpenSessions.class);
    private static final Set<Session> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private OpenSessions() {
    }

    static void opened(Session session) {
        OPEN.add(session);
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(OpenSessions::leaveAll, "rtc-reactor-shutdown"));
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: nothing to hook
            }
        }
    }

    static void ended(Session session) {
        OPEN.remove(session);
    }

    /**
     * Runs on the JVM's shutdown-hook thread, never a reactive one, so it may wait: each session's disconnect is
     * bounded by its own timeout, and the wait by the longest of them plus a second.
     */
    private static void leaveAll() {
        List<Session> open = List.copyOf(OPEN);
        if (open.isEmpty()) {
            return;
        }
        LOG.info("the JVM is stopping: leaving {} room(s) first", open.size());
        Duration bound = open.stream().map(s -> s.options().disconnectTimeout()).max(Duration::compareTo)
                .orElse(Duration.ZERO).plusSeconds(1);
        try {
            Flux.fromIterable(open).flatMap(s -> s.disconnect().onErrorResume(e -> Mono.empty())).then().toFuture()
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("leaving the rooms on JVM shutdown did not finish within {}: {}", bound, e.toString());
        }
    }
}
