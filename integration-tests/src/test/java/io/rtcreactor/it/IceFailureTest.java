package io.rtcreactor.it;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F4: ICE never recovers after a resume. The testkit's {@code black_hole_media} drops every packet
 * between the participant and the server's PCs at its media relay; the PCs themselves stay up, so the server
 * answers the resume and then ignores the connectivity checks on the new credentials. The engine's transports
 * fail, the resume cannot reach its recovery condition, and the engine must end with a full reconnect (a new
 * participant, whose media the black hole does not cover) — never a second resume of the dead session.
 */
class IceFailureTest {

    @Test
    void deadMediaEndsInAFullReconnectThatRecovers() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.BlackHoleMedia(Duration.ofMinutes(5)));

            RoomEvent.Reconnected reconnected = scenario.reconnected(1);
            assertThat(reconnected.mode()).isEqualTo(Mode.FULL);
            assertThat(scenario.record("agent").resumes()).as("the resume was tried first").isEqualTo(1);
            assertThat(scenario.record("agent").resumes()).as("never a second resume of a dead session")
                    .isLessThanOrEqualTo(1);
            assertThat(scenario.record("agent").fullReconnects()).isEqualTo(1);
            scenario.recovered();
        }
    }

    /**
     * Without {@code ms} the black hole lasts until the participant resumes: the resume it causes recovers. While
     * it lasts the peer hears nothing from the agent but the few frames already on their way (seen here: about 30).
     */
    @Test
    void mediaLossUntilResumeIsRecoveredByAResume() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            int heardBefore = scenario.atPeer.voicedFrames();
            scenario.fault(new Fault.BlackHoleMedia(null));

            await().atMost(Harness.WAIT).until(() -> !scenario.agent.events(RoomEvent.Resuming.class).isEmpty());
            // The 3 s of unanswered checks before the engine resumes: had the tone gone on, that would be 150+
            // frames; 100 leaves room for the server's 50-frame forwarding buffer under load.
            assertThat(scenario.atPeer.voicedFrames() - heardBefore)
                    .as("frames with sound the peer heard from the agent during the outage (only those in flight)")
                    .isLessThan(100);
            RoomEvent.Reconnected reconnected = scenario.reconnected(1);
            assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.record("agent").fullReconnects()).isZero();
            scenario.recovered();
        }
    }

    /**
     * The media path dies while the signal connection lives. libwebrtc would call the transports DISCONNECTED
     * only after 5 s of unanswered checks; the engine reads the pair's check counters and resumes once none was
     * answered for {@code pathSilenceLimit} (3 s). The grace is a minute here, so that nothing but that watch can
     * start the resume before the server's own 15 s timeout would.
     */
    @Test
    void aPathThatAnswersNoCheckIsResumedBeforeLibwebrtcCallsItDisconnected() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(io.rtcreactor.testkit.TestkitOptions.defaults(),
                Scenario.fastOptions().withPeerDisconnectedGrace(Duration.ofSeconds(60)))) {
            scenario.established();
            scenario.fault(new Fault.BlackHoleMedia(null));

            RoomEvent.Resuming resuming = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.Resuming.class).stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(resuming.cause()).isInstanceOf(io.rtcreactor.engine.rtc.TransportFailedException.class)
                    .hasMessageContaining("answered none of its last")
                    .hasMessageContaining("connectivity checks");
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.record("agent").fullReconnects()).isZero();
            scenario.recovered();
        }
    }

    /**
     * Issue 10, item 20: the server gives up on a participant it hears nothing from after LiveKit's ICE timeouts
     * (10 s disconnected + 5 s failed, pkg/rtc/transport.go) and asks it to resume with
     * {@code leave{RESUME, CONNECTION_TIMEOUT}}. An engine whose own grace is longer than that (and whose silence
     * watch is off) resumes because the server asked, and recovers. (The 15 s rule itself is IceTimeoutsTest's, in the testkit.)
     */
    @Test
    void aServerThatHearsNothingForFifteenSecondsAsksForAResumeAndGetsOne() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(io.rtcreactor.testkit.TestkitOptions.defaults(),
                Scenario.fastOptions().withPeerDisconnectedGrace(java.time.Duration.ofSeconds(60))
                        .withPathSilenceLimit(Duration.ZERO))) {
            scenario.established();
            scenario.fault(new Fault.BlackHoleMedia(null));

            RoomEvent.Resuming resuming = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.Resuming.class).stream().findFirst().orElse(null), java.util.Objects::nonNull);
            assertThat(resuming.cause()).isInstanceOfSatisfying(
                    io.rtcreactor.engine.LeaveRequestedException.class,
                    leave -> assertThat(leave.reason()).isEqualTo(io.rtcreactor.engine.DisconnectReason.CONNECTION_TIMEOUT));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            scenario.recovered();
        }
    }

    /**
     * Two outages in a row, each recovered by a resume. Both transports go disconnected together; the first grace
     * to expire starts the resume and the other one expires moments later, before the transports are
     * renegotiated: it must not count against the resume, whatever an earlier episode renegotiated.
     */
    @Test
    void aSecondMediaLossIsRecoveredByAResumeToo() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.BlackHoleMedia(null));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            scenario.recovered();

            scenario.fault(new Fault.BlackHoleMedia(null));
            assertThat(scenario.reconnected(2).mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
            assertThat(scenario.record("agent").fullReconnects()).isZero();
            scenario.recovered();
        }
    }

    /**
     * Issue 13: on a first join whose media can never connect (here the server demands relay candidates and offers
     * no TURN server, so ICE has nothing to try), connect() fails at the join's own bound with an error that says
     * the transports never connected and what to check, not after the whole reconnect policy.
     */
    @Test
    void aFirstJoinWhoseMediaCanNeverConnectFailsAtItsBoundSayingWhy() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness(io.rtcreactor.testkit.TestkitOptions.defaults().withForceRelay(true))) {
            io.rtcreactor.engine.Room room = io.rtcreactor.engine.Room.create(harness.server.url(),
                    harness.server.token("nowhere", "agent"), io.rtcreactor.engine.RoomOptions.defaults()
                            .withRecoveryTimeout(java.time.Duration.ofSeconds(3))
                            .withJoinTimeout(java.time.Duration.ofSeconds(8)));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> room.connect().block(Harness.WAIT))
                    .isInstanceOf(io.rtcreactor.engine.JoinTimeoutException.class)
                    .hasMessageContaining("could not join within 8000 ms")
                    .hasMessageContaining("the media transports never connected")
                    .hasMessageContaining("loopback");
            assertThat(room.ended().block(Harness.WAIT).reason())
                    .isEqualTo(io.rtcreactor.engine.DisconnectReason.JOIN_FAILURE);
        }
    }
}
