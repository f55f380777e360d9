package io.rtcreactor.samples.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeRunner;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The testkit's console and call page as a person uses them (issue 13), in headless Chromium with a fake
 * microphone playing a 440 Hz tone, against the echo agent: the call page joins and hears the echo, its "Migrate
 * agent" button moves the agent and its timeline shows the resume, the echo is heard again; the console lists the
 * agent, its migrate button works and its signal timeline shows the leave.
 */
@Timeout(180)
class CallPageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aPersonCallsTheEchoAgentFromTheBrowserAndHearsTheCallSurviveAMigration(@TempDir Path dir) throws IOException {
        NetworkNamespace.requireIsolated();
        NodeRunner.requireInstalled();
        Path microphone = tone(dir.resolve("tone.wav"));
        LoopbackServer server = LoopbackServer.start(TestkitOptions.defaults()).block(WAIT);
        Timeline timeline = Timeline.to(System.out, Clock.systemUTC(), AgentSchedulers.newOutput());
        try {
            EchoAgent agent = EchoAgent.start(new AgentConfig(server.url(), server.options().apiKey(),
                    server.options().apiSecret(), "call", "agent", false), RoomOptions.defaults(), timeline.as("agent"))
                    .block(WAIT);
            try {
                NodeRunner.Result result = NodeRunner.run(Duration.ofSeconds(150), Map.of(), "console-call.mjs",
                        server.httpUrl(), "call", "agent", microphone.toString());
                System.out.println("console-call.mjs said:\n" + result.stdout());
                List<JsonNode> lines = lines(result.stdout());
                assertThat(result.exitCode()).as("console-call.mjs: %s %s", result.stdout(), result.stderr())
                        .isZero();
                assertThat(lines).extracting(line -> line.path("step").asText("")).containsSubsequence(
                        "joined", "heard_echo", "migrated", "heard_echo_again", "console_lists_agent",
                        "console_fault_worked");
                JsonNode last = lines.stream().filter(l -> l.path("step").asText().equals("console_fault_worked"))
                        .findFirst().orElseThrow();
                assertThat(last.path("resumes").asInt()).as("one resume from the call page, one from the console")
                        .isGreaterThanOrEqualTo(2);
                assertThat(last.path("timeline_has_leave").asBoolean()).isTrue();
                int resumes = server.inspect(registry -> registry.record("call", "agent").resumes()).block(WAIT);
                assertThat(resumes).as("the server served the agent's resumes").isGreaterThanOrEqualTo(2);
            } finally {
                agent.disconnect().block(WAIT);
            }
        } finally {
            server.close().block(WAIT);
        }
    }

    /** Ten seconds of a 440 Hz tone, 48 kHz mono 16-bit PCM (Chromium loops the file as the microphone). */
    private static Path tone(Path file) throws IOException {
        int rate = 48_000;
        int samples = rate * 10;
        ByteBuffer wav = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            wav.putShort((short) Math.round(10_000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return Files.write(file, wav.array());
    }

    private static List<JsonNode> lines(String stdout) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (line.startsWith("{")) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }
}
