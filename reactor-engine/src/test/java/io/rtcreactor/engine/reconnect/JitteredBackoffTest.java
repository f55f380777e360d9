package io.rtcreactor.engine.reconnect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The default reconnect policy: attempt 1 at once, then {@code min(max, base · 2^(n-2))} scaled by a jitter
 * factor in {@code [1 - jitter, 1]}; no attempt past {@code maxAttempts}; none that would start at or after the
 * deadline. The jitter source is injected, so every schedule here is exact.
 */
class JitteredBackoffTest {

    private static final RuntimeException CAUSE = new IllegalStateException("socket closed");
    private static final JitteredBackoff NO_JITTER = JitteredBackoff.defaults().withJitter(0).withMaxAttempts(100)
            .withDeadline(Duration.ofHours(1));

    private static List<Long> delays(ReconnectPolicy policy, int attempts) {
        List<Long> out = new ArrayList<>();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            out.add(policy.nextDelay(attempt, Duration.ZERO, CAUSE).orElseThrow().toMillis());
        }
        return out;
    }

    @Test
    void theFirstAttemptIsImmediateWhateverTheJitter() {
        for (double r : new double[] {0, 0.5, 0.999}) {
            JitteredBackoff policy = JitteredBackoff.defaults().withJitter(1).withRandom(() -> r);
            assertThat(policy.nextDelay(1, Duration.ZERO, CAUSE)).contains(Duration.ZERO);
        }
    }

    @Test
    void delaysDoubleFromBaseToMax() {
        assertThat(delays(NO_JITTER, 10)).containsExactly(0L, 300L, 600L, 1_200L, 2_400L, 4_800L, 7_000L, 7_000L,
                7_000L, 7_000L);
        JitteredBackoff custom = NO_JITTER.withBase(Duration.ofMillis(100)).withMax(Duration.ofMillis(1_000));
        assertThat(delays(custom, 7)).containsExactly(0L, 100L, 200L, 400L, 800L, 1_000L, 1_000L);
    }

    @Test
    void aVeryLateAttemptDoesNotOverflowPastMax() {
        assertThat(NO_JITTER.nextDelay(99, Duration.ZERO, CAUSE)).contains(Duration.ofSeconds(7));
    }

    @Test
    void jitterScalesTheNominalDelayWithinOneMinusJitterAndOne() {
        JitteredBackoff half = NO_JITTER.withJitter(0.5);
        assertThat(half.withRandom(() -> 0).nextDelay(3, Duration.ZERO, CAUSE)).contains(Duration.ofMillis(600));
        assertThat(half.withRandom(() -> 0.5).nextDelay(3, Duration.ZERO, CAUSE)).contains(Duration.ofMillis(450));
        assertThat(half.withRandom(() -> 0.999_999).nextDelay(3, Duration.ZERO, CAUSE))
                .contains(Duration.ofMillis(300));

        Random seeded = new Random(42);
        JitteredBackoff random = NO_JITTER.withJitter(0.3).withRandom(seeded::nextDouble);
        for (int i = 0; i < 1_000; i++) {
            int attempt = 2 + i % 9;
            long nominal = Math.min(7_000, 300L << (attempt - 2));
            long delay = random.nextDelay(attempt, Duration.ZERO, CAUSE).orElseThrow().toMillis();
            assertThat(delay).as("attempt %d", attempt).isBetween(Math.round(nominal * 0.7), nominal);
        }
    }

    @Test
    void theInjectedRandomIsTheOnlySourceOfJitter() {
        JitteredBackoff a = NO_JITTER.withJitter(0.5).withRandom(new Random(7)::nextDouble);
        JitteredBackoff b = NO_JITTER.withJitter(0.5).withRandom(new Random(7)::nextDouble);
        assertThat(delays(a, 10)).isEqualTo(delays(b, 10));
    }

    @Test
    void noAttemptPastMaxAttempts() {
        JitteredBackoff policy = NO_JITTER.withMaxAttempts(4);
        assertThat(policy.nextDelay(4, Duration.ZERO, CAUSE)).contains(Duration.ofMillis(1_200));
        assertThat(policy.nextDelay(5, Duration.ZERO, CAUSE)).isEmpty();
        assertThat(JitteredBackoff.defaults().withMaxAttempts(1).nextDelay(2, Duration.ZERO, CAUSE)).isEmpty();
    }

    @Test
    void noAttemptThatWouldStartAtOrPastTheDeadline() {
        JitteredBackoff policy = NO_JITTER.withDeadline(Duration.ofSeconds(10));
        // Attempt 3 waits 600 ms: starting at 9.399 s is fine, at 9.4 s it would start on the deadline.
        assertThat(policy.nextDelay(3, Duration.ofMillis(9_399), CAUSE)).contains(Duration.ofMillis(600));
        assertThat(policy.nextDelay(3, Duration.ofMillis(9_400), CAUSE)).isEmpty();
        assertThat(policy.nextDelay(1, Duration.ofMillis(9_999), CAUSE)).contains(Duration.ZERO);
        assertThat(policy.nextDelay(1, Duration.ofSeconds(10), CAUSE)).isEmpty();
        assertThat(policy.deadline()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultsAreLiveKitsBudgetWithADeadline() {
        JitteredBackoff defaults = JitteredBackoff.defaults();
        assertThat(defaults.deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.nextDelay(10, Duration.ZERO, CAUSE)).isPresent();
        assertThat(defaults.nextDelay(11, Duration.ZERO, CAUSE)).isEmpty();
        for (int attempt = 2; attempt <= 10; attempt++) {
            long nominal = Math.min(7_000, 300L << (attempt - 2));
            Optional<Duration> delay = defaults.nextDelay(attempt, Duration.ZERO, CAUSE);
            assertThat(delay.orElseThrow().toMillis()).isBetween(nominal / 2, nominal);
        }
        assertThat(ReconnectPolicy.defaults().deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.toString()).contains("base=PT0.3S", "max=PT7S", "jitter=0.5", "maxAttempts=10");
    }

    @Test
    void badValuesAreRejected() {
        JitteredBackoff defaults = JitteredBackoff.defaults();
        assertThatThrownBy(() -> defaults.withJitter(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withJitter(1.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
