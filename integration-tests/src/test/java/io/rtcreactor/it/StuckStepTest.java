package io.rtcreactor.it;

import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F3 (control messages behind stuck SDP work) and F16 (close during a stuck reconnect): the incident of
 * DESIGN.md. A hook makes an SDP step hang for ever; a Leave right behind it must still be handled within a
 * second, and {@code disconnect()} must finish within its bound and leave no peer connection behind.
 */
class StuckStepTest {

    @Test
    void f3ALeaveBehindAStuckAnswerIsHandledWithinASecondAndDisconnectIsBounded() {
        NetworkNamespace.requireIsolated();
        AtomicBoolean stall = new AtomicBoolean();
        RtcRuntime runtime = RtcRuntime.createAsync("f3-agent").block(Harness.WAIT);
        RoomOptions options = Scenario.fastOptions().withRtcRuntime(runtime).withSdpStepHook((transport, step, id) ->
                stall.get() && step.equals("setRemoteDescription") && transport.contains("publisher")
                        ? Mono.never() : Mono.empty());
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), options)) {
            scenario.established();
            stall.set(true);
            // A second track makes the publisher renegotiate; applying the server's answer now hangs.
            scenario.agent.room.localParticipant().publishAudio(Tone.endless(880, 8000),
                    io.rtcreactor.engine.AudioPublishOptions.defaults().name("second")).block(Harness.WAIT);
            await().atMost(Harness.WAIT).until(() -> scenario.received("agent").stream()
                    .filter(t -> t.equals("offer")).count() >= 2);

            long before = System.nanoTime();
            scenario.fault(new Fault.Leave(LeaveRequest.Action.DISCONNECT,
                    io.rtcreactor.engine.proto.DisconnectReason.ROOM_DELETED, true));
            RoomEvent.Disconnected disconnected = scenario.disconnected();
            Duration handled = Duration.ofNanos(System.nanoTime() - before);

            assertThat(disconnected.reason()).isEqualTo(DisconnectReason.ROOM_DELETED);
            assertThat(handled).as("the Leave is not held behind the stuck step").isLessThan(Duration.ofSeconds(1));
            long closing = System.nanoTime();
            scenario.agent.room.disconnect().block(Harness.WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofMillis(2500));
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.livePeerConnections() == 0);
        }
    }

    @Test
    void f16DisconnectDuringAStuckResumeIsBoundedSaysGoodbyeAndReleasesEverything() {
        NetworkNamespace.requireIsolated();
        RtcRuntime runtime = RtcRuntime.createAsync("f16-agent").block(Harness.WAIT);
        RoomOptions options = Scenario.fastOptions().withRtcRuntime(runtime)
                .withResponseTimeout(Duration.ofSeconds(20));
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), options)) {
            scenario.established();
            scenario.fault(new Fault.Silent(Fault.Silence.RECONNECT_RESPONSE, null));
            scenario.fault(new Fault.CloseSignal(true));
            await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1);

            long closing = System.nanoTime();
            scenario.agent.room.disconnect().block(Harness.WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofMillis(2500));
            assertThat(scenario.disconnected().reason()).isEqualTo(DisconnectReason.CLIENT_INITIATED);
            await().atMost(Duration.ofSeconds(5)).until(() -> scenario.received("agent").contains("leave"));
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.livePeerConnections() == 0);
        }
    }

    @Test
    void f16DisconnectWhileTheRestartAnswerIsWithheldIsBounded() {
        NetworkNamespace.requireIsolated();
        RtcRuntime runtime = RtcRuntime.createAsync("f16b-agent").block(Harness.WAIT);
        RoomOptions options = Scenario.fastOptions().withRtcRuntime(runtime);
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), options)) {
            scenario.established();
            scenario.fault(new Fault.WithholdAnswer(null, true));
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1);

            long closing = System.nanoTime();
            scenario.agent.room.disconnect().block(Harness.WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofMillis(2500));
            await().atMost(Duration.ofSeconds(5)).until(() -> runtime.livePeerConnections() == 0);
        }
    }
}
