package io.rtcreactor.engine.stream;

import java.io.ByteArrayOutputStream;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A byte stream being received (a file, an image): its header, and its bytes as they arrive. {@link #chunks()}
 * may be subscribed once; chunks wait in memory until read. It completes on the sender's trailer and fails with a
 * {@link StreamBrokenException} when the stream cannot arrive whole. {@link #ended()} gives the info again once the
 * stream completed, its attributes updated by the trailer's, and fails as the chunks do.
 */
public record ByteStream(StreamInfo info, Flux<byte[]> chunks, Mono<StreamInfo> ended) {

    public ByteStream {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(chunks, "chunks");
        Objects.requireNonNull(ended, "ended");
    }

    /** All the bytes, once the stream completed. */
    public Mono<byte[]> readAll() {
        return chunks.collect(ByteArrayOutputStream::new, (all, chunk) -> all.write(chunk, 0, chunk.length))
                .map(ByteArrayOutputStream::toByteArray);
    }
}
