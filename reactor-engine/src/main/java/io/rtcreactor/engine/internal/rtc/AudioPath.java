package io.rtcreactor.engine.internal.rtc;

/**
 * Which of a runtime's two factories a peer connection belongs to. webrtc-java cannot both push audio into a
 * {@code CustomAudioSource} and run a headless audio module's capture on one factory (the process aborts in
 * {@code audio_send_stream.cc}), and only the headless module's playout thread makes remote audio reach a sink
 * (shared/WEBRTC.md). So a PC that sends audio lives on the send factory, a PC that receives it on the receive
 * factory.
 */
public enum AudioPath {
    /** Dummy audio module; audio is pushed through {@code CustomAudioSource}. A client's publisher PC. */
    SEND,
    /** Headless audio module whose playout thread pulls remote audio into sinks. A client's subscriber PC. */
    RECEIVE
}
