package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.EngineAccess;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Audio of a remote participant's track, decoded to 48 kHz 16-bit PCM in 10 ms frames. The same object lives
 * across a resume and a full reconnect: when the engine's subscriber transport is replaced, the new transport's
 * audio continues into the same {@link #frames()}.
 *
 * <p>{@link #frames()} is hot: frames arrive in real time whether or not anyone listens. Each subscriber has a
 * buffer of the room's {@code audioBuffer} frames (default 50, half a second); a subscriber slower than real time
 * loses the oldest frames, counted in {@link #droppedFrames()}. Subscribers run on the room's callback scheduler,
 * never on WebRTC's playout thread (which serves every stream). Before media arrives and after the sender stops,
 * frames carry silence (WebRTC's playout never stops pulling).
 */
public final class RemoteAudioTrack {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteAudioTrack.class);

    private final String sid;
    private final String participantSid;
    private final String participantIdentity;
    private final int bufferFrames;
    private final reactor.core.scheduler.Scheduler callbacks;
    private final Sinks.Many<AudioFrame> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile Disposable feed;
    private final Runnable onDrop;

    static {
        EngineAccess.install(new EngineAccess.Tracks() {
            @Override
            public RemoteAudioTrack create(String sid, String participantSid, String participantIdentity,
                                           int bufferFrames, reactor.core.scheduler.Scheduler callbacks,
                                           Runnable onDrop) {
                return new RemoteAudioTrack(sid, participantSid, participantIdentity, bufferFrames, callbacks, onDrop);
            }

            @Override
            public void attach(RemoteAudioTrack track, RemoteAudio audio) {
                track.attach(audio);
            }

            @Override
            public void detach(RemoteAudioTrack track) {
                track.detach();
            }

            @Override
            public void end(RemoteAudioTrack track) {
                track.end();
            }
        });
    }

    private RemoteAudioTrack(String sid, String participantSid, String participantIdentity, int bufferFrames,
                             reactor.core.scheduler.Scheduler callbacks, Runnable onDrop) {
        this.onDrop = onDrop;
        this.callbacks = callbacks;
        this.sid = sid;
        this.participantSid = participantSid;
        this.participantIdentity = participantIdentity;
        this.bufferFrames = bufferFrames;
    }

    public String sid() {
        return sid;
    }

    public String participantSid() {
        return participantSid;
    }

    public String participantIdentity() {
        return participantIdentity;
    }

    /** The decoded audio; hot; bounded per subscriber, dropping the oldest frames. */
    public Flux<AudioFrame> frames() {
        return sink.asFlux().onBackpressureBuffer(bufferFrames, frame -> {
            dropped.incrementAndGet();
            onDrop.run();
        },
                BufferOverflowStrategy.DROP_OLDEST).publishOn(callbacks, 1);
    }

    /** Frames dropped because a subscriber of {@link #frames()} fell behind. */
    public long droppedFrames() {
        return dropped.get();
    }

    /** Frames delivered by WebRTC's playout so far. */
    public long deliveredFrames() {
        return delivered.get();
    }

    /** Feeds this track from a transport's remote audio (replacing any earlier one). Called by the engine. */
    void attach(RemoteAudio audio) {
        Disposable previous = feed;
        if (previous != null) {
            previous.dispose();
        }
        // Starting fails only when the runtime is already shut down (the session is ending): nothing to deliver.
        audio.start().subscribe(null, e -> LOG.debug("{}: remote audio not started: {}", audio.name(), e.toString()));
        // Every remote audio of a runtime is delivered on its one playout thread: a single producer.
        feed = audio.frames(bufferFrames).subscribe(frame -> {
            delivered.incrementAndGet();
            sink.tryEmitNext(frame);
        });
    }

    /** Stops the feed without completing {@link #frames()} (a transport going away before its replacement). */
    void detach() {
        Disposable previous = feed;
        if (previous != null) {
            previous.dispose();
        }
        feed = null;
    }

    /** Completes {@link #frames()}: the track is gone for good. Called by the engine. */
    void end() {
        detach();
        sink.tryEmitComplete();
    }

    @Override
    public String toString() {
        return "RemoteAudioTrack{" + sid + " of " + participantIdentity + "}";
    }
}
