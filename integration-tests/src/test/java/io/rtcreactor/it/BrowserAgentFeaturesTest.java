package io.rtcreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.RpcInvocation;
import io.rtcreactor.engine.stream.ChatMessage;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 with LiveKit's browser SDK ({@code livekit-client} in headless Chromium): RPC and a text stream each way
 * between the engine and the page, content checked.
 */
@Timeout(240)
class BrowserAgentFeaturesTest {

    private static final Duration BROWSER_WAIT = Duration.ofSeconds(60);

    private Harness harness;
    private NodeParticipant browser;
    private Harness.Recorded engine;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium))
                .as("Chromium at %s (Debian package 'chromium'; .ci/run installs it)", chromium).isTrue();
        harness = new Harness();
        engine = harness.join("browser", "java-agent");
        browser = NodeParticipant.browser("chromium", harness.server.url(), harness.server.token("browser", "web-user"));
        browser.await("connected", 0, BROWSER_WAIT);
    }

    @AfterEach
    void tearDown() {
        if (browser != null) {
            browser.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void rpcCrossesBothWays() {
        List<RpcInvocation> served = new CopyOnWriteArrayList<>();
        engine.room.localParticipant().registerRpcMethod("weather", call -> {
            served.add(call);
            return Mono.just("sunny in " + call.payload());
        });
        JsonNode answer = browser.ask(Map.of("cmd", "rpc", "destination", "java-agent", "method", "weather",
                "payload", "Zürich", "response_timeout_ms", 10_000), "rpc_result", BROWSER_WAIT);
        assertThat(answer.path("response").asText()).as("%s", answer).isEqualTo("sunny in Zürich");
        assertThat(served).singleElement().satisfies(call -> {
            assertThat(call.callerIdentity()).isEqualTo("web-user");
            // LiveKit's JS client sends the caller's timeout, at least 8 s.
            assertThat(call.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
        });

        browser.ask(Map.of("cmd", "register_rpc", "method", "confirm", "prefix", "confirmed: "), "rpc_registered",
                BROWSER_WAIT);
        String confirmed = engine.room.localParticipant().performRpc("web-user", "confirm", "order 7",
                Duration.ofSeconds(10)).block(Harness.WAIT);
        assertThat(confirmed).isEqualTo("confirmed: order 7");
        // The page reports the call on its own path (console bridge, stdout); it may come after the response.
        JsonNode invoked = browser.await("rpc_invoked", 0, BROWSER_WAIT);
        assertThat(invoked.path("caller").asText()).isEqualTo("java-agent");
        assertThat(invoked.path("payload").asText()).isEqualTo("order 7");
    }

    /**
     * RPC version 2: both sides announce {@code client_protocol} ≥ 1 (livekit-client 2, the engine 1), so requests
     * and answers travel as text streams and may exceed version 1's 15 KiB, both ways.
     */
    @Test
    void rpcPayloadsBeyond15KibTravelAsStreamsBothWays() {
        engine.room.localParticipant().registerRpcMethod("summarize", call ->
                Mono.just(call.payload().length() + ":" + "s".repeat(40_000)));
        String document = "d".repeat(60_000);
        JsonNode answer = browser.ask(Map.of("cmd", "rpc", "destination", "java-agent", "method", "summarize",
                "payload", document, "response_timeout_ms", 10_000), "rpc_result", BROWSER_WAIT);
        assertThat(answer.path("error_message").isNull()).as("%s", answer.path("error_message")).isTrue();
        assertThat(answer.path("response").asText()).isEqualTo("60000:" + "s".repeat(40_000));

        browser.ask(Map.of("cmd", "register_rpc", "method", "store", "prefix", "stored "), "rpc_registered",
                BROWSER_WAIT);
        String big = "€".repeat(20_000); // 60 000 bytes of UTF-8
        String stored = engine.room.localParticipant().performRpc("web-user", "store", big, Duration.ofSeconds(10))
                .block(Harness.WAIT);
        assertThat(stored).isEqualTo("stored " + big);
    }

    @Test
    void textStreamsCrossBothWays() {
        List<TextStream> received = new CopyOnWriteArrayList<>();
        engine.room.registerTextStreamHandler("lk.chat", received::add);
        List<String> parts = List.of("Bonjour ", "de ", "Chromium — ", "é".repeat(10_000), " fin");
        browser.ask(Map.of("cmd", "stream_text", "parts", parts, "topic", "lk.chat",
                "attributes", Map.of("lang", "fr")), "text_streamed", BROWSER_WAIT);
        await().atMost(Harness.WAIT).until(() -> received.size() == 1);
        assertThat(received.get(0).readAll().block(Harness.WAIT)).isEqualTo(String.join("", parts));
        assertThat(received.get(0).info().senderIdentity()).isEqualTo("web-user");
        assertThat(received.get(0).info().attributes()).containsEntry("lang", "fr");

        browser.ask(Map.of("cmd", "register_text_stream", "topic", "lk.transcription"), "text_stream_registered",
                BROWSER_WAIT);
        int from = browser.mark();
        List<String> tokens = List.of("The ", "engine ", "says: ", "ß".repeat(9_000), ".");
        StreamInfo sent = engine.room.localParticipant().streamText(Flux.fromIterable(tokens),
                StreamOptions.topic("lk.transcription").withAttributes(Map.of("lk.transcription_final", "true")))
                .block(Harness.WAIT);
        JsonNode got = browser.await("text_received", from, BROWSER_WAIT);
        assertThat(got.path("text").asText()).isEqualTo(String.join("", tokens));
        assertThat(got.path("stream_id").asText()).isEqualTo(sent.id());
        assertThat(got.path("sender").asText()).isEqualTo("java-agent");
        assertThat(got.path("attributes").path("lk.transcription_final").asText()).isEqualTo("true");
        assertThat(browser.events("text_stream_failed")).isEmpty();
    }

    /**
     * Chat and transcriptions as LiveKit's frontends read them: the engine's chat message arrives as a text stream
     * on lk.chat; the browser's legacy chat_message reaches {@code Room.chatMessages()}; the engine's streamed
     * transcription arrives on lk.transcription with the segment and track attributes, final after the trailer.
     */
    @Test
    void chatAndTranscriptionsAsLiveKitsFrontendsReadThem() {
        List<ChatMessage> chat = new CopyOnWriteArrayList<>();
        harness.keep(engine.room.chatMessages().subscribe(chat::add));
        browser.ask(Map.of("cmd", "register_text_stream", "topic", "lk.chat"), "text_stream_registered", BROWSER_WAIT);
        browser.ask(Map.of("cmd", "register_text_stream", "topic", "lk.transcription"), "text_stream_registered",
                BROWSER_WAIT);

        int from = browser.mark();
        ChatMessage sent = engine.room.localParticipant().sendChatMessage("Hallo Web").block(Harness.WAIT);
        JsonNode got = browser.await("text_received", from, n -> n.path("topic").asText().equals("lk.chat"),
                BROWSER_WAIT);
        assertThat(got.path("text").asText()).isEqualTo("Hallo Web");
        assertThat(got.path("stream_id").asText()).isEqualTo(sent.id());

        JsonNode legacy = browser.ask(Map.of("cmd", "chat_legacy", "text", "old style"), "chat_sent", BROWSER_WAIT);
        await().atMost(Harness.WAIT).until(() -> !chat.isEmpty());
        assertThat(chat).singleElement().satisfies(message -> {
            assertThat(message.message()).isEqualTo("old style");
            assertThat(message.id()).isEqualTo(legacy.path("id").asText());
            assertThat(message.senderIdentity()).isEqualTo("web-user");
            assertThat(message.legacy()).isTrue();
        });

        int next = browser.mark();
        engine.room.localParticipant().streamTranscription("TR_agentvoice", "seg-42",
                Flux.just("Hello ", "there, ", "caller.")).block(Harness.WAIT);
        JsonNode transcript = browser.await("text_received", next,
                n -> n.path("topic").asText().equals("lk.transcription"), BROWSER_WAIT);
        assertThat(transcript.path("text").asText()).isEqualTo("Hello there, caller.");
        JsonNode attributes = transcript.path("attributes");
        assertThat(attributes.path("lk.transcribed_track_id").asText()).isEqualTo("TR_agentvoice");
        assertThat(attributes.path("lk.segment_id").asText()).isEqualTo("seg-42");
        // Not final in the header; the trailer makes it final (livekit-client merges the trailer's attributes).
        assertThat(attributes.path("lk.transcription_final").asText()).isEqualTo("true");
    }
}
