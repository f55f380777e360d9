package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DataStream;
import io.rtcreactor.engine.stream.ByteStream;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.TextStream;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Text and byte streams arriving (LiveKit's {@code IncomingDataStreamManager}, client-sdk-js): a header opens a
 * stream for the handler of its topic (none: ignored, as LiveKit's clients do), chunks follow in
 * {@code chunk_index} order, the trailer ends it. Stricter than LiveKit's clients where they let a stream end short:
 * a missing chunk, a length other than the header's {@code total_length}, a trailer with a {@code reason}, a sender
 * that leaves, a full reconnect (the rest went to the old session) or the end of the session fails the stream with
 * a {@link StreamBrokenException}; a receiver never sees a truncated stream complete. A chunk at an index already
 * seen (a re-sent or replaced chunk) is dropped.
 *
 * <p>Compressed streams ({@code compression} DEFLATE_RAW) are sent only to clients that announce
 * CAP_COMPRESSION_DEFLATE_RAW, which this engine does not: such a header is rejected. A header's
 * {@code inline_content} (data streams v2, a whole stream in one packet) is taken as the stream's only chunk.
 *
 * <p>Handlers may be set from any thread; everything else runs on the session's lane. Handlers and chunk subscribers
 * run on {@code callbacks}.
 */
final class IncomingStreams implements DataLane.StreamEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(IncomingStreams.class);

    private final String name;
    private final Scheduler callbacks;
    private final Consumer<RoomEvent> events;
    private final Map<String, Consumer<TextStream>> textHandlers = new ConcurrentHashMap<>();
    private final Map<String, Consumer<ByteStream>> byteHandlers = new ConcurrentHashMap<>();
    private final Map<String, Open> open = new HashMap<>();
    private long ignored;

    /** A stream between its header and its trailer. */
    private static final class Open {
        final StreamInfo info;
        final String senderSid;
        final Sinks.Many<Object> sink = Sinks.many().unicast().onBackpressureBuffer();
        final Sinks.One<StreamInfo> ended = Sinks.one();
        final Utf8Chunks text;
        long nextIndex;
        long bytes;

        Open(StreamInfo info, String senderSid) {
            this.info = info;
            this.senderSid = senderSid;
            this.text = info.kind() == StreamInfo.Kind.TEXT ? new Utf8Chunks() : null;
        }
    }

    IncomingStreams(String name, Scheduler callbacks, Consumer<RoomEvent> events) {
        this.name = name;
        this.callbacks = callbacks;
        this.events = events;
    }

    void registerText(String topic, Consumer<TextStream> handler) {
        if (textHandlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("a text stream handler for topic \"" + topic + "\" is already registered;"
                    + " unregister it first");
        }
    }

    void unregisterText(String topic) {
        textHandlers.remove(topic);
    }

    void registerBytes(String topic, Consumer<ByteStream> handler) {
        if (byteHandlers.putIfAbsent(topic, handler) != null) {
            throw new IllegalStateException("a byte stream handler for topic \"" + topic + "\" is already registered;"
                    + " unregister it first");
        }
    }

    void unregisterBytes(String topic) {
        byteHandlers.remove(topic);
    }

    @Override
    public void header(DataStream.Header header, String sender, String senderSid) {
        String id = header.getStreamId();
        if (id.isEmpty() || open.containsKey(id)) {
            events.accept(new RoomEvent.InputRejected("stream header", id.isEmpty() ? "no stream_id"
                    : "stream " + id + " is already open"));
            return;
        }
        if (header.getCompression() != DataStream.CompressionType.NONE) {
            events.accept(new RoomEvent.InputRejected("stream header", "stream " + id + " is compressed ("
                    + header.getCompression() + "), which this client does not announce it can read"));
            return;
        }
        boolean text = header.getContentHeaderCase() != DataStream.Header.ContentHeaderCase.BYTE_HEADER;
        Consumer<? super Object> handler = handlerFor(text, header.getTopic());
        if (handler == null) {
            ignored++;
            LOG.debug("{}: no handler for {} streams on topic \"{}\"; stream {} ignored", name, text ? "text" : "byte",
                    header.getTopic(), id);
            return;
        }
        Open stream = new Open(info(header, sender, text), senderSid);
        var chunks = stream.sink.asFlux().publishOn(callbacks);
        var ended = stream.ended.asMono().publishOn(callbacks);
        Object delivered = text ? new TextStream(stream.info, chunks.cast(String.class), ended)
                : new ByteStream(stream.info, chunks.cast(byte[].class), ended);
        callbacks.schedule(() -> {
            try {
                handler.accept(delivered);
            } catch (RuntimeException e) {
                LOG.warn("{}: the handler of topic \"{}\" failed on stream {}: {}", name, header.getTopic(), id,
                        e.toString());
            }
        });
        open.put(id, stream);
        if (header.hasInlineContent()) {
            // Data streams v2: the whole payload in the header, no chunk or trailer follows.
            content(stream, header.getInlineContent().toByteArray());
            end(stream, "", Map.of());
        }
    }

    @SuppressWarnings("unchecked")
    private Consumer<? super Object> handlerFor(boolean text, String topic) {
        Object handler = text ? textHandlers.get(topic) : byteHandlers.get(topic);
        return (Consumer<? super Object>) handler;
    }

    @Override
    public void chunk(DataStream.Chunk chunk, String sender) {
        Open stream = open(chunk.getStreamId(), sender);
        if (stream == null) {
            return; // a stream without a handler, or one already failed
        }
        long index = chunk.getChunkIndex();
        if (index < stream.nextIndex) {
            return; // seen already: re-sent, or a replacement this reader does not apply
        }
        if (index > stream.nextIndex) {
            fail(stream, "chunks " + stream.nextIndex + ".." + (index - 1) + " never arrived");
            return;
        }
        stream.nextIndex++;
        content(stream, chunk.getContent().toByteArray());
    }

    @Override
    public void trailer(DataStream.Trailer trailer, String sender) {
        Open stream = open(trailer.getStreamId(), sender);
        if (stream != null) {
            end(stream, trailer.getReason(), trailer.getAttributesMap());
        }
    }

    /** The open stream {@code id} if {@code sender} sent its header: nobody else may add to it. */
    private Open open(String id, String sender) {
        Open stream = open.get(id);
        return stream != null && stream.info.senderIdentity().equals(sender) ? stream : null;
    }

    private void content(Open stream, byte[] bytes) {
        stream.bytes += bytes.length;
        if (stream.info.totalLength().isPresent() && stream.bytes > stream.info.totalLength().getAsLong()) {
            fail(stream, "more than the " + stream.info.totalLength().getAsLong() + " bytes its header announced");
            return;
        }
        if (stream.text == null) {
            stream.sink.tryEmitNext(bytes);
            return;
        }
        try {
            String decoded = stream.text.decode(bytes);
            if (!decoded.isEmpty()) {
                stream.sink.tryEmitNext(decoded);
            }
        } catch (CharacterCodingException e) {
            fail(stream, "its text is not UTF-8");
        }
    }

    private void end(Open stream, String reason, Map<String, String> trailerAttributes) {
        if (!open.containsKey(stream.info.id())) {
            return; // already failed while taking its content
        }
        if (!reason.isEmpty()) {
            fail(stream, "the sender aborted it: " + reason);
            return;
        }
        long announced = stream.info.totalLength().orElse(stream.bytes);
        if (announced != stream.bytes) {
            fail(stream, "it ended after " + stream.bytes + " of the " + announced + " bytes its header announced");
            return;
        }
        if (stream.text != null) {
            try {
                stream.text.finish();
            } catch (CharacterCodingException e) {
                fail(stream, "it ended inside a UTF-8 character");
                return;
            }
        }
        open.remove(stream.info.id());
        stream.sink.tryEmitComplete();
        Map<String, String> attributes = new HashMap<>(stream.info.attributes());
        attributes.putAll(trailerAttributes);
        StreamInfo info = stream.info;
        stream.ended.tryEmitValue(new StreamInfo(info.id(), info.kind(), info.topic(), info.mimeType(), info.timestamp(),
                info.totalLength(), attributes, info.senderIdentity(), info.name(), info.attachedStreamIds(),
                info.replyToStreamId(), info.generated()));
    }

    private void fail(Open stream, String why) {
        open.remove(stream.info.id());
        LOG.info("{}: stream {} from {} is broken: {}", name, stream.info.id(), stream.info.senderIdentity(), why);
        StreamBrokenException broken = new StreamBrokenException(stream.info.id(), why);
        stream.sink.tryEmitError(broken);
        stream.ended.tryEmitError(broken);
    }

    /**
     * The sender left: its open streams will never end (LiveKit: AbnormalEnd). By sid where the server stamped one:
     * the same identity back after a full reconnect is a new participant whose streams go on.
     */
    void senderLeft(String identity, String sid) {
        failAll(stream -> stream.senderSid.isEmpty() ? stream.info.senderIdentity().equals(identity)
                        : stream.senderSid.equals(sid),
                "the sender left the room before the stream ended");
    }

    /** A full reconnect: what was sent to the old session after our last packet is lost. */
    void sessionReplaced() {
        failAll(stream -> true, "the session reconnected fully; the rest of the stream went to the old session");
    }

    /** The session ended. */
    void ended() {
        failAll(stream -> true, "the session ended before the stream did");
    }

    private void failAll(Predicate<Open> which, String why) {
        List<Open> broken = new ArrayList<>();
        open.values().stream().filter(which).forEach(broken::add);
        broken.forEach(stream -> fail(stream, why));
    }

    /** Streams on topics without a handler, ignored. */
    long ignored() {
        return ignored;
    }

    private static StreamInfo info(DataStream.Header header, String sender, boolean text) {
        DataStream.TextHeader textHeader = header.getTextHeader();
        String mime = header.getMimeType().isEmpty() ? (text ? "text/plain" : "application/octet-stream")
                : header.getMimeType();
        return new StreamInfo(header.getStreamId(), text ? StreamInfo.Kind.TEXT : StreamInfo.Kind.BYTES,
                header.getTopic(), mime, Instant.ofEpochMilli(header.getTimestamp()),
                // 0 counts as unknown, as LiveKit's JS client reads it ("totalLength ? … : undefined").
                header.getTotalLength() > 0 ? OptionalLong.of(header.getTotalLength()) : OptionalLong.empty(),
                header.getAttributesMap(), sender, text ? "" : header.getByteHeader().getName(),
                text ? textHeader.getAttachedStreamIdsList() : List.of(),
                text ? textHeader.getReplyToStreamId() : "", text && textHeader.getGenerated());
    }
}
