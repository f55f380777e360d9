/**
 * LiveKit's text and byte streams as Reactor types: a stream is a header, chunks in order and a trailer, sent as
 * reliable data packets ({@code stream_header}, {@code stream_chunk}, {@code stream_trailer}). Received streams are
 * a {@link io.rtcreactor.engine.stream.TextStream} or {@link io.rtcreactor.engine.stream.ByteStream}: the header's
 * {@link io.rtcreactor.engine.stream.StreamInfo} and a {@code Flux} of chunks that completes on the trailer and
 * fails with a {@link io.rtcreactor.engine.stream.StreamBrokenException} when the stream cannot arrive whole.
 * {@link io.rtcreactor.engine.stream.StreamOptions} says how a stream is sent.
 */
package io.rtcreactor.engine.stream;
