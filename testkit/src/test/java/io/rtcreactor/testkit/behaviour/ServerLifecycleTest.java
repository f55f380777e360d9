package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.client.ConnectOptions;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Testbed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Closing a server releases its WebRTC runtime only after every participant's peer connections are closed —
 * including ones still being opened for a participant that joined a moment before. (Disposing the factories under
 * a peer connection, channel or track crashes the JVM; this test would then kill its own test run.)
 */
class ServerLifecycleTest {

    @Test
    void closingTheServerWhileParticipantsAreStillJoiningLeavesNoPeerConnectionBehind() {
        for (int round = 0; round < 6; round++) {
            LoopbackServer server = LoopbackServer.start(Testbed.signalOnlyOptions()).block(Duration.ofSeconds(30));
            List<ProtocolClient> clients = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                clients.add(ProtocolClient.connect(server.url(), server.token("closing", "p" + i),
                        ConnectOptions.defaults()));
            }
            // The first JoinResponse means server peer connections are being opened for the others right now.
            clients.get(0).await(MessageCase.JOIN);

            server.close().block(Duration.ofSeconds(30));

            assertThat(server.livePeerConnections()).as("round %d", round).isZero();
            clients.forEach(ProtocolClient::abort);
        }
    }
}
