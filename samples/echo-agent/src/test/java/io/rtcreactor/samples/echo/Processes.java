package io.rtcreactor.samples.echo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processes of the echo agent's IT tests: the standalone testkit jar, the packaged echo agent jar, and their
 * control API. They are children of the test JVM, so they share its private network namespace.
 */
final class Processes {

    static final Duration START = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Processes() {
    }

    /** A running standalone testkit. */
    record Testkit(ManagedProcess process, String url, String controlUrl, String apiKey, String apiSecret) {

        /** A join token signed with the testkit's key. */
        String token(String room, String identity) {
            return AccessToken.builder(apiKey, apiSecret).identity(identity).name(identity)
                    .grant(VideoGrant.join(room)).ttl(Duration.ofHours(1)).build().toJwt();
        }

        /** POSTs a fault to the control API ({@code {"room", "identity", "fault", ...}}); returns the status. */
        int fault(Map<String, Object> body) {
            return http(HttpRequest.newBuilder(URI.create(controlUrl + "faults"))
                    .POST(HttpRequest.BodyPublishers.ofString(json(body)))
                    .header("Content-Type", "application/json")).statusCode();
        }

        /** The control API's account of {@code room} (GET /_testkit/rooms/{room}). */
        JsonNode room(String room) {
            HttpResponse<String> response = http(HttpRequest.newBuilder(URI.create(controlUrl + "rooms/" + room)).GET());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("the control API answered something that is not JSON: " + response.body(), e);
            }
        }
    }

    /** Starts {@code java -jar <rtcr.root>/testkit/target/testkit.jar --port 0} and reads its URL. */
    static Testkit testkit(String apiKey, String apiSecret) {
        Path jar = root().resolve("testkit/target/testkit.jar");
        assertThat(jar).as("the standalone testkit jar (built by the testkit module)").exists();
        ManagedProcess process = ManagedProcess.start("testkit", root(), Map.of(), List.of(java(), "-jar",
                jar.toString(), "--port", "0", "--api-key", apiKey, "--api-secret", apiSecret));
        String url = value(process.await(line -> line.strip().startsWith("url:"), 0, START));
        String control = value(process.await(line -> line.strip().startsWith("control:"), 0, START)).split(" ")[0];
        return new Testkit(process, url, control, apiKey, apiSecret);
    }

    /** Starts the packaged echo agent with {@code args}. */
    static ManagedProcess agent(String name, List<String> args) {
        Path jar = agentJar();
        assertThat(Files.isRegularFile(jar)).as(jar + " (made by the package phase)").isTrue();
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar.toString()));
        command.addAll(args);
        // INFO logs on stderr: the engine's own account of a failure is then in the test's diagnostics.
        return ManagedProcess.start(name, root(), Map.of("ECHO_AGENT_LOG", "INFO"), command);
    }

    /** The java of the test JVM (the children are in its network namespace already). */
    /**
     * Sends SIGTERM to the running echo agent. Not through {@link ManagedProcess#close()}: that uses
     * {@code Process.destroy()}, which also closes the parent's ends of the child's stdout and stderr, so every line
     * the agent prints while it stops (the ones this test is about) would be lost.
     */
    static void sigterm(ManagedProcess agent) {
        String jar = agentJar().toString();
        List<ProcessHandle> agents = ProcessHandle.current().children()
                .filter(ProcessHandle::isAlive)
                .filter(child -> child.info().arguments().map(List::of).orElse(List.of()).contains(jar))
                .toList();
        assertThat(agents).as("running echo agents (children of this JVM)").hasSize(1);
        assertThat(agents.get(0).destroy()).as("SIGTERM sent").isTrue();
    }

    /** Writes what {@code processes} printed to {@code target/it-logs/<test>.log}, for a failure's post-mortem. */
    static void keepLogs(String test, Map<String, ManagedProcess> processes) {
        StringBuilder out = new StringBuilder();
        processes.forEach((name, process) -> out.append("===== ").append(name).append(" stdout\n")
                .append(String.join("\n", process.lines())).append("\n===== ").append(name).append(" stderr\n")
                .append(process.stderr()).append('\n'));
        try {
            Path dir = Path.of("target", "it-logs");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(test + ".log"), out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path agentJar() {
        return Path.of(System.getProperty("echo.agent.jar", "target/echo-agent.jar")).toAbsolutePath();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path root() {
        return Path.of(System.getProperty("rtcr.root", "../..")).toAbsolutePath().normalize();
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static HttpResponse<String> http(HttpRequest.Builder request) {
        try {
            return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("the testkit's control API did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
