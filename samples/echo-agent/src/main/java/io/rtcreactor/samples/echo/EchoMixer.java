package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Turns the audio of every subscribed remote track into the one stream the agent publishes.
 *
 * <p>Remote tracks push 10 ms frames in real time (WebRTC's playout pulls every 10 ms); the engine pulls our
 * published stream at the same pace, one frame per 10 ms tick. So the mixer does not merge streams (that would
 * send two callers' frames one after the other, each at half speed), it keeps a short queue per track and on each
 * pull takes one frame from every queue and adds them up. A queue holds at most {@link #MAX_QUEUED} frames: when a
 * sender's clock runs ahead of ours the oldest frames go, so the echo never lags more than that. When no queue
 * has a frame (nobody subscribed yet, or a late frame) the pull gets silence: the engine must always have a frame
 * to send, and a gap would be heard as silence anyway.
 *
 * <p>Thread safety: tracks push on whatever thread the engine delivers on, the engine pulls on its timer thread;
 * the queues are lock-free, so neither side ever waits for the other.
 */
public final class EchoMixer {

    /** At most 60 ms of audio waits per track. */
    static final int MAX_QUEUED = 6;

    private static final AudioFrame SILENCE = AudioFrame.silence(1);

    private final Map<String, Input> inputs = new ConcurrentHashMap<>();

    /** One remote track's frames, waiting to be mixed. */
    private static final class Input {
        final ConcurrentLinkedQueue<AudioFrame> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger size = new AtomicInteger();
        volatile Disposable feed;

        void offer(AudioFrame frame) {
            queue.offer(frame);
            if (size.incrementAndGet() > MAX_QUEUED && queue.poll() != null) {
                size.decrementAndGet();
            }
        }

        AudioFrame poll() {
            AudioFrame frame = queue.poll();
            if (frame != null) {
                size.decrementAndGet();
            }
            return frame;
        }
    }

    /**
     * Mixes {@code frames} in under {@code key} (a track sid) until they complete or {@link #remove} is called; a
     * second call with the same key replaces the first (a track that came back after a full reconnect).
     */
    public void add(String key, Flux<AudioFrame> frames) {
        Input input = new Input();
        Input previous = inputs.put(key, input);
        if (previous != null && previous.feed != null) {
            previous.feed.dispose();
        }
        input.feed = frames.subscribe(input::offer, error -> inputs.remove(key, input),
                () -> inputs.remove(key, input));
    }

    /** Stops mixing {@code key}. */
    public void remove(String key) {
        Input input = inputs.remove(key);
        if (input != null && input.feed != null) {
            input.feed.dispose();
        }
    }

    /** Tracks being mixed. */
    public int inputs() {
        return inputs.size();
    }

    /**
     * The mix, one 10 ms mono 48 kHz frame per request, produced when the consumer asks (never ahead of it). Each
     * publication subscribes anew; only one should read at a time, since a frame taken by one is gone for others.
     */
    public Flux<AudioFrame> frames() {
        return Flux.generate(sink -> sink.next(next()));
    }

    /** The next frame of the mix: silence when no track has one. */
    AudioFrame next() {
        int[] sum = null;
        for (Input input : inputs.values()) {
            AudioFrame frame = input.poll();
            if (frame == null) {
                continue;
            }
            if (sum == null) {
                sum = new int[AudioFrame.SAMPLES_PER_10MS];
            }
            Pcm.addMono48k(frame, sum);
        }
        return sum == null ? SILENCE : Pcm.clipped(sum);
    }
}
