package io.rtcreactor.engine.internal;

import com.google.protobuf.ByteString;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.DataStream;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Text and byte streams sent as LiveKit's SDKs send them (client-sdk-js {@code OutgoingDataStreamManager}): a
 * {@code stream_header}, {@code stream_chunk}s of at most 15 000 bytes ({@code STREAM_CHUNK_SIZE_BYTES}; text cut
 * between characters, as {@code splitUtf8}) numbered from 0, and a {@code stream_trailer}, all reliable packets to
 * the same destinations. Being reliable packets they are numbered, kept and re-sent after a resume like any other.
 *
 * <p>Backpressure: one chunk is in hand at a time, and none is sent while the reliable channel holds more than
 * {@link #HIGH_WATER} bytes unsent (the browser's channel closes itself past 16 MiB). A source that fails, or a send
 * that is cancelled, ends the stream with a trailer whose {@code reason} says so, which LiveKit's receivers report
 * as an abnormal end; a full reconnect fails every stream in progress (its receivers lost the start of it).
 */
final class OutgoingStreams {

    static final int CHUNK_BYTES = 15_000;
    static final long HIGH_WATER = 256 * 1024;
    private static final Duration DRAIN_POLL = Duration.ofMillis(5);
    private static final int REASON_LIMIT = 256;

    private final Function<DataPacket.Builder, Mono<Void>> sendReliable;
    private final Supplier<Mono<Long>> buffered;
    private final Supplier<String> identity;
    private final Scheduler timers;
    private final Map<String, Sinks.Empty<Void>> inFlight = new ConcurrentHashMap<>();

    OutgoingStreams(Function<DataPacket.Builder, Mono<Void>> sendReliable, Supplier<Mono<Long>> buffered,
                    Supplier<String> identity, Scheduler timers) {
        this.sendReliable = sendReliable;
        this.buffered = buffered;
        this.identity = identity;
        this.timers = timers;
    }

    /** Sends {@code text} (each element split into chunks) as one text stream. */
    Mono<StreamInfo> text(Flux<String> text, StreamOptions options, OptionalLong totalLength) {
        return text(text, options, totalLength, Map.of());
    }

    /** As {@link #text(Flux, StreamOptions, OptionalLong)}, the trailer carrying {@code trailerAttributes}. */
    Mono<StreamInfo> text(Flux<String> text, StreamOptions options, OptionalLong totalLength,
                          Map<String, String> trailerAttributes) {
        return Mono.defer(() -> {
            StreamInfo info = info(StreamInfo.Kind.TEXT, options, totalLength,
                    options.mimeType().isEmpty() ? "text/plain" : options.mimeType(), "");
            DataStream.Header.Builder header = header(info).setTextHeader(DataStream.TextHeader.newBuilder()
                    .setOperationType(DataStream.OperationType.CREATE)
                    .setReplyToStreamId(options.replyTo()));
            return send(info, options.destinations(), header,
                    text.concatMapIterable(piece -> Utf8Chunks.split(piece, CHUNK_BYTES)), trailerAttributes);
        });
    }

    /** Sends {@code bytes} (each element cut into chunks) as one byte stream. */
    Mono<StreamInfo> bytes(Flux<byte[]> bytes, StreamOptions options, OptionalLong totalLength, String name) {
        return Mono.defer(() -> {
            StreamInfo info = info(StreamInfo.Kind.BYTES, options, totalLength,
                    options.mimeType().isEmpty() ? "application/octet-stream" : options.mimeType(),
                    !options.name().isEmpty() ? options.name() : name);
            DataStream.Header.Builder header = header(info)
                    .setByteHeader(DataStream.ByteHeader.newBuilder().setName(info.name()));
            return send(info, options.destinations(), header, bytes.concatMapIterable(OutgoingStreams::cut), Map.of());
        });
    }

    private Mono<StreamInfo> send(StreamInfo info, List<String> to, DataStream.Header.Builder header,
                                  Flux<byte[]> chunks, Map<String, String> trailerAttributes) {
        Sinks.Empty<Void> broken = Sinks.empty();
        AtomicLong index = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        Mono<Void> body = packet(to, DataPacket.newBuilder().setStreamHeader(header))
                .thenMany(chunks.concatMap(chunk -> roomInChannel()
                        .then(packet(to, DataPacket.newBuilder().setStreamChunk(DataStream.Chunk.newBuilder()
                                .setStreamId(info.id()).setChunkIndex(index.getAndIncrement())
                                .setContent(ByteString.copyFrom(chunk)))))
                        .doOnSuccess(done -> sent.addAndGet(chunk.length)), 1))
                .then(Mono.defer(() -> {
                    long announced = info.totalLength().orElse(sent.get());
                    if (announced == sent.get()) {
                        return packet(to, DataPacket.newBuilder().setStreamTrailer(DataStream.Trailer.newBuilder()
                                .setStreamId(info.id()).putAllAttributes(trailerAttributes)));
                    }
                    return trailer(info, to, "sent " + sent.get() + " of " + announced + " bytes")
                            .then(Mono.error(new StreamBrokenException(info.id(), "the source gave " + sent.get()
                                    + " bytes, not the " + announced + " announced")));
                }));
        inFlight.put(info.id(), broken);
        return Mono.firstWithSignal(body, broken.asMono())
                .onErrorResume(error -> !(error instanceof StreamBrokenException),
                        error -> trailer(info, to, "the sender's source failed: " + error.getMessage())
                                .onErrorResume(e -> Mono.empty())
                                .then(Mono.error(error)))
                .doOnCancel(() -> trailer(info, to, "cancelled by the sender").subscribe(null, e -> { }))
                .doFinally(signal -> inFlight.remove(info.id()))
                .thenReturn(info);
    }

    /** A full reconnect: the receivers lost the start of every stream in progress, so each of them fails. */
    void sessionReplaced() {
        failAll("the session reconnected fully while it was being sent; its receivers lost its start");
    }

    /** The session ended. */
    void ended() {
        failAll("the session ended while it was being sent");
    }

    private void failAll(String why) {
        Map.copyOf(inFlight).forEach((id, broken) -> broken.tryEmitError(new StreamBrokenException(id, why)));
    }

    /** Waits while the reliable channel has more than {@link #HIGH_WATER} bytes unsent. */
    private Mono<Void> roomInChannel() {
        return Mono.defer(buffered)
                .filter(unsent -> unsent <= HIGH_WATER)
                .repeatWhenEmpty(polls -> polls.delayElements(DRAIN_POLL, timers))
                .then();
    }

    private Mono<Void> packet(List<String> to, DataPacket.Builder packet) {
        return sendReliable.apply(packet.addAllDestinationIdentities(to));
    }

    private Mono<Void> trailer(StreamInfo info, List<String> to, String reason) {
        String cut = reason.length() > REASON_LIMIT ? reason.substring(0, REASON_LIMIT) : reason;
        return packet(to, DataPacket.newBuilder().setStreamTrailer(DataStream.Trailer.newBuilder()
                .setStreamId(info.id()).setReason(cut)));
    }

    private StreamInfo info(StreamInfo.Kind kind, StreamOptions options, OptionalLong totalLength, String mimeType,
                            String name) {
        return new StreamInfo(Ids.uuid(), kind, options.topic(), mimeType, SystemClock.utc().instant(),
                totalLength, options.attributes(), identity.get(), name, List.of(), options.replyTo(), false);
    }

    private static DataStream.Header.Builder header(StreamInfo info) {
        DataStream.Header.Builder header = DataStream.Header.newBuilder()
                .setStreamId(info.id())
                .setTimestamp(info.timestamp().toEpochMilli())
                .setTopic(info.topic())
                .setMimeType(info.mimeType())
                .putAllAttributes(info.attributes());
        info.totalLength().ifPresent(header::setTotalLength);
        return header;
    }

    private static List<byte[]> cut(byte[] bytes) {
        if (bytes.length <= CHUNK_BYTES) {
            return bytes.length == 0 ? List.of() : List.of(bytes);
        }
        List<byte[]> pieces = new java.util.ArrayList<>();
        for (int from = 0; from < bytes.length; from += CHUNK_BYTES) {
            pieces.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK_BYTES)));
        }
        return pieces;
    }
}
