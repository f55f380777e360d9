package io.rtcreactor.engine.stream;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a stream's header says (LiveKit's {@code DataStream.Header}), and who sent it.
 *
 * @param id               the stream id the sender chose (a UUID for LiveKit's SDKs and this engine)
 * @param kind             text or bytes
 * @param topic            what the stream is about; receivers register handlers by topic ({@code lk.chat}, …)
 * @param mimeType         {@code text/plain} for text, {@code application/octet-stream} for bytes unless the sender
 *                         said otherwise
 * @param timestamp        when the sender opened the stream, by its clock
 * @param totalLength      the length in bytes (UTF-8 for text) when the sender knew it up front; a received
 *                         stream of known length that ends shorter or longer fails instead of completing
 * @param attributes       the sender's attributes for this stream
 * @param senderIdentity   who sent it (our own identity on a stream we send)
 * @param name             a byte stream's name (a file's name); empty for text
 * @param attachedStreamIds byte streams that belong to a text stream (LiveKit's attachments)
 * @param replyToStreamId  the stream a text stream answers, or empty
 * @param generated        whether a text stream was produced by a machine (speech to text, a language model)
 */
public record StreamInfo(String id, Kind kind, String topic, String mimeType, Instant timestamp,
                         OptionalLong totalLength, Map<String, String> attributes, String senderIdentity,
                         String name, List<String> attachedStreamIds, String replyToStreamId, boolean generated) {

    /** Text (UTF-8, chunks split on character boundaries) or bytes. */
    public enum Kind {
        TEXT,
        BYTES
    }

    public StreamInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        attributes = Map.copyOf(attributes);
        attachedStreamIds = List.copyOf(attachedStreamIds);
    }
}
