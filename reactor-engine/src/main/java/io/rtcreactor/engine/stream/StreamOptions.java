package io.rtcreactor.engine.stream;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a text or byte stream is sent. Immutable; every {@code with…} returns a copy.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><th>option</th><th>default</th></tr>
 *   <tr><td>topic</td><td>empty (LiveKit's receivers ignore a stream whose topic has no handler)</td></tr>
 *   <tr><td>attributes</td><td>none</td></tr>
 *   <tr><td>destinations</td><td>none: everyone in the room</td></tr>
 *   <tr><td>mimeType</td><td>{@code text/plain} for text, {@code application/octet-stream} for bytes (a file's
 *   type is not guessed)</td></tr>
 *   <tr><td>name</td><td>{@code unknown} for bytes (a file's own name for {@code sendFile}); unused for text</td></tr>
 *   <tr><td>replyTo</td><td>empty: the stream answers no other</td></tr>
 * </table>
 */
public record StreamOptions(String topic, Map<String, String> attributes, List<String> destinations,
                            String mimeType, String name, String replyTo) {

    private static final StreamOptions DEFAULTS = new StreamOptions("", Map.of(), List.of(), "", "", "");

    public StreamOptions {
        Objects.requireNonNull(topic, "topic");
        attributes = Map.copyOf(attributes);
        destinations = List.copyOf(destinations);
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(replyTo, "replyTo");
    }

    /** The defaults above. */
    public static StreamOptions defaults() {
        return DEFAULTS;
    }

    /** The defaults with {@code topic}. */
    public static StreamOptions topic(String topic) {
        return DEFAULTS.withTopic(topic);
    }

    public StreamOptions withTopic(String value) {
        return new StreamOptions(value, attributes, destinations, mimeType, name, replyTo);
    }

    public StreamOptions withAttributes(Map<String, String> value) {
        return new StreamOptions(topic, value, destinations, mimeType, name, replyTo);
    }

    /** Only these participants (identities) receive the stream. */
    public StreamOptions withDestinations(List<String> value) {
        return new StreamOptions(topic, attributes, value, mimeType, name, replyTo);
    }

    public StreamOptions withMimeType(String value) {
        return new StreamOptions(topic, attributes, destinations, value, name, replyTo);
    }

    public StreamOptions withName(String value) {
        return new StreamOptions(topic, attributes, destinations, mimeType, value, replyTo);
    }

    /** The text stream this one answers (LiveKit's {@code reply_to_stream_id}). */
    public StreamOptions withReplyTo(String streamId) {
        return new StreamOptions(topic, attributes, destinations, mimeType, name, streamId);
    }
}
