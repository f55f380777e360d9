package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioFrame;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

class EchoMixerTest {

    private final EchoMixer mixer = new EchoMixer();

    @Test
    void nobodySpeakingIsSilenceNotAGap() {
        AudioFrame frame = mixer.next();
        assertThat(frame.rms()).isZero();
        assertThat(frame.samplesPerChannel()).isEqualTo(AudioFrame.SAMPLES_PER_10MS);
        assertThat(frame.sampleRate()).isEqualTo(AudioFrame.SAMPLE_RATE);
        assertThat(frame.channels()).isEqualTo(1);
    }

    @Test
    void aTracksFramesComeBackInOrderThenSilence() {
        Sinks.Many<AudioFrame> track = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", track.asFlux());
        track.tryEmitNext(constant(1000));
        track.tryEmitNext(constant(2000));

        assertThat(mixer.next().samples()[0]).isEqualTo((short) 1000);
        assertThat(mixer.next().samples()[0]).isEqualTo((short) 2000);
        assertThat(mixer.next().rms()).isZero();
    }

    @Test
    void twoSpeakersAreAddedAndClippedNotInterleaved() {
        Sinks.Many<AudioFrame> a = Sinks.many().multicast().directBestEffort();
        Sinks.Many<AudioFrame> b = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", a.asFlux());
        mixer.add("TR_b", b.asFlux());
        a.tryEmitNext(constant(1000));
        b.tryEmitNext(constant(2500));
        a.tryEmitNext(constant(30_000));
        b.tryEmitNext(constant(30_000));

        assertThat(mixer.next().samples()[100]).isEqualTo((short) 3500);
        assertThat(mixer.next().samples()[100]).isEqualTo(Short.MAX_VALUE);
    }

    @Test
    void stereoAndOtherRatesBecomeTenMillisecondsOfMono48k() {
        Sinks.Many<AudioFrame> track = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", track.asFlux());
        short[] stereo = new short[AudioFrame.SAMPLES_PER_10MS * 2];
        for (int i = 0; i < stereo.length; i += 2) {
            stereo[i] = 1000;
            stereo[i + 1] = 3000;
        }
        track.tryEmitNext(AudioFrame.of(stereo, AudioFrame.SAMPLE_RATE, 2));
        track.tryEmitNext(AudioFrame.of(filled(441, (short) 1200), 44_100, 1));

        AudioFrame folded = mixer.next();
        assertThat(folded.channels()).isEqualTo(1);
        assertThat(folded.samples()).containsOnly((short) 2000);
        AudioFrame stretched = mixer.next();
        assertThat(stretched.samplesPerChannel()).isEqualTo(AudioFrame.SAMPLES_PER_10MS);
        assertThat(stretched.samples()).containsOnly((short) 1200);
    }

    @Test
    void aSenderAheadOfUsLosesItsOldestFramesSoTheEchoDoesNotLag() {
        Sinks.Many<AudioFrame> track = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", track.asFlux());
        for (int i = 1; i <= 20; i++) {
            track.tryEmitNext(constant(i * 100));
        }

        List<Short> out = Flux.range(0, EchoMixer.MAX_QUEUED + 1).map(i -> mixer.next().samples()[0])
                .collectList().block();
        assertThat(out.subList(0, EchoMixer.MAX_QUEUED))
                .containsExactly((short) 1500, (short) 1600, (short) 1700, (short) 1800, (short) 1900, (short) 2000);
        assertThat(out.get(EchoMixer.MAX_QUEUED)).isZero();
    }

    @Test
    void aTrackThatEndsOrIsRemovedLeavesTheMix() {
        Sinks.Many<AudioFrame> ending = Sinks.many().multicast().directBestEffort();
        Sinks.Many<AudioFrame> removed = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", ending.asFlux());
        mixer.add("TR_b", removed.asFlux());
        assertThat(mixer.inputs()).isEqualTo(2);

        ending.tryEmitComplete();
        mixer.remove("TR_b");

        assertThat(mixer.inputs()).isZero();
        assertThat(removed.currentSubscriberCount()).isZero();
    }

    @Test
    void pulledAtTheEnginesPaceOnATimerThreadItNeverBlocks() {
        // The engine zips our frames (prefetch 1) with a 10 ms tick on its non-blocking timer scheduler, as here:
        // BlockHound, on in every test run, would fail this if producing a frame blocked.
        Sinks.Many<AudioFrame> track = Sinks.many().multicast().directBestEffort();
        mixer.add("TR_a", track.asFlux());
        Flux<Long> ticks = Flux.interval(Duration.ofMillis(10)).onBackpressureDrop();
        List<AudioFrame> pulled = Flux.zip(pair -> (AudioFrame) pair[1], 1, ticks, mixer.frames())
                .doOnNext(frame -> track.tryEmitNext(constant(700)))
                .take(30)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(pulled).hasSize(30);
        assertThat(pulled.stream().filter(frame -> frame.rms() > 0).count()).isGreaterThan(20);
    }

    private static AudioFrame constant(int value) {
        return AudioFrame.of(filled(AudioFrame.SAMPLES_PER_10MS, (short) value), AudioFrame.SAMPLE_RATE, 1);
    }

    private static short[] filled(int n, short value) {
        short[] samples = new short[n];
        java.util.Arrays.fill(samples, value);
        return samples;
    }
}
