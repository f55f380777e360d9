package io.rtcreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.stream.ByteStream;
import io.rtcreactor.engine.stream.ChatMessage;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11: text and byte streams both ways between the engine and LiveKit's Rust client (@livekit/rtc-node), with
 * several chunks, attributes and a topic; content checked, not only arrival.
 */
@Timeout(240)
class RtcNodeStreamsTest {

    private static final Duration NODE_WAIT = Duration.ofSeconds(30);

    private Harness harness;
    private NodeParticipant node;
    private Harness.Recorded engine;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
        engine = harness.join("streams", "java-agent");
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("streams", "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    /** Deterministic bytes, the same generator as the Node script's {@code patternBytes}. */
    private static byte[] pattern(int size, int seed) {
        byte[] bytes = new byte[size];
        int x = seed;
        for (int i = 0; i < size; i++) {
            x = x * 1103515245 + 12345;
            bytes[i] = (byte) (x >>> 24);
        }
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void textStreamsCrossBothWays() {
        List<TextStream> received = new CopyOnWriteArrayList<>();
        engine.room.registerTextStreamHandler("transcript", received::add);
        // rtc-node → engine: streamText, one write per part; a part of 40 000 bytes of multi-byte characters makes
        // several chunks on its own.
        List<String> written = List.of("Grüße aus ", "dem Knoten — ", "ü".repeat(20_000), " Ende.");
        node.ask(Map.of("cmd", "stream_text", "parts", written, "topic", "transcript",
                "attributes", Map.of("lk.segment_id", "seg-1", "language", "de")), "text_streamed", NODE_WAIT);
        await().atMost(Harness.WAIT).until(() -> received.size() == 1);
        TextStream stream = received.get(0);
        assertThat(stream.readAll().block(Harness.WAIT)).isEqualTo(String.join("", written));
        assertThat(stream.info().senderIdentity()).isEqualTo("node-caller");
        assertThat(stream.info().topic()).isEqualTo("transcript");
        assertThat(stream.info().attributes()).containsEntry("lk.segment_id", "seg-1").containsEntry("language", "de");
        assertThat(stream.info().kind()).isEqualTo(StreamInfo.Kind.TEXT);
        // sendText announces its length.
        node.ask(Map.of("cmd", "send_text", "text", "kurz", "topic", "transcript"), "text_sent", NODE_WAIT);
        await().atMost(Harness.WAIT).until(() -> received.size() == 2);
        assertThat(received.get(1).readAll().block(Harness.WAIT)).isEqualTo("kurz");

        // engine → rtc-node: streamText from a Flux (several chunks), then sendText.
        node.ask(Map.of("cmd", "register_text_stream", "topic", "lk.chat"), "text_stream_registered", NODE_WAIT);
        int from = node.mark();
        List<String> tokens = List.of("Hello ", "from ", "the ", "engine: ", "€".repeat(12_000), " done");
        StreamInfo sent = engine.room.localParticipant().streamText(Flux.fromIterable(tokens),
                StreamOptions.topic("lk.chat").withAttributes(Map.of("turn", "7"))).block(Harness.WAIT);
        JsonNode got = node.await("text_received", from, NODE_WAIT);
        assertThat(got.path("text").asText()).isEqualTo(String.join("", tokens));
        assertThat(got.path("stream_id").asText()).isEqualTo(sent.id());
        assertThat(got.path("sender").asText()).isEqualTo("java-agent");
        assertThat(got.path("topic").asText()).isEqualTo("lk.chat");
        assertThat(got.path("attributes").path("turn").asText()).isEqualTo("7");
        int next = node.mark();
        engine.room.localParticipant().sendText("short one", StreamOptions.topic("lk.chat")).block(Harness.WAIT);
        JsonNode small = node.await("text_received", next, NODE_WAIT);
        assertThat(small.path("text").asText()).isEqualTo("short one");
        assertThat(small.path("total_size").asLong()).isEqualTo(9);
        assertThat(node.events("text_stream_failed")).isEmpty();
    }

    @Test
    void byteStreamsCrossBothWays(@TempDir Path dir) throws Exception {
        List<ByteStream> received = new CopyOnWriteArrayList<>();
        engine.room.registerByteStreamHandler("files", received::add);
        // rtc-node → engine: 100 000 bytes written in pieces of 40 000.
        JsonNode sentByNode = node.ask(Map.of("cmd", "send_bytes", "size", 100_000, "seed", 7, "piece", 40_000,
                "name", "recording.raw", "topic", "files", "attributes", Map.of("kind", "pcm")), "bytes_sent",
                NODE_WAIT);
        await().atMost(Harness.WAIT).until(() -> received.size() == 1);
        ByteStream stream = received.get(0);
        byte[] bytes = stream.readAll().block(Harness.WAIT);
        assertThat(bytes).isEqualTo(pattern(100_000, 7));
        assertThat(sha256(bytes)).isEqualTo(sentByNode.path("sha256").asText());
        assertThat(stream.info().name()).isEqualTo("recording.raw");
        assertThat(stream.info().senderIdentity()).isEqualTo("node-caller");
        assertThat(stream.info().attributes()).containsEntry("kind", "pcm");
        assertThat(stream.info().totalLength()).hasValue(100_000);

        // engine → rtc-node: a file (sendFile) and bytes in memory (sendBytes).
        node.ask(Map.of("cmd", "register_byte_stream", "topic", "files"), "byte_stream_registered", NODE_WAIT);
        byte[] content = pattern(70_001, 3);
        Path file = Files.write(dir.resolve("report.bin"), content);
        int from = node.mark();
        engine.room.localParticipant().sendFile(file, StreamOptions.topic("files").withMimeType("application/x-test"))
                .block(Harness.WAIT);
        JsonNode got = node.await("bytes_received", from, NODE_WAIT);
        assertThat(got.path("sha256").asText()).isEqualTo(sha256(content));
        assertThat(got.path("size").asInt()).isEqualTo(70_001);
        assertThat(got.path("name").asText()).isEqualTo("report.bin");
        assertThat(got.path("mime_type").asText()).isEqualTo("application/x-test");
        assertThat(got.path("sender").asText()).isEqualTo("java-agent");
        int next = node.mark();
        byte[] small = pattern(1_000, 9);
        engine.room.localParticipant().sendBytes(small, StreamOptions.topic("files").withName("small.bin"))
                .block(Harness.WAIT);
        JsonNode smallGot = node.await("bytes_received", next, NODE_WAIT);
        assertThat(smallGot.path("sha256").asText()).isEqualTo(sha256(small));
        assertThat(smallGot.path("name").asText()).isEqualTo("small.bin");
        assertThat(node.events("byte_stream_failed")).isEmpty();
    }

    /**
     * Chat and transcriptions from LiveKit's Rust client: a text stream on lk.chat reaches
     * {@code Room.chatMessages()}, a legacy transcription packet reaches {@code Room.transcriptions()}, and the
     * engine's published segment reaches rtc-node on lk.transcription with its attributes.
     */
    @Test
    void chatAndTranscriptionsWithLiveKitsRustClient() {
        List<ChatMessage> chat = new CopyOnWriteArrayList<>();
        List<TranscriptionSegment> segments = new CopyOnWriteArrayList<>();
        harness.keep(engine.room.chatMessages().subscribe(chat::add));
        harness.keep(engine.room.transcriptions().subscribe(segments::add));

        JsonNode sentText = node.ask(Map.of("cmd", "send_text", "text", "hi agent", "topic", "lk.chat"), "text_sent",
                NODE_WAIT);
        await().atMost(Harness.WAIT).until(() -> !chat.isEmpty());
        assertThat(chat).singleElement().satisfies(message -> {
            assertThat(message.message()).isEqualTo("hi agent");
            assertThat(message.senderIdentity()).isEqualTo("node-caller");
            assertThat(message.legacy()).isFalse();
            assertThat(message.id()).isEqualTo(sentText.path("stream_id").asText());
        });

        node.ask(Map.of("cmd", "transcription", "track_sid", "TR_callervoice", "id", "seg-9", "text", "I need help",
                "final", true, "language", "en"), "transcription_sent", NODE_WAIT);
        await().atMost(Harness.WAIT).until(() -> !segments.isEmpty());
        assertThat(segments).singleElement().isEqualTo(new TranscriptionSegment("node-caller", "TR_callervoice",
                "seg-9", "I need help", true, "en"));

        node.ask(Map.of("cmd", "register_text_stream", "topic", "lk.transcription"), "text_stream_registered",
                NODE_WAIT);
        int from = node.mark();
        engine.room.localParticipant().publishTranscription(TranscriptionSegment.of("TR_agentvoice", "seg-1",
                "How can I help?", true)).block(Harness.WAIT);
        JsonNode got = node.await("text_received", from, NODE_WAIT);
        assertThat(got.path("text").asText()).isEqualTo("How can I help?");
        assertThat(got.path("attributes").path("lk.segment_id").asText()).isEqualTo("seg-1");
        assertThat(got.path("attributes").path("lk.transcribed_track_id").asText()).isEqualTo("TR_agentvoice");
        assertThat(got.path("attributes").path("lk.transcription_final").asText()).isEqualTo("true");
    }
}
