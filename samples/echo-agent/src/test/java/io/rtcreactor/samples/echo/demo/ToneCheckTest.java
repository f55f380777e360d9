package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.AudioFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ToneCheckTest {

    @Test
    void recognisesItsOwnToneAndNoOther() {
        for (long i = 0; i < 20; i++) {
            assertThat(ToneCheck.share(Sine.frame(440, 8000, i), 440)).isGreaterThan(0.9);
            assertThat(ToneCheck.isTone(Sine.frame(440, 8000, i), 440)).isTrue();
            assertThat(ToneCheck.share(Sine.frame(660, 8000, i), 440)).isLessThan(0.05);
            assertThat(ToneCheck.isTone(Sine.frame(300, 8000, i), 440)).isFalse();
        }
    }

    @Test
    void silenceAndWhispersAreNotTheTone() {
        assertThat(ToneCheck.isTone(AudioFrame.silence(1), 440)).isFalse();
        assertThat(ToneCheck.isTone(Sine.frame(440, 100, 3), 440)).isFalse();
    }

    @Test
    void stereoIsFoldedToMono() {
        short[] mono = Sine.frame(440, 8000, 7).samples();
        short[] stereo = new short[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i];
            stereo[2 * i + 1] = mono[i];
        }
        assertThat(ToneCheck.isTone(AudioFrame.of(stereo, AudioFrame.SAMPLE_RATE, 2), 440)).isTrue();
    }
}
