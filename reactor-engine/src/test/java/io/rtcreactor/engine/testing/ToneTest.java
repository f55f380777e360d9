package io.rtcreactor.engine.testing;

import io.rtcreactor.engine.AudioFrame;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** The looped tone the density benchmark sends: a second that repeats without a click, and the same frames each time. */
@Timeout(10)
class ToneTest {

    @Test
    void aSecondOfAWholeNumberedToneContinuesIntoItsOwnStart() {
        List<AudioFrame> second = Tone.second(440, 12_000);

        assertThat(second).hasSize(100);
        // The frame after the last is what the synthesiser would compute for frame 100: the loop has no seam.
        assertThat(Tone.frame(440, 12_000, 100).samples()).containsExactly(second.get(0).samples());
        assertThat(second.get(99).samples()).containsExactly(Tone.frame(440, 12_000, 99).samples());
    }

    @Test
    void theLoopedToneRepeatsTheSameFramesWithoutMakingNewOnes() {
        List<AudioFrame> second = Tone.second(660, 12_000);
        List<AudioFrame> sent = Tone.looped(660, 12_000).take(250).collectList().block(Duration.ofSeconds(5));

        assertThat(sent).hasSize(250);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(sent.get(i).samples()).containsExactly(second.get(i % 100).samples());
        }
        assertThat(sent.get(0)).isSameAs(sent.get(100)).isSameAs(sent.get(200));
    }
}
