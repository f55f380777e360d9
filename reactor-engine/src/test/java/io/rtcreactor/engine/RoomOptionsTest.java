package io.rtcreactor.engine;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(10)
class RoomOptionsTest {

    @Test
    void thePathSilenceLimitIsThreeSecondsZeroSwitchesItOffAndNonsenseIsRefused() {
        assertThat(RoomOptions.defaults().pathSilenceLimit()).isEqualTo(Duration.ofSeconds(3));
        assertThat(RoomOptions.defaults().withPathSilenceLimit(Duration.ZERO).pathSilenceLimit()).isZero();
        assertThat(RoomOptions.defaults().withPathSilenceLimit(Duration.ofSeconds(8)).pathSilenceLimit())
                .isEqualTo(Duration.ofSeconds(8));
        assertThatThrownBy(() -> RoomOptions.defaults().withPathSilenceLimit(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pathSilenceLimit");
        // Shorter than a few check intervals would take every lost answer for a dead path.
        assertThatThrownBy(() -> RoomOptions.defaults().withPathSilenceLimit(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 300 ms");
    }

    @Test
    void withKeepsEveryOtherOption() {
        RoomOptions options = RoomOptions.defaults().withPeerDisconnectedGrace(Duration.ofSeconds(9))
                .withPathSilenceLimit(Duration.ofSeconds(4)).withJoinTimeout(Duration.ofSeconds(7));
        assertThat(options.peerDisconnectedGrace()).isEqualTo(Duration.ofSeconds(9));
        assertThat(options.pathSilenceLimit()).isEqualTo(Duration.ofSeconds(4));
    }
}
