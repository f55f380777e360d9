package io.rtcreactor.engine.testing;

import io.rtcreactor.engine.AudioFrame;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * One second of a {@code hz} tone, mono. A whole number of hertz fits whole periods into the second, so the
     * frames can be played in a loop without a click.
     */
    public static List<AudioFrame> second(int hz, int amplitude) {
        List<AudioFrame> frames = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            frames.add(frame(hz, amplitude, i));
        }
        return List.copyOf(frames);
    }

    /**
     * An endless tone that repeats one precomputed {@link #second}: nothing is computed or allocated per frame. For
     * load tests, where synthesising a tone per call would charge the source's own cost to what is measured.
     */
    public static Flux<AudioFrame> looped(int hz, int amplitude) {
        return Flux.fromIterable(second(hz, amplitude)).repeat();
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
