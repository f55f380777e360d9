package io.rtcreactor.engine.internal;

import com.google.protobuf.ByteString;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.DataStream;
import io.rtcreactor.engine.stream.ByteStream;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Text and byte streams as LiveKit's SDKs send and read them (client-sdk-js src/room/data-stream is the reference):
 * what we send, read back by our own receiver, and what a receiver makes of streams that cannot arrive whole.
 */
class StreamsTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<DataPacket> sent = new ArrayList<>();
    private final AtomicLong unsent = new AtomicLong();
    private final OutgoingStreams outgoing = new OutgoingStreams(packet -> Mono.fromRunnable(() ->
            sent.add(packet.build())), () -> Mono.fromSupplier(unsent::get), () -> "agent", time);
    private final List<RoomEvent> events = new ArrayList<>();
    private final IncomingStreams incoming = new IncomingStreams("test", Schedulers.immediate(), events::add);

    /** Everything sent so far, received from {@code sender}. */
    private void deliver(String sender) {
        for (DataPacket packet : sent) {
            switch (packet.getValueCase()) {
                case STREAM_HEADER -> incoming.header(packet.getStreamHeader(), sender, "PA_" + sender);
                case STREAM_CHUNK -> incoming.chunk(packet.getStreamChunk(), sender);
                case STREAM_TRAILER -> incoming.trailer(packet.getStreamTrailer(), sender);
                default -> throw new AssertionError(packet.getValueCase());
            }
        }
        sent.clear();
    }

    private List<DataPacket> ofKind(DataPacket.ValueCase kind) {
        return sent.stream().filter(p -> p.getValueCase() == kind).toList();
    }

    private AtomicReference<TextStream> textOn(String topic) {
        AtomicReference<TextStream> got = new AtomicReference<>();
        incoming.registerText(topic, got::set);
        return got;
    }

    @Nested
    class Sending {

        @Test
        void textIsAHeaderChunksCutBetweenCharactersAndATrailer() {
            String text = "a" + "é".repeat(10_000) + "€".repeat(3_000); // 1 + 20 000 + 9 000 bytes of UTF-8
            StreamInfo info = outgoing.text(Flux.just(text), StreamOptions.topic("lk.chat")
                    .withAttributes(Map.of("k", "v")).withDestinations(List.of("caller")),
                    OptionalLong.of(29_001)).block(Duration.ofSeconds(1));
            assertThat(sent).extracting(DataPacket::getValueCase).containsExactly(DataPacket.ValueCase.STREAM_HEADER,
                    DataPacket.ValueCase.STREAM_CHUNK, DataPacket.ValueCase.STREAM_CHUNK,
                    DataPacket.ValueCase.STREAM_TRAILER);
            DataStream.Header header = sent.get(0).getStreamHeader();
            assertThat(header.getStreamId()).isEqualTo(info.id());
            assertThat(header.getTopic()).isEqualTo("lk.chat");
            assertThat(header.getMimeType()).isEqualTo("text/plain");
            assertThat(header.getTotalLength()).isEqualTo(29_001);
            assertThat(header.getAttributesMap()).containsEntry("k", "v");
            assertThat(header.hasTextHeader()).isTrue();
            List<DataPacket> chunks = ofKind(DataPacket.ValueCase.STREAM_CHUNK);
            assertThat(chunks).extracting(p -> p.getStreamChunk().getChunkIndex()).containsExactly(0L, 1L);
            // Byte 15 000 is the second byte of an 'é': the first chunk ends before that character.
            assertThat(chunks.get(0).getStreamChunk().getContent().size()).isEqualTo(14_999);
            StringBuilder whole = new StringBuilder();
            chunks.forEach(c -> whole.append(c.getStreamChunk().getContent().toStringUtf8()));
            assertThat(whole.toString()).isEqualTo(text);
            assertThat(sent).allSatisfy(p -> assertThat(p.getDestinationIdentitiesList()).containsExactly("caller"));
            assertThat(sent.get(3).getStreamTrailer().getReason()).isEmpty();
        }

        @Test
        void bytesAreCutIn15000BytePiecesAndCarryTheirName() {
            byte[] bytes = new byte[40_000];
            outgoing.bytes(Flux.just(bytes), StreamOptions.topic("files"), OptionalLong.of(40_000), "a.bin")
                    .block(Duration.ofSeconds(1));
            assertThat(sent.get(0).getStreamHeader().getByteHeader().getName()).isEqualTo("a.bin");
            assertThat(sent.get(0).getStreamHeader().getMimeType()).isEqualTo("application/octet-stream");
            assertThat(ofKind(DataPacket.ValueCase.STREAM_CHUNK))
                    .extracting(p -> p.getStreamChunk().getContent().size()).containsExactly(15_000, 15_000, 10_000);
        }

        @Test
        void aFailingSourceEndsTheStreamWithAReason() {
            StepVerifier.create(outgoing.text(Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException(
                            "model crashed"))), StreamOptions.defaults(), OptionalLong.empty()))
                    .expectErrorMessage("model crashed").verify(Duration.ofSeconds(1));
            assertThat(sent.get(sent.size() - 1).getStreamTrailer().getReason()).contains("model crashed");
        }

        @Test
        void cancellingEndsTheStreamWithAReason() {
            Sinks.Many<String> tokens = Sinks.many().unicast().onBackpressureBuffer();
            Disposable sending = outgoing.text(tokens.asFlux(), StreamOptions.defaults(), OptionalLong.empty())
                    .subscribe();
            tokens.tryEmitNext("hello");
            sending.dispose();
            assertThat(sent.get(sent.size() - 1).getStreamTrailer().getReason()).isEqualTo("cancelled by the sender");
        }

        @Test
        void aFullReconnectFailsAStreamInProgress() {
            Sinks.Many<String> tokens = Sinks.many().unicast().onBackpressureBuffer();
            AtomicReference<Throwable> failed = new AtomicReference<>();
            outgoing.text(tokens.asFlux(), StreamOptions.defaults(), OptionalLong.empty())
                    .subscribe(null, failed::set);
            tokens.tryEmitNext("hello");
            outgoing.sessionReplaced();
            assertThat(failed.get()).isInstanceOf(StreamBrokenException.class).hasMessageContaining("fully");
            tokens.tryEmitNext("after");
            assertThat(ofKind(DataPacket.ValueCase.STREAM_CHUNK)).hasSize(1);
        }

        @Test
        void noChunkIsSentWhileTheChannelHoldsMoreThanTheHighWaterMark() {
            unsent.set(OutgoingStreams.HIGH_WATER + 1);
            AtomicReference<StreamInfo> done = new AtomicReference<>();
            outgoing.text(Flux.just("a", "b"), StreamOptions.defaults(), OptionalLong.empty()).subscribe(done::set);
            time.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(ofKind(DataPacket.ValueCase.STREAM_CHUNK)).isEmpty();
            unsent.set(0);
            time.advanceTimeBy(Duration.ofMillis(10));
            assertThat(ofKind(DataPacket.ValueCase.STREAM_CHUNK)).hasSize(2);
            assertThat(done.get()).isNotNull();
        }
    }

    @Nested
    class Receiving {

        @Test
        void aSentTextStreamArrivesWholeWithItsHeader() {
            AtomicReference<TextStream> got = textOn("echo");
            String text = "ü".repeat(20_000);
            outgoing.text(Flux.just(text, "!"), StreamOptions.topic("echo").withAttributes(Map.of("a", "1")),
                    OptionalLong.empty()).block(Duration.ofSeconds(1));
            deliver("caller");
            assertThat(got.get().info().senderIdentity()).isEqualTo("caller");
            assertThat(got.get().info().attributes()).containsEntry("a", "1");
            assertThat(got.get().info().totalLength()).isEmpty();
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo(text + "!");
        }

        @Test
        void aByteStreamArrivesWhole() {
            AtomicReference<ByteStream> got = new AtomicReference<>();
            incoming.registerBytes("files", got::set);
            byte[] bytes = new byte[33_333];
            new java.util.Random(7).nextBytes(bytes);
            outgoing.bytes(Flux.just(bytes), StreamOptions.topic("files").withName("x.bin"),
                    OptionalLong.of(bytes.length), "unknown").block(Duration.ofSeconds(1));
            deliver("caller");
            assertThat(got.get().info().name()).isEqualTo("x.bin");
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo(bytes);
        }

        @Test
        void theTrailersAttributesUpdateTheInfoOnceTheStreamEnded() {
            AtomicReference<TextStream> got = textOn("lk.transcription");
            outgoing.text(Flux.just("final words"), StreamOptions.topic("lk.transcription")
                            .withAttributes(Map.of("lk.transcription_final", "false", "lk.segment_id", "s1")),
                    OptionalLong.empty(), Map.of("lk.transcription_final", "true")).block(Duration.ofSeconds(1));
            deliver("agent");
            assertThat(got.get().info().attributes()).containsEntry("lk.transcription_final", "false");
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo("final words");
            assertThat(got.get().ended().block(Duration.ofSeconds(1)).attributes())
                    .containsEntry("lk.transcription_final", "true").containsEntry("lk.segment_id", "s1");
        }

        @Test
        void aStreamOnATopicWithoutAHandlerIsIgnored() {
            AtomicReference<TextStream> got = textOn("other");
            outgoing.text(Flux.just("x"), StreamOptions.topic("echo"), OptionalLong.empty()).block();
            deliver("caller");
            assertThat(got.get()).isNull();
            assertThat(incoming.ignored()).isEqualTo(1);
        }

        @Test
        void oneHandlerPerTopic() {
            textOn("echo");
            assertThatThrownBy(() -> incoming.registerText("echo", s -> { }))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already registered");
            incoming.unregisterText("echo");
            incoming.registerText("echo", s -> { });
        }

        @Test
        void aMissingChunkBreaksTheStream() {
            AtomicReference<TextStream> got = textOn("t");
            outgoing.text(Flux.just("a".repeat(40_000)), StreamOptions.topic("t"), OptionalLong.empty()).block();
            sent.remove(2); // chunk 1
            deliver("caller");
            StepVerifier.create(got.get().readAll()).expectErrorSatisfies(e -> assertThat(e)
                    .isInstanceOf(StreamBrokenException.class).hasMessageContaining("chunks 1..1 never arrived"))
                    .verify(Duration.ofSeconds(1));
        }

        @Test
        void aStreamShorterThanItsHeaderSaysFailsInsteadOfCompleting() {
            AtomicReference<TextStream> got = textOn("t");
            outgoing.text(Flux.just("a".repeat(40_000)), StreamOptions.topic("t"), OptionalLong.of(40_000)).block();
            sent.remove(3); // the last chunk, then the trailer arrives
            deliver("caller");
            StepVerifier.create(got.get().readAll()).expectErrorSatisfies(e -> assertThat(e)
                    .hasMessageContaining("30000 of the 40000 bytes")).verify(Duration.ofSeconds(1));
        }

        @Test
        void aTrailerWithAReasonIsAnAbortedStream() {
            AtomicReference<TextStream> got = textOn("t");
            outgoing.text(Flux.concat(Flux.just("a"), Flux.error(new IllegalStateException("boom"))),
                    StreamOptions.topic("t"), OptionalLong.empty()).onErrorResume(e -> Mono.empty()).block();
            deliver("caller");
            StepVerifier.create(got.get().chunks()).expectNext("a").expectErrorSatisfies(e -> assertThat(e)
                    .hasMessageContaining("the sender aborted it")).verify(Duration.ofSeconds(1));
        }

        @Test
        void aSenderThatLeavesOrAFullReconnectBreaksOpenStreams() {
            AtomicReference<TextStream> fromCaller = textOn("t");
            incoming.header(header("s1").build(), "caller", "PA_caller");
            incoming.senderLeft("someone-else", "PA_someone");
            incoming.senderLeft("caller", "PA_caller_before"); // the same identity, another participant
            incoming.chunk(chunk("s1", 0, "still open"), "caller");
            incoming.senderLeft("caller", "PA_caller");
            StepVerifier.create(fromCaller.get().chunks()).expectNext("still open").expectErrorSatisfies(e ->
                    assertThat(e).hasMessageContaining("left the room")).verify(Duration.ofSeconds(1));
            incoming.unregisterText("t");
            AtomicReference<TextStream> second = textOn("t");
            incoming.header(header("s2").build(), "caller", "PA_caller");
            incoming.chunk(chunk("s2", 0, "par"), "caller");
            incoming.sessionReplaced();
            StepVerifier.create(second.get().chunks()).expectNext("par").expectErrorSatisfies(e -> assertThat(e)
                    .isInstanceOf(StreamBrokenException.class).hasMessageContaining("reconnected fully"))
                    .verify(Duration.ofSeconds(1));
        }

        @Test
        void onlyTheHeadersSenderMayAddToAStream() {
            AtomicReference<TextStream> got = textOn("t");
            incoming.header(header("s1").build(), "caller", "PA_caller");
            incoming.chunk(chunk("s1", 0, "intruder"), "mallory");
            incoming.trailer(DataStream.Trailer.newBuilder().setStreamId("s1").build(), "mallory");
            incoming.chunk(chunk("s1", 0, "mine"), "caller");
            incoming.trailer(DataStream.Trailer.newBuilder().setStreamId("s1").build(), "caller");
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo("mine");
        }

        @Test
        void aCharacterCutBetweenChunksIsJoinedAndDuplicatesAreDropped() {
            AtomicReference<TextStream> got = textOn("t");
            byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
            incoming.header(header("s1").build(), "caller", "PA_caller");
            incoming.chunk(DataStream.Chunk.newBuilder().setStreamId("s1").setChunkIndex(0)
                    .setContent(ByteString.copyFrom(euro, 0, 1)).build(), "caller");
            incoming.chunk(DataStream.Chunk.newBuilder().setStreamId("s1").setChunkIndex(0)
                    .setContent(ByteString.copyFrom(euro, 0, 1)).build(), "caller");
            incoming.chunk(DataStream.Chunk.newBuilder().setStreamId("s1").setChunkIndex(1)
                    .setContent(ByteString.copyFrom(euro, 1, 2)).build(), "caller");
            incoming.trailer(DataStream.Trailer.newBuilder().setStreamId("s1").build(), "caller");
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo("€");
        }

        @Test
        void inlineContentIsAWholeStreamAndCompressedStreamsAreRejected() {
            AtomicReference<TextStream> got = textOn("t");
            incoming.header(header("s1").setInlineContent(ByteString.copyFromUtf8("all at once")).build(), "caller", "PA_caller");
            assertThat(got.get().readAll().block(Duration.ofSeconds(1))).isEqualTo("all at once");
            incoming.header(header("s2").setCompression(DataStream.CompressionType.DEFLATE_RAW).build(), "caller", "PA_caller");
            assertThat(events).singleElement().isInstanceOfSatisfying(RoomEvent.InputRejected.class,
                    rejected -> assertThat(rejected.toString()).contains("compressed"));
        }

        @Test
        void notUtf8IsAnError() {
            AtomicReference<TextStream> got = textOn("t");
            incoming.header(header("s1").build(), "caller", "PA_caller");
            incoming.chunk(DataStream.Chunk.newBuilder().setStreamId("s1").setChunkIndex(0)
                    .setContent(ByteString.copyFrom(new byte[] {(byte) 0xff, 0x41})).build(), "caller");
            StepVerifier.create(got.get().readAll()).expectErrorSatisfies(e -> assertThat(e)
                    .hasMessageContaining("not UTF-8")).verify(Duration.ofSeconds(1));
        }

        private DataStream.Header.Builder header(String id) {
            return DataStream.Header.newBuilder().setStreamId(id).setTopic("t")
                    .setTextHeader(DataStream.TextHeader.getDefaultInstance());
        }

        private DataStream.Chunk chunk(String id, long index, String text) {
            return DataStream.Chunk.newBuilder().setStreamId(id).setChunkIndex(index)
                    .setContent(ByteString.copyFromUtf8(text)).build();
        }
    }
}
