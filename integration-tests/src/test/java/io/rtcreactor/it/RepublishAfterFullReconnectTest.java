package io.rtcreactor.it;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent framework republishes from its {@code Reconnected} handler after a full reconnect: the engine has just
 * published the track again itself, and the handler unpublishes it and publishes a new one at once, while the other
 * participant's subscription to the first is still being negotiated. The other participant must hear the new
 * track (found by the benchmarks' P2, where it heard the unpublished track's audio go on and the new one silent).
 */
class RepublishAfterFullReconnectTest {

    @Test
    void theTrackPublishedFromTheHandlerIsHeard() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.republishOnReconnected(550, "again");
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.UNKNOWN_REASON, true));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);

            ToneDetector heard = scenario.peerHears("again");
            assertThat(heard.dominant(440, 550)).isEqualTo(550);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                    .stream().map(t -> t.name()).toList().equals(java.util.List.of("again")));
        }
    }
}
