package io.rtcreactor.it;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13, Micrometer: an agent session bound to a registry is counted by state, its migration is a recovered
 * RESUME episode with its cause, its signal messages are counted by type, and after disconnect it counts nowhere.
 */
@Timeout(120)
class MetricsTest {

    @Test
    void aSessionsLifeAndItsMigrationShowInTheRegistry() {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(),
                Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry)))) {
            scenario.established();
            assertThat(registry.get("rtcreactor.sessions").tag("state", "connected").gauge().value()).isEqualTo(1);
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(registry.get("rtcreactor.reconnect.episodes").tags("mode", "resume", "outcome", "recovered",
                    "cause", "LeaveRequestedException").timer().count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "in", "type", "leave").counter()
                    .count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "out", "type", "sync_state")
                    .counter().count()).isEqualTo(1);
            assertThat(registry.get("rtcreactor.sessions").tag("state", "connected").gauge().value()).isEqualTo(1);
            // No identity, room or token among the tags.
            assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().getTags())
                    .noneMatch(tag -> tag.getValue().contains("agent") || tag.getValue().contains("faults")));

            scenario.agent.room.disconnect().block(Harness.WAIT);
            await().atMost(Harness.WAIT).until(() -> registry.find("rtcreactor.sessions").gauges().stream()
                    .mapToDouble(g -> g.value()).sum() == 0);
        }
    }
}
