package io.rtcreactor.engine.reconnect;

import java.time.Duration;
import java.util.Optional;

/**
 * One decision: given the attempt about to be made, how long the episode has lasted and what failed last,
 * wait this long, or give up. Implementations must be pure apart from their jitter source, and must give up
 * once {@link #deadline()} is reached, so that every episode is bounded (DESIGN.md invariant 9).
 */
public interface ReconnectPolicy {

    /**
     * @param attempt the number of the attempt about to be made, from 1
     * @param elapsed time since the episode began
     * @param cause   why the previous attempt failed (the episode's trigger for attempt 1)
     * @return the delay before the attempt, or empty to give up
     */
    Optional<Duration> nextDelay(int attempt, Duration elapsed, Throwable cause);

    /** The whole episode's bound: no attempt starts after it, and the episode ends at it. */
    Duration deadline();

    /**
     * The default: first attempt at once, then 300 ms doubling to 7 s, each delay scaled by a random factor in
     * [0.5, 1] (half jitter: never less than half the nominal delay), at most 10 attempts, 60 s in all (the budget
     * of LiveKit's JS and Rust clients, with one overall deadline added).
     */
    static ReconnectPolicy defaults() {
        return JitteredBackoff.defaults();
    }
}
