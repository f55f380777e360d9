package io.rtcreactor.engine.stream;

import java.util.Objects;

/**
 * A piece of transcribed speech, as LiveKit's agents publish it: the track it transcribes, a segment id (a segment
 * may be sent several times as it is refined, the last one {@code isFinal}), and its text.
 *
 * @param participantIdentity whose speech it transcribes (the sender of a text stream; a legacy packet names it)
 * @param trackSid            the transcribed track ({@code lk.transcribed_track_id})
 * @param id                  the segment id ({@code lk.segment_id})
 * @param text                the text
 * @param isFinal             whether the text is final ({@code lk.transcription_final})
 * @param language            the language, where the sender said (legacy packets only)
 */
public record TranscriptionSegment(String participantIdentity, String trackSid, String id, String text,
                                   boolean isFinal, String language) {

    public TranscriptionSegment {
        Objects.requireNonNull(trackSid, "trackSid");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
    }

    /** A segment to publish for {@code trackSid} (the sender's identity goes with the stream). */
    public static TranscriptionSegment of(String trackSid, String id, String text, boolean isFinal) {
        return new TranscriptionSegment("", trackSid, id, text, isFinal, "");
    }
}
