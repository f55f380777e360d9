package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.spring.RoomConnector;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shutting the gateway down with an agent in a call: the agent leaves while the network still works (the server
 * hears its leave), instead of losing its signal connection when Reactor Netty's shared event loops stop and
 * trying to resume against a closed server.
 */
@Timeout(90)
class GatewayShutdownTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void agentsLeaveCleanlyBeforeTheNetworkStops() {
        NetworkNamespace.requireIsolated();
        // As arguments: they outrank application.properties (which names port 7880 for the embedded testkit).
        ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class)
                .run("--server.port=0", "--gateway.testkit.port=0");
        Room room;
        Queue<ConnectionState> states = new ConcurrentLinkedQueue<>();
        try {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            WebTestClient.bindToServer().baseUrl(base).responseTimeout(WAIT).build()
                    .post().uri("/rooms/closing/agents").exchange().expectStatus().isCreated();
            room = context.getBean(RoomConnector.class).rooms().get(0);
            room.states().subscribe(states::add);
        } finally {
            context.close();
        }
        RoomEvent.Disconnected ended = room.ended().block(WAIT);
        assertThat(ended.reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
        // States reach subscribers on the callback scheduler: the last one may come just after ended().
        await().atMost(WAIT).until(() -> states.contains(ConnectionState.DISCONNECTED));
        assertThat(List.copyOf(states)).as("left from CONNECTED, never tried to recover")
                .containsExactly(ConnectionState.CONNECTED, ConnectionState.DISCONNECTED);
        assertThat(room.diagnostics().entries()).as("the leave was sent while the signal connection was up")
                .anyMatch(entry -> entry.kind() == io.rtcreactor.engine.Diagnostics.Kind.SIGNAL_OUT
                        && entry.what().equals("leave"));
    }
}
