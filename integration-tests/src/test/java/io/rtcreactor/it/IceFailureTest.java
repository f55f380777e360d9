package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FAULTS.md F4: ICE never recovers. The testkit's {@code black_hole_media} stops answering the participant's
 * connectivity checks (its server-side PCs are closed, a variant FAULTS.md allows); the engine's transports fail,
 * the resume of a session whose media is dead cannot succeed, and the engine must end with a full reconnect —
 * never a second resume of the dead session.
 */
class IceFailureTest {

    @Test
    void deadMediaEndsInAFullReconnectThatRecovers() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.BlackHoleMedia(null));

            RoomEvent.Reconnected reconnected = scenario.reconnected(1);
            assertThat(reconnected.mode()).isEqualTo(Mode.FULL);
            assertThat(scenario.record("agent").resumes()).as("never a second resume of a dead session")
                    .isLessThanOrEqualTo(1);
            assertThat(scenario.record("agent").fullReconnects()).isEqualTo(1);
            scenario.audioFlowsBothWays();
        }
    }
}
