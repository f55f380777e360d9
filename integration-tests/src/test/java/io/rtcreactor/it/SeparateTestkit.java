package io.rtcreactor.it;

import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone testkit jar in a process of its own, so that every thread, descriptor and byte of this JVM is the
 * engine's: what leak checks need. Faults go through its JSON control API.
 */
final class SeparateTestkit implements AutoCloseable {

    private static final Duration START = Duration.ofSeconds(30);
    /** One client for all: each java.net.http client has threads and a selector of its own. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ManagedProcess process;
    private final String url;
    private final String control;

    private SeparateTestkit(ManagedProcess process, String url, String control) {
        this.process = process;
        this.url = url;
        this.control = control;
    }

    static SeparateTestkit start() {
        Path root = Path.of(System.getProperty("rtcr.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("testkit/target/testkit.jar");
        assertThat(jar).as("the standalone testkit jar (built by the testkit module)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ManagedProcess process = ManagedProcess.start("testkit", root, Map.of(), List.of(java, "-jar",
                jar.toString(), "--port", "0", "--api-key", "devkey", "--api-secret", "secret"));
        try {
            String url = value(process.await(line -> line.strip().startsWith("url:"), 0, START));
            String control = value(process.await(line -> line.strip().startsWith("control:"), 0, START))
                    .split(" ")[0];
            return new SeparateTestkit(process, url, control);
        } catch (RuntimeException | AssertionError e) {
            process.close();
            throw e;
        }
    }

    String url() {
        return url;
    }

    String token(String room, String identity) {
        return AccessToken.builder("devkey", "secret").identity(identity).grant(VideoGrant.join(room))
                .ttl(Duration.ofHours(1)).build().toJwt();
    }

    /** Posts a fault (FAULTS.md's JSON) and expects it accepted. */
    void fault(String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(control.replaceAll("/+$", "") + "/faults")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    @Override
    public void close() {
        process.close();
    }
}
