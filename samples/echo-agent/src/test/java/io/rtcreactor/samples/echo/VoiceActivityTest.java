package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VoiceActivityTest {

    private final VoiceActivity activity = new VoiceActivity();
    private final List<VoiceActivity.Change> changes = new ArrayList<>();

    @Test
    void soundMustLastToStartAndSilenceLongerToStop() {
        feed(loud(), VoiceActivity.ON_FRAMES - 1);
        feed(quiet(), 1);
        feed(loud(), VoiceActivity.ON_FRAMES);
        feed(quiet(), VoiceActivity.OFF_FRAMES - 1);
        feed(loud(), 1);
        feed(quiet(), VoiceActivity.OFF_FRAMES);

        assertThat(changes).containsExactly(VoiceActivity.Change.STARTED, VoiceActivity.Change.STOPPED);
    }

    private void feed(AudioFrame frame, int times) {
        for (int i = 0; i < times; i++) {
            VoiceActivity.Change change = activity.update(frame);
            if (change != VoiceActivity.Change.NONE) {
                changes.add(change);
            }
        }
    }

    private static AudioFrame loud() {
        short[] samples = new short[AudioFrame.SAMPLES_PER_10MS];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i % 2 == 0 ? 4000 : -4000);
        }
        return AudioFrame.of(samples, AudioFrame.SAMPLE_RATE, 1);
    }

    private static AudioFrame quiet() {
        return AudioFrame.silence(1);
    }
}
