package io.rtcreactor.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Objects;

/**
 * A block of 16-bit linear PCM, interleaved when stereo: what the engine publishes and what remote audio tracks
 * deliver. WebRTC works in 10 ms blocks (480 samples per channel at 48 kHz); publishing accepts frames of that
 * size at 48 kHz, mono or stereo.
 *
 * <p>The PCM array is shared, not copied: a producer must not change it after handing the frame over, and a
 * consumer must not change what it receives.
 */
public final class AudioFrame {

    /** The sample rate WebRTC's Opus path runs at, and the one publishing expects. */
    public static final int SAMPLE_RATE = 48_000;
    /** Samples per channel in 10 ms at {@link #SAMPLE_RATE}. */
    public static final int SAMPLES_PER_10MS = SAMPLE_RATE / 100;

    private final byte[] pcm;
    private final int sampleRate;
    private final int channels;

    private AudioFrame(byte[] pcm, int sampleRate, int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2, was " + channels);
        }
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be positive, was " + sampleRate);
        }
        if (pcm.length % (2 * channels) != 0) {
            throw new IllegalArgumentException("PCM length " + pcm.length + " is not a whole number of "
                    + channels + "-channel 16-bit samples");
        }
        this.pcm = pcm;
        this.sampleRate = sampleRate;
        this.channels = channels;
    }

    /** A frame over little-endian 16-bit PCM bytes (not copied). */
    public static AudioFrame wrap(byte[] pcmLittleEndian, int sampleRate, int channels) {
        return new AudioFrame(Objects.requireNonNull(pcmLittleEndian, "pcm"), sampleRate, channels);
    }

    /** A frame from samples (interleaved when stereo). */
    public static AudioFrame of(short[] samples, int sampleRate, int channels) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        return new AudioFrame(bytes.array(), sampleRate, channels);
    }

    /** Ten milliseconds of silence at 48 kHz. */
    public static AudioFrame silence(int channels) {
        return new AudioFrame(new byte[SAMPLES_PER_10MS * channels * 2], SAMPLE_RATE, channels);
    }

    /** Little-endian 16-bit PCM, interleaved; the frame's own array. */
    public byte[] pcm() {
        return pcm;
    }

    /** The samples as a new array (interleaved when stereo). */
    public short[] samples() {
        short[] out = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int channels() {
        return channels;
    }

    public int samplesPerChannel() {
        return pcm.length / 2 / channels;
    }

    public Duration duration() {
        return Duration.ofNanos(samplesPerChannel() * 1_000_000_000L / sampleRate);
    }

    /** Root mean square of all samples, 0 for silence, up to 32767. */
    public double rms() {
        ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int n = pcm.length / 2;
        for (int i = 0; i < n; i++) {
            double s = buffer.getShort(i * 2);
            sum += s * s;
        }
        return n == 0 ? 0 : Math.sqrt(sum / n);
    }

    @Override
    public String toString() {
        return "AudioFrame{" + samplesPerChannel() + " samples x " + channels + " ch @ " + sampleRate + " Hz}";
    }
}
