package io.rtcreactor.it;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 4: after {@code disconnect()} no peer connection is alive and no non-daemon thread remains. */
class ReleaseTest {

    @Test
    void disconnectClosesEveryPeerConnection() {
        NetworkNamespace.requireIsolated();
        RtcRuntime runtime = RtcRuntime.createAsync("release-check").block(Harness.WAIT);
        try (Harness harness = new Harness()) {
            Harness.Recorded peer = harness.join("release", "peer");
            Harness.Recorded agent = harness.join("release", "agent", RoomOptions.defaults().withRtcRuntime(runtime));
            Harness.publishTone(agent.room, 440);
            Harness.publishTone(peer.room, 660);
            harness.listen(agent);
            await().atMost(Harness.WAIT).until(() -> runtime.livePeerConnections() == 2);

            agent.room.disconnect().block(Harness.WAIT);

            assertThat(runtime.livePeerConnections()).isZero();
        }
        runtime.release().block(Harness.WAIT);
    }

    @Test
    void aJvmThatUsedTheEngineExitsOnItsOwnAfterDisconnect() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ManagedProcess client = ManagedProcess.start("exiting-client", Path.of("."), Map.of(),
                    List.of(java, "-cp", System.getProperty("java.class.path"), ExitingClient.class.getName(),
                            harness.server.url(), harness.server.token("release", "client")));
            try {
                client.await(line -> line.equals("left"), 0, Duration.ofSeconds(60));
                // Returning from main is not enough: the JVM ends only when no non-daemon thread is left.
                assertThat(client.waitFor(Duration.ofSeconds(20))).isZero();
            } finally {
                client.close();
            }
        }
    }

    @Test
    void aJvmToldToStopLeavesTheRoomsItDidNotLeave() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ManagedProcess client = ManagedProcess.start("staying-client", Path.of("."), Map.of(),
                    List.of(java, "-cp", System.getProperty("java.class.path"), StayingClient.class.getName(),
                            harness.server.url(), harness.server.token("release", "stayer")));
            try {
                client.await(line -> line.equals("joined"), 0, Duration.ofSeconds(60));
            } finally {
                client.close(); // SIGTERM: the JVM runs its shutdown hooks
            }
            assertThat(client.isAlive()).isFalse();
            // The engine's hook sent leave{DISCONNECT, CLIENT_INITIATED}: the server saw it leave, not time out.
            assertThat(harness.server.participant("release", "stayer").block(Harness.WAIT).received())
                    .contains("leave");
        }
    }
}
