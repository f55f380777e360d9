package io.rtcreactor.benchmarks;

import io.rtcreactor.engine.AudioFrame;
import java.time.Duration;
import reactor.core.publisher.Sinks;

/**
 * The longest stretch without the tone, as a listener hears it: the time between two frames with sound, whatever
 * arrives in between (silence frames from WebRTC's playout, or nothing while a track is replaced).
 */
public final class SilenceMeter {

    /** RMS above which a 10 ms frame counts as sound (the tone is sent at amplitude 12 000). */
    private static final double SOUND_RMS = 1_000;

    private long lastSound;
    private long longestGap;
    private boolean heard;
    private long firstSoundMillis;
    private Sinks.Empty<Void> sound = Sinks.empty();

    public synchronized void add(AudioFrame frame) {
        if (frame.rms() < SOUND_RMS) {
            return;
        }
        long now = System.nanoTime();
        if (heard) {
            longestGap = Math.max(longestGap, now - lastSound);
        } else {
            firstSoundMillis = System.currentTimeMillis();
        }
        heard = true;
        lastSound = now;
        sound.tryEmitEmpty();
    }

    /** Starts a new measurement: the next gap counts from the last sound heard before now. */
    public synchronized void reset() {
        longestGap = 0;
    }

    /**
     * Blocks (the benchmark's main thread only) until sound is heard after this call. Not "since the reset": the
     * frames still in flight when a fault strikes would count, and the measurement would end before the gap did
     * (an earlier version reported 10 ms of silence for ten-second outages that way).
     */
    public void awaitSound(Duration timeout) {
        Sinks.Empty<Void> next = Sinks.empty();
        synchronized (this) {
            sound = next;
        }
        next.asMono().block(timeout);
    }

    public synchronized long longestGapMillis() {
        return Duration.ofNanos(longestGap).toMillis();
    }

    /** Wall-clock time (epoch ms, comparable with another process's) of the first sound heard, or 0. */
    public synchronized long firstSoundMillis() {
        return firstSoundMillis;
    }

    /** How long ago the last sound was heard ({@link Long#MAX_VALUE} before any). */
    public synchronized Duration sinceLastSound() {
        return heard ? Duration.ofNanos(System.nanoTime() - lastSound) : Duration.ofNanos(Long.MAX_VALUE);
    }
}
