package io.rtcreactor.it;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/getting-started.md's first agent: the guide shows exactly the code of {@link FirstAgent}, and that code,
 * run against the testkit, says back what a caller says, also after the server migrated it.
 */
@Timeout(120)
class FirstAgentTest {

    @Test
    void theGuideShowsTheCodeThatRuns() throws IOException {
        String code = Files.readString(Path.of(System.getProperty("rtcr.root"), "integration-tests/src/test/java/io/"
                + "rtcreactor/it/FirstAgent.java"));
        String example = code.substring(code.indexOf("// --- docs/getting-started.md: example begins ---"),
                code.indexOf("    // --- docs/getting-started.md: example ends ---"));
        example = example.substring(example.indexOf('\n') + 1);
        String guide = Files.readString(Path.of(System.getProperty("rtcr.root"), "docs/getting-started.md"));
        assertThat(guide).as("docs/getting-started.md shows FirstAgent's example as it is").contains(example);
    }

    @Test
    void theFirstAgentSaysBackWhatACallerSaysAcrossAMigration() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded caller = harness.join("first", "caller");
            Harness.publishTone(caller.room, 440);
            Room agent = FirstAgent.start(harness.server.url(), harness.server.options().apiKey(),
                    harness.server.options().apiSecret(), "first").block(Harness.WAIT);
            try {
                ToneDetector heard = harness.listen(caller);
                await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
                assertThat(heard.dominant(440, 660)).as("the caller hears its own tone back").isEqualTo(440);

                // Subscribed before the fault: events are hot.
                java.util.concurrent.CompletableFuture<RoomEvent.Reconnected> next = agent.events()
                        .ofType(RoomEvent.Reconnected.class).next().toFuture();
                harness.server.fault("first", "first-agent", new Fault.Migrate(Duration.ofSeconds(3)))
                        .block(Harness.WAIT);
                RoomEvent.Reconnected reconnected = await().atMost(Harness.WAIT).until(() -> next.getNow(null),
                        e -> e != null);
                assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
                int before = heard.voicedFrames();
                await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > before + 100);
            } finally {
                agent.disconnect().block(Harness.WAIT);
            }
        }
    }
}
