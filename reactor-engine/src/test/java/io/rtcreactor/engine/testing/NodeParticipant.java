package io.rtcreactor.engine.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One of LiveKit's own clients, driven through {@code interop/}'s line protocol (see {@code interop/README.md}):
 * {@code rtc-node-participant.mjs} (LiveKit's Rust engine) or {@code browser-participant.mjs} (livekit-client in
 * headless Chromium). Events arrive as JSON lines; commands go in as JSON lines.
 */
public final class NodeParticipant implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;

    private NodeParticipant(ManagedProcess process) {
        this.process = process;
    }

    /** Starts LiveKit's Rust engine (@livekit/rtc-node) as a participant. */
    public static NodeParticipant rtcNode(String name, String url, String token) {
        return start(name, "rtc-node-participant.mjs", url, token);
    }

    /** Starts livekit-client in headless Chromium as a participant. */
    public static NodeParticipant browser(String name, String url, String token) {
        return start(name, "browser-participant.mjs", url, token);
    }

    private static NodeParticipant start(String name, String script, String url, String token) {
        NodeRunner.requireInstalled();
        return new NodeParticipant(ManagedProcess.start(name, NodeRunner.interopDir(), Map.of("CONNECT_TIMEOUT_MS", "20000"),
                List.of("node", NodeRunner.interopDir().resolve(script).toString(), url, token)));
    }

    /** Sends a command object, e.g. {@code Map.of("cmd", "publish_tone", "hz", 440)}. */
    public void command(Map<String, ?> command) {
        try {
            process.send(JSON.writeValueAsString(command));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The index the next event will have (to await only events after now). */
    public int mark() {
        return process.lineCount();
    }

    /** Waits for an event named {@code event} after {@code from} that matches. */
    public JsonNode await(String event, int from, Predicate<JsonNode> matching, Duration timeout) {
        String line = process.await(text -> {
            JsonNode node = parse(text);
            return node != null && event.equals(node.path("event").asText()) && matching.test(node);
        }, from, timeout);
        return parse(line);
    }

    /** Waits for an event named {@code event} after {@code from}. */
    public JsonNode await(String event, int from, Duration timeout) {
        return await(event, from, node -> true, timeout);
    }

    /** Sends {@code command} and returns the first {@code reply} event after it. */
    public JsonNode ask(Map<String, ?> command, String reply, Duration timeout) {
        int from = mark();
        command(command);
        return await(reply, from, timeout);
    }

    /** Every event so far with this name. */
    public List<JsonNode> events(String event) {
        return process.lines().stream().map(NodeParticipant::parse)
                .filter(node -> node != null && event.equals(node.path("event").asText())).toList();
    }

    public String stderr() {
        return process.stderr();
    }

    /** Asks the participant to leave and waits for its exit; forcibly after a bound. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                command(Map.of("cmd", "disconnect"));
                process.waitFor(Duration.ofSeconds(15));
            } catch (RuntimeException | AssertionError e) {
                // fall through to the forced close
            }
        }
        process.close();
    }

    private static JsonNode parse(String line) {
        try {
            return line.startsWith("{") ? JSON.readTree(line) : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
