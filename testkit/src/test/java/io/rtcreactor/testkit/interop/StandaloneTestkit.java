package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone testkit as other tools meet it: {@code java -jar testkit/target/testkit.jar} in a child process
 * (inside the test JVM's private network namespace, like every child of the test), its URL read from what it
 * prints, its JSON control API driven over HTTP. {@link #close()} stops it with SIGTERM and asserts that it exits
 * 0, as the documented command promises.
 */
final class StandaloneTestkit implements AutoCloseable {

    /** How long the jar may take to load the native WebRTC library and bind (2-core machine, cold cache). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern URL_LINE = Pattern.compile("^\\s*url:\\s+(wss?://\\S+)$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManagedProcess process;
    private final String url;
    private final String apiKey;
    private final String apiSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
    private boolean closed;

    private StandaloneTestkit(ManagedProcess process, String url, String apiKey, String apiSecret) {
        this.process = process;
        this.url = url;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** {@code java -jar testkit.jar --port 0}: a free port, LiveKit's development keys. */
    static StandaloneTestkit start() {
        return start(List.of("--port", "0"), "devkey", "secret");
    }

    /**
     * Starts the jar with {@code args} and waits for its banner (URL, keys, control API). {@code apiKey}/{@code apiSecret} are
     * the pair {@link #token} signs with (what the args configure).
     */
    static StandaloneTestkit start(List<String> args, String apiKey, String apiSecret) {
        Path jar = jar();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        ManagedProcess process = ManagedProcess.start("testkit", root(), Map.of(), command);
        try {
            // "control:" is the last line of the banner: once it is out, so are the URL and the keys
            process.await(text -> text.strip().startsWith("control:"), 0, START_TIMEOUT);
            String line = process.await(text -> URL_LINE.matcher(text).matches(), 0, Duration.ZERO);
            Matcher matcher = URL_LINE.matcher(line);
            assertThat(matcher.matches()).isTrue();
            return new StandaloneTestkit(process, matcher.group(1), apiKey, apiSecret);
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    /** The checkout (the build passes {@code rtcr.root}). */
    static Path root() {
        String root = System.getProperty("rtcr.root", System.getenv().getOrDefault("RTCR_ROOT", "."));
        return Path.of(root).toAbsolutePath().normalize();
    }

    /** {@code testkit/target/testkit.jar}, built by {@code package} before Failsafe runs. */
    static Path jar() {
        Path jar = root().resolve("testkit/target/testkit.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the integration tests through Maven's"
                    + " verify phase (package builds the jar first)");
        }
        return jar;
    }

    /** The URL clients connect to, e.g. {@code ws://127.0.0.1:41234}. */
    String url() {
        return url;
    }

    /** The HTTP base of {@code /rtc/validate} and {@code /_testkit/}. */
    String httpUrl() {
        return "http" + url.substring(2);
    }

    int port() {
        return URI.create(url).getPort();
    }

    /** A join token for {@code identity} in {@code room}, valid for an hour. */
    String token(String room, String identity) {
        return AccessToken.builder(apiKey, apiSecret).identity(identity).name(identity)
                .grant(VideoGrant.join(room)).ttl(Duration.ofHours(1)).build().toJwt();
    }

    /** {@code POST /_testkit/faults} with {@code json}; the response (status and body). */
    HttpResponse<String> fault(String json) {
        return post("/_testkit/faults", json);
    }

    /** A POST of {@code body} on the testkit's HTTP port. */
    HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(httpUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** {@code POST /_testkit/faults} that must be accepted (200). */
    void faultAccepted(String json) {
        HttpResponse<String> response = fault(json);
        assertThat(response.statusCode()).as("POST /_testkit/faults %s answered %s", json, response.body())
                .isEqualTo(200);
    }

    /** {@code GET /_testkit/rooms/{room}}, which must answer 200 with JSON. */
    JsonNode room(String room) {
        HttpResponse<String> response = get("/_testkit/rooms/" + room);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return parse(response.body());
    }

    /** The room state's entry for {@code identity}; fails if the room never saw it. */
    JsonNode participant(String room, String identity) {
        JsonNode state = room(room);
        for (JsonNode participant : state.path("participants")) {
            if (identity.equals(participant.path("identity").asText())) {
                return participant;
            }
        }
        throw new AssertionError("no participant '" + identity + "' in room state " + state);
    }

    /** A GET on the testkit's HTTP port. */
    HttpResponse<String> get(String pathAndQuery) {
        return get(pathAndQuery, Map.of());
    }

    /** A GET on the testkit's HTTP port with extra request headers. */
    HttpResponse<String> get(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(httpUrl() + pathAndQuery)).GET();
        headers.forEach(request::header);
        return send(request);
    }

    /** Everything the testkit printed so far (its log goes to stderr), for assertions and failure messages. */
    String output() {
        return String.join("\n", process.lines()) + "\n" + process.stderr();
    }

    /** Stops the testkit with SIGTERM and asserts that it exits 0 (the documented clean stop). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        process.close();
        int exit = process.waitFor(Duration.ofSeconds(5));
        assertThat(exit).as("the testkit's exit code after SIGTERM; its output:\n%s", tail(output(), 4000))
                .isZero();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(HTTP_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("testkit at " + httpUrl() + " did not answer; its output:\n"
                    + tail(output(), 4000), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String tail(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}
