package io.rtcreactor.engine.stream;

/**
 * The topics and attributes LiveKit's agents and frontends agree on (livekit/agents {@code constants}, the
 * components' {@code useChat} and {@code useTranscriptions}).
 */
public final class Topics {

    /** Chat messages, one text stream each. */
    public static final String CHAT = "lk.chat";
    /** Transcriptions, one text stream per segment. */
    public static final String TRANSCRIPTION = "lk.transcription";
    /** On a transcription stream: the sid of the track whose speech it transcribes. */
    public static final String TRANSCRIBED_TRACK_ID = "lk.transcribed_track_id";
    /** On a transcription stream: the segment it carries (a segment is sent again as it is refined). */
    public static final String SEGMENT_ID = "lk.segment_id";
    /** On a transcription stream (header or trailer): {@code "true"} once the segment's text is final. */
    public static final String TRANSCRIPTION_FINAL = "lk.transcription_final";
    /** The participant attribute an agent's state goes in ({@code listening}, {@code thinking}, {@code speaking}). */
    public static final String AGENT_STATE = "lk.agent.state";

    private Topics() {
    }
}
