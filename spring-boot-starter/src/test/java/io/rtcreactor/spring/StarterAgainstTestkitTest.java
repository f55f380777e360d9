package io.rtcreactor.spring;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter against the real testkit: a room joined through the connector shows in the health indicator, and
 * closing the application context leaves the room (a clean {@code CLIENT_INITIATED} end, seen by the server) before
 * the WebRTC runtime is released.
 */
@Timeout(90)
class StarterAgainstTestkitTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static LoopbackServer server;

    @BeforeAll
    static void startServer() {
        NetworkNamespace.requireIsolated();
        server = LoopbackServer.start(TestkitOptions.defaults()).block(WAIT);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close().block(WAIT);
        }
    }

    @Test
    void aRoomJoinedThroughTheConnectorEndsCleanlyWithTheApplication() {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(RtcReactorAutoConfiguration.class,
                        RtcReactorHealthAutoConfiguration.class))
                .withPropertyValues("rtc-reactor.url=" + server.url(),
                        "rtc-reactor.api-key=" + server.options().apiKey(),
                        "rtc-reactor.api-secret=" + server.options().apiSecret());
        Room[] joined = new Room[1];
        RtcRuntime[] runtime = new RtcRuntime[1];
        runner.run(context -> {
            RoomConnector connector = context.getBean(RoomConnector.class);
            Room room = connector.connect("spring", "agent-1").block(WAIT);
            joined[0] = room;
            runtime[0] = context.getBean(RtcRuntime.class);
            assertThat(room.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(room.localParticipant().identity()).isEqualTo("agent-1");
            assertThat(connector.rooms()).containsExactly(room);
            @SuppressWarnings("unchecked")
            Map<String, Integer> sessions = (Map<String, Integer>) context
                    .getBean("rtcReactorHealthIndicator", HealthIndicator.class).health().getDetails().get("sessions");
            assertThat(sessions).containsEntry("CONNECTED", 1);
            assertThat(runtime[0].livePeerConnections()).isPositive();
        });
        // The context is closed: the connector disconnected the room, then the runtime was released.
        RoomEvent.Disconnected ended = joined[0].ended().block(WAIT);
        assertThat(ended.reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        assertThat(runtime[0].livePeerConnections()).isZero();
        await().atMost(WAIT).until(() -> server.participant("spring", "agent-1").block(WAIT).state()
                .equals("DISCONNECTED"));
    }
}
