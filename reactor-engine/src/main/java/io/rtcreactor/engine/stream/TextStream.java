package io.rtcreactor.engine.stream;

import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A text stream being received: its header, and its text as it arrives. {@link #chunks()} may be subscribed once;
 * chunks wait in memory until read. It completes on the sender's trailer and fails with a
 * {@link StreamBrokenException} when the stream cannot arrive whole. {@link #ended()} gives the info again once the
 * stream completed, its attributes updated by the trailer's (LiveKit's agents mark a transcription final there), and
 * fails as the chunks do. Each chunk is whole characters.
 */
public record TextStream(StreamInfo info, Flux<String> chunks, Mono<StreamInfo> ended) {

    public TextStream {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(chunks, "chunks");
        Objects.requireNonNull(ended, "ended");
    }

    /** The whole text, once the stream completed. */
    public Mono<String> readAll() {
        return chunks.collect(StringBuilder::new, StringBuilder::append).map(StringBuilder::toString);
    }
}
