package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioFrame;

/**
 * Tells when a remote track starts and stops carrying sound, from frame energy (RMS). Remote tracks deliver
 * frames all the time, silence included (WebRTC's playout never stops pulling), so "frames arrive" says nothing;
 * energy does. Hysteresis keeps a word's pauses from printing a line each: sound must last {@link #ON_FRAMES}
 * frames to count, and quiet {@link #OFF_FRAMES} frames.
 */
final class VoiceActivity {

    /** About -36 dBFS: well above Opus' comfort noise, well below speech or a test tone. */
    static final double VOICED_RMS = 500;
    static final int ON_FRAMES = 5;
    static final int OFF_FRAMES = 50;

    /** A change worth a line. */
    enum Change { NONE, STARTED, STOPPED }

    private volatile boolean speaking;
    private int run;

    /** Whether the track carries sound now (after the last STARTED, before its STOPPED). */
    boolean speaking() {
        return speaking;
    }

    /** Feeds one frame; called by one thread at a time (a track's frames arrive in order). */
    Change update(AudioFrame frame) {
        boolean voiced = frame.rms() >= VOICED_RMS;
        if (voiced == speaking) {
            run = 0;
            return Change.NONE;
        }
        run++;
        if (run < (speaking ? OFF_FRAMES : ON_FRAMES)) {
            return Change.NONE;
        }
        speaking = voiced;
        run = 0;
        return voiced ? Change.STARTED : Change.STOPPED;
    }
}
