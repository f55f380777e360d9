package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 10, item 5: LiveKit's TCP fallback (pkg/rtc/transportmanager.go, handleConnectionFailed). The testkit's
 * media relay carries UDP only; {@code black_hole_media} for minutes is a network that stops carrying the call's
 * UDP. The server hears nothing for its 15 s, its transports fail on a connection younger than 90 s, so it
 * switches the participant to TCP at once, remembers that for the room and identity, and asks for a resume: its
 * ICE restart offers only TCP candidates. An engine that gathers TCP candidates resumes over TCP, around the dead
 * UDP; one that does not can never connect again (seen: with TCP disabled the resume fails and the full reconnect
 * that follows joins on TCP too).
 */
class TcpFallbackTest {

    @Test
    void aCallWhoseUdpDiesResumesOverTcpAndRejoinsOnTcp() {
        NetworkNamespace.requireIsolated();
        // A grace longer than the server's 15 s and no silence watch: the server decides first, as for a client
        // on a slow network.
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(),
                Scenario.fastOptions().withPeerDisconnectedGrace(Duration.ofSeconds(60))
                        .withPathSilenceLimit(Duration.ZERO))) {
            scenario.established();
            assertThat(scenario.record("agent").icePreference()).isEqualTo("ANY");
            scenario.fault(new Fault.BlackHoleMedia(Duration.ofMinutes(5)));

            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.record("agent").icePreference()).isEqualTo("TCP");
            // Every UDP packet of this participant is still dropped: what flows now flows over TCP.
            scenario.recovered();
            assertThat(scenario.record("agent").fullReconnects()).isZero();

            // A full reconnect within LiveKit's 5 minutes joins on the remembered fallback and connects over TCP.
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT,
                    io.rtcreactor.engine.proto.DisconnectReason.STATE_MISMATCH, true));
            RoomEvent.Reconnected full = scenario.reconnected(2);
            assertThat(full.mode()).isEqualTo(Mode.FULL);
            assertThat(scenario.record("agent").icePreference()).isEqualTo("TCP");
            scenario.recovered();
        }
    }
}
