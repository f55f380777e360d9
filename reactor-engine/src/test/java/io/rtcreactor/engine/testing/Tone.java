package io.rtcreactor.engine.testing;

import io.rtcreactor.engine.AudioFrame;
import reactor.core.publisher.Flux;

/** A sine tone as 10 ms, 48 kHz, 16-bit frames, phase-continuous from one frame to the next. */
public final class Tone {

    private Tone() {
    }

    /** {@code frames} frames of a {@code hz} tone at {@code amplitude} (0..32767), mono. */
    public static Flux<AudioFrame> frames(double hz, int amplitude, long frames) {
        return Flux.range(0, (int) frames).map(i -> frame(hz, amplitude, i));
    }

    /** An endless tone, generated as demanded. */
    public static Flux<AudioFrame> endless(double hz, int amplitude) {
        return Flux.<AudioFrame, Long>generate(() -> 0L, (index, sink) -> {
            sink.next(frame(hz, amplitude, index));
            return index + 1;
        });
    }

    /** Frame number {@code index} of the tone. */
    public static AudioFrame frame(double hz, int amplitude, long index) {
        int n = AudioFrame.SAMPLES_PER_10MS;
        short[] samples = new short[n];
        long first = index * n;
        for (int i = 0; i < n; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (first + i) / AudioFrame.SAMPLE_RATE));
        }
        return AudioFrame.of(samples, AudioFrame.SAMPLE_RATE, 1);
    }
}
