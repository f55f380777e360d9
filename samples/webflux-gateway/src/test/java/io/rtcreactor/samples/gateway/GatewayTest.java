package io.rtcreactor.samples.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.samples.echo.AgentSchedulers;
import io.rtcreactor.samples.echo.EchoAgent;
import io.rtcreactor.samples.echo.Timeline;
import io.rtcreactor.samples.echo.demo.Caller;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway as a client uses it, against its embedded testkit: start an agent over HTTP, a real caller hears its
 * echo, an SSE watcher sees the migration the testkit forces on the agent and the caller hears the echo again, the
 * health and Prometheus endpoints show the session, DELETE ends it and the event stream with it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.testkit.port=0"})
@Timeout(120)
class GatewayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ParameterizedTypeReference<ServerSentEvent<EventView>> SSE =
            new ParameterizedTypeReference<>() { };

    @Autowired
    private Environment environment;
    @Autowired
    private LoopbackServer testkit;

    @BeforeAll
    static void isolated() {
        NetworkNamespace.requireIsolated();
    }

    @Test
    void anAgentStartedOverHttpEchoesACallerAndSurvivesAMigrationWhileWatched() {
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        WebTestClient http = WebTestClient.bindToServer().baseUrl(base).responseTimeout(WAIT).build();

        AgentView started = http.post().uri("/rooms/call/agents").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("identity", "echo-1")).exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/rooms/call/agents/ag_[0-9a-f]+")
                .expectBody(AgentView.class).returnResult().getResponseBody();
        assertThat(started.identity()).isEqualTo("echo-1");
        assertThat(started.state()).isEqualTo("CONNECTED");
        http.get().uri("/rooms/call/agents").exchange().expectStatus().isOk()
                .expectBodyList(AgentView.class).value(list -> assertThat(list).extracting(AgentView::id)
                        .containsExactly(started.id()));

        Queue<ServerSentEvent<EventView>> seen = new ConcurrentLinkedQueue<>();
        AtomicBoolean streamEnded = new AtomicBoolean();
        Disposable watcher = WebClient.create(base).get().uri("/rooms/call/agents/{id}/events", started.id())
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(SSE)
                .subscribe(seen::add, error -> streamEnded.set(true), () -> streamEnded.set(true));
        Timeline timeline = Timeline.to(System.out, Clock.systemUTC(), AgentSchedulers.newOutput());
        Caller caller = Caller.join(testkit.url(), testkit.token("call", "caller"), "echo-1", timeline.as("caller"))
                .block(WAIT);
        try {
            caller.hearsEcho(25, WAIT).block(WAIT);
            caller.dataEcho("before", WAIT).block(WAIT);
            // the watcher came after the join and still saw it (kept events), and sees the caller arrive
            await().atMost(WAIT).until(() -> types(seen).contains("TrackSubscribed"));
            assertThat(types(seen)).as("kept from before the watcher came").contains("LocalTrackPublished");

            assertThat(testkit.fault("call", "echo-1", new Fault.Migrate(Duration.ofSeconds(3))).block(WAIT))
                    .isEqualTo(200);
            await().atMost(WAIT).until(() -> types(seen).contains("Reconnected"));
            caller.hearsEcho(25, WAIT).block(WAIT);
            caller.dataEcho("after", WAIT).block(WAIT);
            http.get().uri("/rooms/call/agents/{id}", started.id()).exchange().expectStatus().isOk()
                    .expectBody(AgentView.class).value(view -> assertThat(view.state()).isEqualTo("CONNECTED"));

            http.get().uri("/rooms/call/agents/{id}/diagnostics", started.id()).exchange().expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body).contains("\"leave\"", "SIGNAL_IN"));
            http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body).contains("\"rtcReactor\"")
                            .contains("\"CONNECTED\":1"));
            http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).value(body -> assertThat(body)
                            .contains("rtcreactor_reconnect_episodes").contains("rtcreactor_sessions"));

            http.delete().uri("/rooms/call/agents/{id}", started.id()).exchange().expectStatus().isNoContent();
            await().atMost(WAIT).untilTrue(streamEnded);
            assertThat(types(seen)).last().isEqualTo("Disconnected");
            http.get().uri("/rooms/call/agents").exchange().expectBodyList(AgentView.class).hasSize(0);
            http.get().uri("/rooms/call/agents/{id}", started.id()).exchange()
                    .expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
        } finally {
            watcher.dispose();
            caller.disconnect().block(WAIT);
        }
    }

    /**
     * Issue 13's acceptance: an agent started over HTTP echoes a LiveKit client's audio and data. The client is
     * LiveKit's own Rust engine ({@code @livekit/rtc-node}, driven through {@code interop/}): it publishes a 660 Hz
     * tone and judges what it hears back by its own analysis, and gets its data back on the echo topic.
     */
    @Test
    void anAgentStartedOverHttpEchoesLiveKitsOwnClient() {
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        WebTestClient http = WebTestClient.bindToServer().baseUrl(base).responseTimeout(WAIT).build();
        AgentView started = http.post().uri("/rooms/sdk/agents").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("identity", "echo-sdk")).exchange().expectStatus().isCreated()
                .expectBody(AgentView.class).returnResult().getResponseBody();
        try (NodeParticipant node = NodeParticipant.rtcNode("rtc-node", testkit.url(),
                testkit.token("sdk", "node-caller"))) {
            node.await("connected", 0, Duration.ofSeconds(60));
            node.ask(Map.of("cmd", "publish_tone", "hz", 660, "amplitude", 0.3), "published", WAIT);
            JsonNode report = await().atMost(WAIT).until(() -> node.ask(Map.of("cmd", "audio_report"),
                    "audio_report", WAIT), r -> r.path("tracks").size() > 0
                    && r.path("tracks").get(0).path("voiced_frames").asInt() > 50);
            assertThat(report.path("tracks").get(0).path("participant").asText()).isEqualTo("echo-sdk");
            assertThat(report.path("tracks").get(0).path("dominant_hz").asDouble()).isEqualTo(660.0);

            int from = node.mark();
            node.command(Map.of("cmd", "send_data", "payload", "hello agent", "topic", EchoAgent.TOPIC,
                    "reliable", true, "destinations", List.of("echo-sdk")));
            JsonNode back = node.await("data_received", from,
                    n -> n.path("participant").asText().equals("echo-sdk"), WAIT);
            assertThat(back.path("payload").asText()).isEqualTo("hello agent");
            assertThat(back.path("topic").asText()).isEqualTo(EchoAgent.TOPIC);
        } finally {
            http.delete().uri("/rooms/sdk/agents/{id}", started.id()).exchange().expectStatus().isNoContent();
        }
    }

    @Test
    void withoutABodyTheIdentityIsGeneratedAndUnknownAgentsAreNotFound() {
        String base = "http://127.0.0.1:" + environment.getProperty("local.server.port");
        WebTestClient http = WebTestClient.bindToServer().baseUrl(base).responseTimeout(WAIT).build();
        AgentView started = http.post().uri("/rooms/lobby/agents").exchange().expectStatus().isCreated()
                .expectBody(AgentView.class).returnResult().getResponseBody();
        assertThat(started.identity()).startsWith("echo-");
        http.get().uri("/rooms/other/agents/{id}", started.id()).exchange()
                .expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
        http.get().uri("/rooms/lobby/agents/ag_0/events").exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
        http.delete().uri("/rooms/lobby/agents/ag_0").exchange().expectStatus().isEqualTo(HttpStatus.NOT_FOUND);
        http.delete().uri("/rooms/lobby/agents/{id}", started.id()).exchange().expectStatus().isNoContent();
    }

    private static List<String> types(Queue<ServerSentEvent<EventView>> seen) {
        return seen.stream().map(ServerSentEvent::event).toList();
    }
}
