package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Keepalive of one signal connection, on a serial scheduler (real or virtual time).
 *
 * <p>Protocol rules: "The client sends {@code ping_req = Ping{timestamp, rtt}} every interval; the server answers
 * {@code pong_resp}"; "The signal link is dead when no message of any kind arrives for {@code ping_timeout}".
 * So liveness is about any message, not about pongs: a server that keeps sending other messages but no pongs is
 * alive (FAULTS.md F10 b, our documented choice); its RTT simply stays at the last measured value.
 */
public final class Keepalive {

    private final Scheduler scheduler;
    private final Duration interval;
    private final Duration timeout;
    private final LongConsumer ping;
    private final Consumer<SignalLostException> dead;
    private Disposable pingTimer;
    private Disposable livenessTimer;
    private long lastHeard;
    private long rtt;
    private boolean stopped;

    /**
     * @param interval how often to ping; null for liveness only (before the JoinResponse gave the values)
     * @param timeout  silence after which the link is dead; at least 1 ms (as is the interval)
     * @param ping     sends a ping with the given timestamp and last RTT (called on {@code scheduler})
     * @param dead     called once when the link is declared dead
     */
    public Keepalive(Scheduler scheduler, Duration interval, Duration timeout, LongConsumer ping,
                     Consumer<SignalLostException> dead) {
        // Protocol: "zero or negative must not crash or spin". The timers count whole milliseconds, so a positive
        // value under 1 ms would become a 0 ms ping loop: such values are refused too.
        if (timeout.toMillis() < 1 || (interval != null && interval.toMillis() < 1)) {
            throw new IllegalArgumentException("keepalive values must be at least 1 ms (interval " + interval
                    + ", timeout " + timeout + ")");
        }
        this.scheduler = scheduler;
        this.interval = interval;
        this.timeout = timeout;
        this.ping = ping;
        this.dead = dead;
    }

    /** Starts both timers; the silence is counted from now. */
    public void start() {
        lastHeard = now();
        scheduleLiveness(timeout.toMillis());
        if (interval != null) {
            schedulePing();
        }
    }

    /** A message of any kind arrived. */
    public void heard() {
        lastHeard = now();
    }

    /** A pong arrived for the ping sent at {@code sentAtMillis}. */
    public void pong(long sentAtMillis) {
        heard();
        rtt = Math.max(0, now() - sentAtMillis);
    }

    /** The last measured round trip in ms (0 before the first pong). */
    public long rttMillis() {
        return rtt;
    }

    /** The timestamp the next ping carries (the scheduler's clock, in ms). */
    public long now() {
        return scheduler.now(TimeUnit.MILLISECONDS);
    }

    public void stop() {
        stopped = true;
        if (pingTimer != null) {
            pingTimer.dispose();
        }
        if (livenessTimer != null) {
            livenessTimer.dispose();
        }
    }

    private void schedulePing() {
        pingTimer = scheduler.schedule(() -> {
            if (!stopped) {
                ping.accept(rtt);
                schedulePing();
            }
        }, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleLiveness(long delayMillis) {
        livenessTimer = scheduler.schedule(this::checkLiveness, Math.max(1, delayMillis), TimeUnit.MILLISECONDS);
    }

    private void checkLiveness() {
        if (stopped) {
            return;
        }
        long silent = now() - lastHeard;
        long limit = timeout.toMillis();
        if (silent >= limit) {
            stop();
            dead.accept(new SignalLostException("no message from the server for " + silent + " ms (ping timeout "
                    + limit + " ms)", true));
        } else {
            scheduleLiveness(limit - silent);
        }
    }
}
