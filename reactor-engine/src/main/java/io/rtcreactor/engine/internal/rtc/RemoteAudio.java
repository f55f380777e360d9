package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import io.rtcreactor.engine.AudioFrame;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A remote audio track received on a peer connection of the receive factory. The headless audio module's playout
 * thread pulls every receive stream every 10 ms and hands each block to this track's sink; the sink wraps it
 * in an {@link AudioFrame} and emits it, nothing more (the playout thread serves every stream of the factory).
 *
 * <p>Because playout pulls on a clock, frames of silence arrive before media does and after the sender stops:
 * detect audio by energy, not by the arrival of frames.
 */
public final class RemoteAudio {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteAudio.class);

    private final String name;
    private final AudioTrack track;
    private final Scheduler worker;
    private final Sinks.Many<AudioFrame> frames = Sinks.many().multicast().directBestEffort();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean attached = new AtomicBoolean();
    private final AudioTrackSink sink = this::onData;

    private final java.util.function.Consumer<Boolean> sinkCounter;

    RemoteAudio(String name, AudioTrack track, Scheduler worker, java.util.function.Consumer<Boolean> sinkCounter) {
        this.name = name;
        this.track = track;
        this.worker = worker;
        this.sinkCounter = sinkCounter;
    }

    /** Starts delivering frames (adds the native sink on the native worker). */
    public Mono<Void> start() {
        return Mono.<Void>fromRunnable(() -> {
            if (attached.compareAndSet(false, true)) {
                track.addSink(sink);
                sinkCounter.accept(true);
            }
        }).subscribeOn(worker);
    }

    /**
     * The decoded audio as a hot stream. Each subscriber gets its own buffer of {@code bufferFrames} frames;
     * when a subscriber falls behind by more than that, the oldest frames are dropped (counted in
     * {@link #droppedFrames()}): live audio is worth more than complete audio.
     */
    public Flux<AudioFrame> frames(int bufferFrames) {
        return frames.asFlux().onBackpressureBuffer(bufferFrames, frame -> dropped.incrementAndGet(),
                BufferOverflowStrategy.DROP_OLDEST);
    }

    /** Frames dropped so far because a subscriber was slower than real time. */
    public long droppedFrames() {
        return dropped.get();
    }

    /** Frames the playout thread delivered so far. */
    public long receivedFrames() {
        return received.get();
    }

    public String name() {
        return name;
    }

    /** Stops delivery on the native worker and completes {@link #frames(int)}. */
    public Mono<Void> stop() {
        return Mono.fromRunnable(this::detach).subscribeOn(worker).then();
    }

    /** Stops delivery; runs on the native worker. */
    void detach() {
        if (attached.compareAndSet(true, false)) {
            track.removeSink(sink);
            sinkCounter.accept(false);
        }
        frames.tryEmitComplete();
    }

    AudioTrack nativeTrack() {
        return track;
    }

    private void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int samplesPerChannel) {
        // Runs on the receive factory's playout thread: wrap, emit, return. Never throw (a throw aborts the JVM).
        try {
            if (bitsPerSample != 16 || samplesPerChannel <= 0) {
                return;
            }
            int bytes = Math.min(data.length, samplesPerChannel * channels * 2);
            // webrtc-java fills a new Java array for every block and drops only its local reference once we
            // return (AudioTrackSink::OnData, webrtc-jni api/AudioTrackSink.cpp, 0.14.0): the array is ours, so
            // it is handed on as it is. Copying it cost a second ~1 kB per 10 ms and track, which at dozens of
            // calls is GC work competing with the audio threads for the cores.
            byte[] pcm = data.length == bytes ? data : java.util.Arrays.copyOf(data, bytes);
            received.incrementAndGet();
            frames.tryEmitNext(AudioFrame.wrap(pcm, sampleRate, channels));
        } catch (Throwable t) {
            LOG.warn("{}: dropped an audio block the sink could not take: {}", name, t.toString());
        }
    }
}
