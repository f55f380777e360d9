package io.rtcreactor.it;

import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An interop participant whose driver has gone (the test JVM died, or a benchmark run was killed) ends itself and
 * leaves the room. Found when a killed benchmark run left a browser participant spinning a core for the whole of
 * the next CI run: every line it wrote to the closed pipe raised an error its error handler wrote out again.
 * The driver's going is modelled by closing our end of the participant's stdout while its stdin stays open.
 */
class InteropDriverGoneTest {

    private static final String ROOM = "driver-gone";

    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    @ParameterizedTest
    @ValueSource(strings = {"rtc-node-participant.mjs", "browser-participant.mjs"})
    void aParticipantWhoseReaderHasGoneLeavesAndExits(String script) throws Exception {
        NetworkNamespace.requireIsolated();
        NodeRunner.requireInstalled();
        try (Harness harness = new Harness()) {
            Process node = new ProcessBuilder(List.of("node", NodeRunner.interopDir().resolve(script).toString(),
                    harness.server.url(), harness.server.token(ROOM, "orphan")))
                    .directory(NodeRunner.interopDir().toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                do {
                    line = lines.readLine();
                } while (line != null && !line.contains("\"event\":\"connected\""));
                assertThat(line).as("the participant's connected line").isNotNull();
                await().atMost(Harness.WAIT).until(() -> present(harness));

                lines.close();
                Writer commands = new java.io.OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
                commands.write("{\"cmd\":\"ping\"}\n");
                commands.flush();

                assertThat(node.waitFor(Harness.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                        .as("the participant exited after its stdout reader went away").isTrue();
                await().atMost(Harness.WAIT).until(() -> !present(harness));
            } finally {
                node.destroyForcibly();
            }
        }
    }

    private static boolean present(Harness harness) {
        return Boolean.TRUE.equals(harness.server.inspect(r -> r.participant(ROOM, "orphan") != null).block(Duration.ofSeconds(5)));
    }
}
