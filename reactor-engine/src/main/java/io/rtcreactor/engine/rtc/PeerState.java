package io.rtcreactor.engine.rtc;

/** The aggregate state of one peer connection (the W3C {@code connectionState}), as errors report it. */
public enum PeerState {
    /** Created; no ICE or DTLS activity yet. */
    NEW,
    /** ICE or DTLS is establishing. */
    CONNECTING,
    /** ICE and DTLS are up: media and data can flow. */
    CONNECTED,
    /** Connectivity was lost; libwebrtc may still recover without help. */
    DISCONNECTED,
    /** Connectivity is lost for good: only an ICE restart or a new connection recovers. */
    FAILED,
    /** Closed by us. */
    CLOSED;
}
