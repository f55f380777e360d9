package io.rtcreactor.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark of the suite runs in CI with one or two samples (smoke mode), so that none can rot: its code runs
 * against the real testkit and LiveKit's own clients and it writes its part of the report. No figure is judged here
 * (figures belong in docs/benchmarks.md, not in assertions); what is checked is that each benchmark measured
 * something and that the report, the samples file and the plot were written.
 */
class BenchSmokeTest {

    private static final List<String> IDS = List.of("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyBenchmarkRunsAndWritesItsReport(@TempDir Path out) throws Exception {
        NetworkNamespace.requireIsolated();
        String markdown = Bench.run(BenchMode.SMOKE, List.of(), out, "BenchSmokeTest");

        for (String id : IDS) {
            assertThat(markdown).as("a section for %s", id).contains("### " + id + ": ");
        }
        JsonNode samples = new ObjectMapper().readTree(out.resolve("samples.json").toFile()).path("samples");
        for (String id : List.of("P1", "P3", "P4", "P6")) {
            assertThat(samples.path(id).size()).as("%s kept its samples", id).isPositive();
            samples.path(id).forEach(series -> assertThat(series.size()).as("%s: %s", id, series).isPositive());
        }
        // P2 and P8 may measure nothing for an engine that does not recover (that is their finding); this engine
        // recovers in both, so each must have measured ours.
        assertThat(samples.path("P2").path("ours").size()).as("P2 measured ours").isPositive();
        assertThat(samples.path("P8").path("ours").size()).as("P8 measured ours").isPositive();
        assertThat(markdown).as("P7 ran its JMH benchmarks").contains("SignalPathBenchmark.decodeAndDispatch")
                .contains("TransitionBenchmark.resumeEpisode");
        assertThat(markdown).as("P7 split the signal path's CPU per message by thread")
                .containsPattern("decodeAndDispatch \\|[^\\n]*\\| \\d+ · \\d+ · \\d+ · \\d+ · \\d+ \\|");
        String svg = Files.readString(out.resolve("p1-migration.svg"), StandardCharsets.UTF_8);
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("rtc-node").contains("ours");
        assertThat(markdown).as("P5 measured its two calls").containsPattern("\\| 2 \\| \\d+\\.\\d\\d %");
        assertThat(markdown).as("P5 counted the sessions' reconnect episodes in its windows (none on two calls)")
                .contains("during the measured windows, agents and callers together: 0.");
        assertThat(markdown).as("P5 measured the raw webrtc-java floor beside them")
                .containsPattern("of a core \\(\\d+\\.\\d×\\)");
        assertThat(Files.readString(out.resolve("p5-on-time.svg"), StandardCharsets.UTF_8)).contains("<svg")
                .contains("agent");
        assertThat(Files.readString(out.resolve("results.md"), StandardCharsets.UTF_8)).isEqualTo(markdown);
    }
}
