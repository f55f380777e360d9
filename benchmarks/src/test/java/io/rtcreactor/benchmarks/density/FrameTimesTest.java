package io.rtcreactor.benchmarks.density;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** P5's lateness rule: drift between audio clocks is no lateness; a hold-up is, for the second after it. */
@Timeout(10)
class FrameTimesTest {

    private static final long MS = 1_000_000L;

    @Test
    void aClockOnePercentSlowIsNeverLate() {
        FrameTimes times = new FrameTimes();
        times.start(0);
        for (int k = 0; k < 3000; k++) {
            times.add(k * 10_100_000L, 480, 48_000);
        }

        assertThat(times.stop()).containsExactly(3000, 0);
        assertThat(times.stalls()).isEmpty();
    }

    @Test
    void aHoldUpOfAHundredMillisecondsMakesTheNextSecondLateAndIsReportedAsOneStall() {
        FrameTimes times = new FrameTimes();
        times.start(0);
        for (int k = 0; k < 1000; k++) {
            // From frame 500 on, every frame comes 100 ms later than the schedule before it: a playout thread held
            // up once and never catching up, as webrtc-java's headless audio module does.
            times.add(k * 10 * MS + (k >= 500 ? 100 * MS : 0), 480, 48_000);
        }

        assertThat(times.stop()).containsExactly(1000, 100);
        assertThat(times.stalls()).hasSize(1);
        assertThat(times.stalls().get(0)).containsExactly(5100, 100, 100);
    }
}
