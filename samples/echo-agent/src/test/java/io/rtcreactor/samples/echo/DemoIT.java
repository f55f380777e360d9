package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's demo: the jar without arguments runs the echo agent through a migration and exits 0. */
class DemoIT {

    @Test
    void theDemoShowsTheEchoSurviveAMigrationAndExitsZero() {
        NetworkNamespace.requireIsolated();
        try (ManagedProcess demo = Processes.agent("echo-demo", List.of())) {
            int status = demo.waitFor(Duration.ofSeconds(60));
            List<String> lines = demo.lines();
            String all = String.join("\n", lines);
            assertThat(status).as("exit status; stdout:\n" + all + "\nstderr:\n" + demo.stderr()).isZero();
            assertThat(lines).as(all).allMatch(line -> line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\S+ +.+"));
            assertThat(all).containsSubsequence(
                    "caller  connected room=echo-demo",
                    "agent   connected room=echo-demo as agent",
                    "agent   hears caller",
                    "caller  hears its echo",
                    "caller  got \"hello agent #1\" back from agent",
                    "agent   resuming after",
                    "agent   reconnected RESUME in",
                    "caller  hears its echo again",
                    "caller  got \"hello agent #2\" back from agent",
                    "demo    migration survived",
                    "agent   disconnected reason=CLIENT_INITIATED",
                    "demo    done in");
        }
    }
}
