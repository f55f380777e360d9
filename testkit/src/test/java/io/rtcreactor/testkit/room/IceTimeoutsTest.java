package io.rtcreactor.testkit.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LiveKit's ICE failure clock (issue 10, item 20): 15 s without a packet, counted from the last one. */
class IceTimeoutsTest {

    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");

    @Test
    void aParticipantSilentForFifteenSecondsFailsOnceAndOnlyThen() {
        IceTimeouts timeouts = new IceTimeouts();
        assertThat(timeouts.look(Map.of("PA_a", 10L), T0)).isEmpty();
        assertThat(timeouts.look(Map.of("PA_a", 12L), T0.plusSeconds(3))).as("packets keep it alive").isEmpty();

        assertThat(timeouts.look(Map.of("PA_a", 12L), T0.plusSeconds(3).plus(Duration.ofMillis(14_999)))).isEmpty();
        assertThat(timeouts.look(Map.of("PA_a", 12L), T0.plusSeconds(18))).containsExactly("PA_a");
        assertThat(timeouts.look(Map.of("PA_a", 12L), T0.plusSeconds(30))).as("reported once").isEmpty();
    }

    @Test
    void packetsAfterAFailureStartTheClockAgain() {
        IceTimeouts timeouts = new IceTimeouts();
        timeouts.look(Map.of("PA_a", 1L), T0);
        assertThat(timeouts.look(Map.of("PA_a", 1L), T0.plusSeconds(15))).containsExactly("PA_a");

        assertThat(timeouts.look(Map.of("PA_a", 5L), T0.plusSeconds(20))).isEmpty();
        assertThat(timeouts.look(Map.of("PA_a", 5L), T0.plusSeconds(34))).isEmpty();
        assertThat(timeouts.look(Map.of("PA_a", 5L), T0.plusSeconds(35))).containsExactly("PA_a");
    }

    @Test
    void aParticipantNoLongerWatchedIsForgottenAndStartsAfreshWhenWatchedAgain() {
        IceTimeouts timeouts = new IceTimeouts();
        timeouts.look(Map.of("PA_a", 1L, "PA_b", 1L), T0);
        timeouts.look(Map.of("PA_b", 2L), T0.plusSeconds(10));

        assertThat(timeouts.look(Map.of("PA_a", 1L, "PA_b", 2L), T0.plusSeconds(16))).as("PA_a's clock restarted")
                .isEmpty();
        assertThat(timeouts.look(Map.of("PA_a", 1L, "PA_b", 2L), T0.plusSeconds(25))).containsExactly("PA_b");
    }
}
