package io.rtcreactor.engine.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Mode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class MicrometerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MicrometerMetrics metrics = MicrometerMetrics.bind(registry);

    private double sessions(String state) {
        return registry.get("rtcreactor.sessions").tag("state", state).gauge().value();
    }

    @Test
    void sessionsAreCountedByStateAndLeaveTheCountWhenDisconnected() {
        metrics.sessionState(null, ConnectionState.CONNECTING);
        metrics.sessionState(null, ConnectionState.CONNECTING);
        metrics.sessionState(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(sessions("connecting")).isEqualTo(1);
        assertThat(sessions("connected")).isEqualTo(1);
        metrics.sessionState(ConnectionState.CONNECTED, ConnectionState.RESUMING);
        metrics.sessionState(ConnectionState.RESUMING, ConnectionState.DISCONNECTED);
        assertThat(sessions("connected")).isZero();
        assertThat(sessions("resuming")).isZero();
        assertThat(sessions("disconnected")).isZero();
    }

    @Test
    void episodesSignalMessagesGapsAndRpcCallsAreTaggedWithBoundedValues() {
        metrics.episode(Mode.RESUME, "LeaveRequestedException", "recovered", Duration.ofMillis(240));
        metrics.signal(true, "leave");
        metrics.signal(false, "sync_state");
        metrics.dataGap(false, 3);
        metrics.rpc(true, "ok");
        assertThat(registry.get("rtcreactor.reconnect.episodes").tags("mode", "resume", "cause",
                "LeaveRequestedException", "outcome", "recovered").timer().totalTime(
                java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(240);
        assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "in", "type", "leave").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get("rtcreactor.signal.messages").tags("direction", "out", "type", "sync_state")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get("rtcreactor.data.gaps").tag("side", "remote").counter().count()).isEqualTo(3);
        assertThat(registry.get("rtcreactor.rpc.calls").tags("role", "served", "outcome", "ok").counter().count())
                .isEqualTo(1);
    }

    @Test
    void laneLatencyIsATimerAndDroppedFramesACounter() {
        metrics.laneLatency(Duration.ofMillis(2));
        metrics.laneLatency(Duration.ofMillis(4));
        metrics.audioFrameDropped();
        metrics.audioFrameDropped();
        metrics.audioFrameDropped();
        io.micrometer.core.instrument.Timer lane = registry.get("rtcreactor.lane.latency").timer();
        assertThat(lane.count()).isEqualTo(2);
        assertThat(lane.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(6.0);
        assertThat(registry.get("rtcreactor.audio.frames.dropped").counter().count()).isEqualTo(3.0);
    }
}
