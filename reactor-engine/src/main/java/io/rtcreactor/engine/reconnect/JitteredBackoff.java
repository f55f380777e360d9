package io.rtcreactor.engine.reconnect;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter and a hard deadline: attempt 1 at once, attempt n ≥ 2 after
 * {@code min(max, base · 2^(n-2))} scaled by a jitter factor in {@code [1 - jitter, 1]}; no attempt beyond
 * {@code maxAttempts}; none that would start after {@code deadline}. Immutable; the jitter source is injected so
 * schedules are reproducible in tests.
 *
 * <p>Defaults: base 300 ms, max 7 s, jitter 0.5, 10 attempts, deadline 60 s.
 */
public final class JitteredBackoff implements ReconnectPolicy {

    private final Duration base;
    private final Duration max;
    private final double jitter;
    private final int maxAttempts;
    private final Duration deadline;
    private final DoubleSupplier random;

    private JitteredBackoff(Duration base, Duration max, double jitter, int maxAttempts, Duration deadline,
                            DoubleSupplier random) {
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within [0, 1]");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        this.base = base;
        this.max = max;
        this.jitter = jitter;
        this.maxAttempts = maxAttempts;
        this.deadline = deadline;
        this.random = random;
    }

    public static JitteredBackoff defaults() {
        Random random = new Random();
        return new JitteredBackoff(Duration.ofMillis(300), Duration.ofSeconds(7), 0.5, 10, Duration.ofSeconds(60),
                random::nextDouble);
    }

    public JitteredBackoff withBase(Duration value) {
        return new JitteredBackoff(value, max, jitter, maxAttempts, deadline, random);
    }

    public JitteredBackoff withMax(Duration value) {
        return new JitteredBackoff(base, value, jitter, maxAttempts, deadline, random);
    }

    /** 0 = no jitter; 0.5 = delays between half and all of the nominal value. */
    public JitteredBackoff withJitter(double value) {
        return new JitteredBackoff(base, max, value, maxAttempts, deadline, random);
    }

    public JitteredBackoff withMaxAttempts(int value) {
        return new JitteredBackoff(base, max, jitter, value, deadline, random);
    }

    public JitteredBackoff withDeadline(Duration value) {
        return new JitteredBackoff(base, max, jitter, maxAttempts, value, random);
    }

    /** The source of jitter, values in [0, 1). */
    public JitteredBackoff withRandom(DoubleSupplier value) {
        return new JitteredBackoff(base, max, jitter, maxAttempts, deadline, value);
    }

    @Override
    public Optional<Duration> nextDelay(int attempt, Duration elapsed, Throwable cause) {
        if (attempt > maxAttempts || elapsed.compareTo(deadline) >= 0) {
            return Optional.empty();
        }
        if (attempt <= 1) {
            return Optional.of(Duration.ZERO);
        }
        long nominal = Math.min(max.toMillis(), base.toMillis() << Math.min(20, attempt - 2));
        long delay = Math.round(nominal * (1 - jitter * random.getAsDouble()));
        Duration wait = Duration.ofMillis(delay);
        if (elapsed.plus(wait).compareTo(deadline) >= 0) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    @Override
    public Duration deadline() {
        return deadline;
    }

    @Override
    public String toString() {
        return "JitteredBackoff{base=" + base + ", max=" + max + ", jitter=" + jitter + ", maxAttempts=" + maxAttempts
                + ", deadline=" + deadline + "}";
    }
}
