package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.AudioFrame;
import reactor.core.publisher.Flux;

/** The demo caller's voice: an endless sine tone in 10 ms mono frames at 48 kHz, made as the engine asks for them. */
final class Sine {

    private Sine() {
    }

    /** A tone of {@code hz} at {@code amplitude} (of 32767), phase-continuous from frame to frame. */
    static Flux<AudioFrame> frames(double hz, int amplitude) {
        return Flux.<AudioFrame, Long>generate(() -> 0L, (index, sink) -> {
            sink.next(frame(hz, amplitude, index));
            return index + 1;
        });
    }

    static AudioFrame frame(double hz, int amplitude, long index) {
        short[] samples = new short[AudioFrame.SAMPLES_PER_10MS];
        long first = index * samples.length;
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * (first + i) / AudioFrame.SAMPLE_RATE));
        }
        return AudioFrame.of(samples, AudioFrame.SAMPLE_RATE, 1);
    }
}
