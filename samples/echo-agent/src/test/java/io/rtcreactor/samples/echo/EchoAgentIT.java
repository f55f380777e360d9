package io.rtcreactor.samples.echo;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged echo agent against the standalone testkit, with LiveKit's own Rust engine (@livekit/rtc-node) as
 * the caller: the caller's tone and data come back from the agent, the agent survives a migration while it
 * republishes from its Reconnected handler, and SIGTERM ends it cleanly with exit 0.
 */
class EchoAgentIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROOM = "echo-it";
    private static final String API_KEY = "devkey";

    /** Not the well-known development secret: the test checks the agent never prints it. */
    private final String apiSecret = "it-secret-" + UUID.randomUUID();
    private final Deque<AutoCloseable> open = new ArrayDeque<>();
    private final Map<String, ManagedProcess> logs = new LinkedHashMap<>();
    private Processes.Testkit testkit;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        testkit = Processes.testkit(API_KEY, apiSecret);
        open.push(testkit.process());
        logs.put("testkit", testkit.process());
    }

    @AfterEach
    void tearDown(TestInfo test) throws Exception {
        while (!open.isEmpty()) {
            open.pop().close();
        }
        Processes.keepLogs(getClass().getSimpleName() + "-" + test.getTestMethod().map(m -> m.getName()).orElse("?"),
                logs);
    }

    @Test
    void echoesACallersToneAndDataThenLeavesCleanlyOnSigterm() {
        ManagedProcess agent = startAgent();
        NodeParticipant caller = join("caller");

        // Nobody speaks yet: the agent's track carries frames of silence, not sound.
        awaitAgentTrack(caller, track -> track.path("total_frames").asInt() >= 50);
        assertThat(agentTrack(caller).path("voiced_frames").asInt()).as("the echo before anyone speaks").isZero();

        int speaking = caller.mark();
        caller.ask(Map.of("cmd", "publish_tone", "hz", 440, "name", "voice"), "published", WAIT);
        assertThat(awaitEcho(caller, null).path("dominant_hz").asInt()).isEqualTo(440);
        agent.await(line -> line.contains("hears caller"), 0, WAIT);
        // The agent's state, as LiveKit's frontends read it: speaking while it echoes the caller's sound.
        caller.await("attributes_changed", speaking, node -> node.path("participant").asText().equals("agent")
                && node.path("changed").path("lk.agent.state").asText().equals("speaking"), WAIT);

        // A text stream on "echo" comes back as a text stream on "echo", whole, answering the one sent.
        caller.ask(Map.of("cmd", "register_text_stream", "topic", "echo"), "text_stream_registered", WAIT);
        int streamed = caller.mark();
        List<String> parts = List.of("Hallo ", "Agent, ", "x".repeat(20_000), " Ende");
        caller.ask(Map.of("cmd", "stream_text", "parts", parts, "topic", "echo"), "text_streamed", WAIT);
        JsonNode echoed = caller.await("text_received", streamed, WAIT);
        assertThat(echoed.path("text").asText()).isEqualTo(String.join("", parts));
        assertThat(echoed.path("sender").asText()).isEqualTo("agent");
        agent.await(line -> line.contains("echoed text stream"), 0, WAIT);

        dataComesBack(caller, agent, "ping-" + UUID.randomUUID());

        // The caller calls the agent's "echo" method (LiveKit RPC) and presses a key (DTMF).
        String question = "rpc-" + UUID.randomUUID();
        JsonNode answer = caller.ask(Map.of("cmd", "rpc", "destination", "agent", "method", "echo", "payload", question,
                "response_timeout_ms", 10000), "rpc_result", WAIT);
        assertThat(answer.path("response").asText()).as("%s", answer).isEqualTo(question);
        agent.await(line -> line.contains("rpc echo from caller"), 0, WAIT);
        caller.ask(Map.of("cmd", "dtmf", "code", 11, "digit", "#"), "dtmf_sent", WAIT);
        agent.await(line -> line.contains("caller pressed # (DTMF 11)"), 0, WAIT);

        int leaving = caller.mark();
        Processes.sigterm(agent);
        assertThat(agent.waitFor(WAIT)).as("exit status after SIGTERM; stdout:\n"
                + String.join("\n", agent.lines()) + "\nstderr:\n" + agent.stderr()).isZero();
        // The process has exited, but its last lines may still be on their way through the pipe.
        agent.await(line -> line.contains("stopping on SIGTERM"), 0, WAIT);
        agent.await(line -> line.contains("disconnected reason=CLIENT_INITIATED"), 0, WAIT);
        caller.await("participant_disconnected", leaving, node -> node.path("identity").asText().equals("agent"),
                WAIT);
        neverPrintedCredentials(agent);
    }

    @Test
    void survivesAMigrationWhileRepublishingFromItsReconnectedHandler() {
        ManagedProcess agent = startAgent("--republish-on-reconnect");
        NodeParticipant caller = join("caller");
        caller.ask(Map.of("cmd", "publish_tone", "hz", 440, "name", "voice"), "published", WAIT);
        String before = awaitEcho(caller, null).path("track_sid").asText();
        dataComesBack(caller, agent, "before-" + UUID.randomUUID());

        int from = agent.lineCount();
        assertThat(testkit.fault(Map.of("room", ROOM, "identity", "agent", "fault", "migrate"))).isEqualTo(200);

        agent.await(line -> line.contains("resuming after"), from, WAIT);
        agent.await(line -> line.contains("reconnected RESUME"), from, WAIT);
        String republished = agent.await(line -> line.contains("republished echo track"), from, WAIT);
        String after = republished.substring(republished.lastIndexOf(' ') + 1);
        assertThat(after).startsWith("TR_").isNotEqualTo(before);

        JsonNode echo = awaitEcho(caller, after);
        assertThat(echo.path("dominant_hz").asInt()).isEqualTo(440);
        dataComesBack(caller, agent, "after-" + UUID.randomUUID());

        JsonNode server = participant(testkit.room(ROOM), "agent");
        assertThat(server.path("resumes").asInt()).as("resumes").isEqualTo(1);
        assertThat(server.path("full_reconnects").asInt()).as("full reconnects").isZero();
        assertThat(server.path("answers_dropped").asInt()).as("answers dropped").isZero();
        List<String> tracks = new ArrayList<>();
        server.path("published_tracks").forEach(track -> tracks.add(track.path("sid").asText()));
        assertThat(tracks).as("the agent's tracks on the server").containsExactly(after);
        neverTwoOffersOutstanding(server);

        Processes.sigterm(agent);
        assertThat(agent.waitFor(WAIT)).as("exit status after SIGTERM; stderr:\n" + agent.stderr()).isZero();
        agent.await(line -> line.contains("disconnected reason=CLIENT_INITIATED"), 0, WAIT);
        neverPrintedCredentials(agent);
    }

    @Test
    void exitsNonZeroWithTheReasonWhenTheServerEndsItsSession() {
        ManagedProcess agent = startAgent();
        assertThat(testkit.fault(Map.of("room", ROOM, "identity", "agent", "fault", "leave", "action", "disconnect",
                "reason", "participant_removed"))).isEqualTo(200);

        assertThat(agent.waitFor(WAIT)).as("exit status when removed; stderr:\n" + agent.stderr()).isEqualTo(1);
        agent.await(line -> line.contains("session ended unexpectedly: reason=PARTICIPANT_REMOVED cause="), 0, WAIT);
    }

    private ManagedProcess startAgent(String... extra) {
        List<String> args = new ArrayList<>(List.of("--url", testkit.url(), "--api-key", API_KEY, "--api-secret",
                apiSecret, "--room", ROOM, "--identity", "agent"));
        args.addAll(List.of(extra));
        ManagedProcess agent = Processes.agent("echo-agent", args);
        open.push(agent);
        logs.put("agent", agent);
        agent.await(line -> line.contains("published echo track"), 0, Processes.START);
        return agent;
    }

    private NodeParticipant join(String identity) {
        NodeParticipant caller = NodeParticipant.rtcNode(identity, testkit.url(), testkit.token(ROOM, identity));
        open.push(caller);
        caller.await("connected", 0, WAIT);
        caller.await("track_subscribed", 0, node -> node.path("participant").asText().equals("agent"), WAIT);
        return caller;
    }

    /** Waits until the agent's track {@code sid} (any, if null) carries the caller's 440 Hz tone back. */
    private JsonNode awaitEcho(NodeParticipant caller, String sid) {
        return awaitAgentTrack(caller, track -> (sid == null || sid.equals(track.path("track_sid").asText()))
                && track.path("voiced_frames").asInt() >= 50 && track.path("dominant_hz").asInt() == 440);
    }

    private JsonNode awaitAgentTrack(NodeParticipant caller, java.util.function.Predicate<JsonNode> wanted) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode track = agentTrack(caller);
                last.set(track);
                return track != null && wanted.test(track);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the caller's audio_report of the agent's track never matched; last: "
                    + last.get(), e);
        }
        return last.get();
    }

    private static JsonNode agentTrack(NodeParticipant caller) {
        JsonNode report = caller.ask(Map.of("cmd", "audio_report"), "audio_report", WAIT);
        JsonNode found = null;
        for (JsonNode track : report.path("tracks")) {
            if (track.path("participant").asText().equals("agent")) {
                found = track;
            }
        }
        return found;
    }

    /** Reliable data on topic echo goes out and the same payload comes back from the agent, to the caller only. */
    private static void dataComesBack(NodeParticipant caller, ManagedProcess agent, String payload) {
        int from = caller.mark();
        int agentFrom = agent.lineCount();
        caller.ask(Map.of("cmd", "send_data", "payload", payload, "topic", "echo", "reliable", true), "data_sent", WAIT);
        JsonNode back = caller.await("data_received", from, node -> node.path("payload").asText().equals(payload),
                WAIT);
        assertThat(back.path("participant").asText()).isEqualTo("agent");
        assertThat(back.path("topic").asText()).isEqualTo("echo");
        assertThat(back.path("kind").asText()).isEqualTo("reliable");
        agent.await(line -> line.contains("echoed " + payload.length() + " bytes to caller"), agentFrom, WAIT);
    }

    private static JsonNode participant(JsonNode room, String identity) {
        for (JsonNode participant : room.path("participants")) {
            if (participant.path("identity").asText().equals(identity)) {
                return participant;
            }
        }
        throw new AssertionError("no " + identity + " in " + room);
    }

    /**
     * Invariant 4 as the server saw it: the agent never sent an offer while an earlier one was unanswered, though it
     * asked to renegotiate (unpublish, publish) from its Reconnected handler.
     */
    private static void neverTwoOffersOutstanding(JsonNode participant) {
        boolean outstanding = false;
        int offers = 0;
        for (JsonNode entry : participant.path("timeline")) {
            String type = entry.path("type").asText();
            String dir = entry.path("dir").asText();
            if (type.equals("offer") && dir.equals("in")) {
                assertThat(outstanding).as("an offer while another was unanswered: " + participant.path("timeline"))
                        .isFalse();
                outstanding = true;
                offers++;
            } else if (type.equals("answer") && dir.equals("out")) {
                outstanding = false;
            }
        }
        assertThat(offers).as("publisher offers: first publish, ICE restart, unpublish/publish").isGreaterThanOrEqualTo(3);
    }

    private void neverPrintedCredentials(ManagedProcess agent) {
        String output = String.join("\n", agent.lines()) + "\n" + agent.stderr();
        assertThat(output).doesNotContain(apiSecret).doesNotContain("eyJ");
    }
}
