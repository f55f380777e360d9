package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.proto.ChatMessage;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.Transcription;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import java.time.Instant;
import java.util.List;

/**
 * The data packets LiveKit's clients used for chat and transcriptions before text streams ({@code chat_message},
 * {@code transcription}), read as client-sdk-js reads them ({@code extractChatMessage},
 * {@code extractTranscriptionSegments}) and written as its deprecated {@code sendChatMessage} writes them.
 */
public final class LegacyText {

    private LegacyText() {
    }

    static io.rtcreactor.engine.stream.ChatMessage chat(ChatMessage message, String sender) {
        return new io.rtcreactor.engine.stream.ChatMessage(message.getId(), Instant.ofEpochMilli(message.getTimestamp()),
                message.getMessage(), sender, message.hasEditTimestamp(), message.getDeleted(), true);
    }

    /** The segments of a transcription packet; the transcribed participant is the one the packet names, if any. */
    static List<TranscriptionSegment> segments(Transcription transcription, String sender) {
        String who = transcription.getTranscribedParticipantIdentity().isEmpty() ? sender
                : transcription.getTranscribedParticipantIdentity();
        return transcription.getSegmentsList().stream().map(segment -> new TranscriptionSegment(who,
                transcription.getTrackId(), segment.getId(), segment.getText(), segment.getFinal(),
                segment.getLanguage())).toList();
    }

    /** A {@code chat_message} packet for {@code text}, with a fresh id, sent now. */
    public static DataPacket.Builder chatPacket(String text, Instant now) {
        return DataPacket.newBuilder().setChatMessage(ChatMessage.newBuilder().setId(Ids.uuid())
                .setTimestamp(now.toEpochMilli()).setMessage(text));
    }
}
