package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Forwards one published audio track to every subscriber's downtrack, as a small SFU does (re-encoding: the
 * receive side decodes, each downtrack encodes again; no RTP pass-through in webrtc-java). Frames come from the
 * publisher PC's playout sink and are pushed on the server's single audio pump thread, so that every downtrack's
 * {@code CustomAudioSource} is only ever pushed from one thread.
 */
public final class AudioForwarder {

    /** Frames quieter than this are silence the playout thread made up, not audio the publisher sent. */
    static final double VOICED_RMS = 50;

    private record Target(LocalAudio downtrack, Runnable counted) {
    }

    private final String trackSid;
    private final RemoteAudio source;
    private final Scheduler pump;
    private final Runnable receivedCounter;
    private final CopyOnWriteArrayList<Target> targets = new CopyOnWriteArrayList<>();
    private Disposable subscription;
    /** The newest frame forwarded (pump thread), which a burst repeats. */
    private AudioFrame last;

    public AudioForwarder(String trackSid, RemoteAudio source, Scheduler pump, Runnable receivedCounter) {
        this.trackSid = trackSid;
        this.source = source;
        this.pump = pump;
        this.receivedCounter = receivedCounter;
    }

    public String trackSid() {
        return trackSid;
    }

    /** Starts pulling the publisher's audio. */
    public void start() {
        source.start().subscribe();
        subscription = source.frames(50).publishOn(pump).subscribe(this::forward);
    }

    /** Adds a downtrack; {@code counted} runs for every frame with sound pushed into it. */
    public void addTarget(LocalAudio downtrack, Runnable counted) {
        targets.add(new Target(downtrack, counted));
    }

    public void removeTarget(LocalAudio downtrack) {
        targets.removeIf(target -> target.downtrack() == downtrack);
    }

    public void stop() {
        if (subscription != null) {
            subscription.dispose();
        }
        targets.clear();
    }

    /**
     * Pushes {@code frames} copies of the newest frame into {@code downtrack} at once, on the pump: audio faster than
     * real time, as from a sender whose clock runs fast or that flushes a buffer (the {@code flood} fault).
     */
    public void burst(LocalAudio downtrack, int frames) {
        pump.schedule(() -> {
            AudioFrame frame = last;
            for (int i = 0; frame != null && i < frames; i++) {
                downtrack.push(frame);
            }
        });
    }

    private void forward(AudioFrame frame) {
        last = frame;
        boolean voiced = frame.rms() > VOICED_RMS;
        if (voiced) {
            receivedCounter.run();
        }
        for (Target target : targets) {
            target.downtrack().push(frame);
            if (voiced) {
                target.counted().run();
            }
        }
    }
}
