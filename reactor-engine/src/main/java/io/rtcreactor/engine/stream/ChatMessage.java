package io.rtcreactor.engine.stream;

import java.time.Instant;
import java.util.Objects;

/**
 * A chat message, sent or received: a text stream on {@link Topics#CHAT} (LiveKit's current way), or a legacy
 * {@code chat_message} packet (LiveKit's deprecated {@code sendChatMessage}).
 *
 * @param id             the message id (a text stream's id)
 * @param timestamp      when the sender sent it, by its clock
 * @param message        the text
 * @param senderIdentity who sent it
 * @param edited         a legacy packet that edits the message {@code id} sent earlier
 * @param deleted        a legacy packet that deletes it
 * @param legacy         whether it came as a {@code chat_message} packet rather than a text stream
 */
public record ChatMessage(String id, Instant timestamp, String message, String senderIdentity, boolean edited,
                          boolean deleted, boolean legacy) {

    public ChatMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(message, "message");
    }
}
