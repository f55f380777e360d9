package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F2 (answer withheld during a resume while the application renegotiates: the incident), F5 (a failure
 * while a resume is succeeding) and F6 (signal dies during a resume).
 */
class ResumeInterplayTest {

    private Scenario scenario;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        scenario = Scenario.start();
    }

    @AfterEach
    void tearDown() {
        if (scenario != null) {
            scenario.close();
        }
    }

    /** Listens to the peer's subscription of the agent's track named {@code name}. */
    private ToneDetector peerHears(String name) {
        ToneDetector detector = new ToneDetector();
        RemoteAudioTrack track = await().atMost(Harness.WAIT).until(() -> scenario.peer
                .events(RoomEvent.TrackSubscribed.class).stream()
                .filter(e -> e.participant().tracks().stream().anyMatch(t -> t.sid().equals(e.track().sid())
                        && t.name().equals(name)))
                .map(RoomEvent.TrackSubscribed::track).reduce((a, b) -> b).orElse(null), t -> t != null);
        scenario.harness.keep(track.frames().subscribe(detector::add));
        return detector;
    }

    @Test
    void f2ARenegotiationRequestedWhileTheRestartAnswerIsWithheldIsDeferredNotDeadlocked() {
        scenario.established();
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1);

        // The application publishes during the wait (an agent framework reacting to the outage).
        LocalTrackPublication second = scenario.agent.room.localParticipant()
                .publishAudio(Tone.endless(880, 9000), AudioPublishOptions.defaults().name("second")).block(Harness.WAIT);

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        assertThat(reconnected.took()).as("Reconnected only after the withheld answer").isGreaterThan(Duration.ofMillis(2500));
        assertThat(second.sid()).startsWith("TR_");
        ToneDetector heard = peerHears("second");
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660, 880)).isEqualTo(880);
        scenario.audioFlowsBothWays();
    }

    @Test
    void f2RepublishingFromInsideTheReconnectedHandlerIsDeferredAndWorks() {
        scenario.established();
        List<LocalTrackPublication> republished = new CopyOnWriteArrayList<>();
        // What agent frameworks do: on Reconnected, unpublish and publish again, from the handler itself.
        scenario.harness.keep(scenario.agent.room.events().ofType(RoomEvent.Reconnected.class).take(1)
                .concatMap(e -> scenario.agent.room.localParticipant().tracks().get(0).unpublish()
                        .then(scenario.agent.room.localParticipant().publishAudio(Tone.endless(440, 12_000),
                                AudioPublishOptions.defaults().name("again"))))
                .subscribe(republished::add));
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(2), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        await().atMost(Harness.WAIT).until(() -> !republished.isEmpty());
        ToneDetector heard = peerHears("again");
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660)).isEqualTo(440);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
    }

    @Test
    void f2AnAnswerWithheldForeverFailsTheAttemptAtItsDeadlineAndTheNextAttemptRecovers() {
        scenario.established();
        scenario.fault(new Fault.WithholdAnswer(null, true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).isEqualTo(Mode.FULL);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).hasSize(1);
        scenario.audioFlowsBothWays();
    }

    @Test
    void f5AFailureWhileAResumeIsSucceedingEscalatesToAFullReconnectOnce() {
        scenario.established();
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1
                && scenario.record("agent").timeline().stream().anyMatch(e -> e.type().equals("sync_state")));
        // The resume has its ReconnectResponse and waits for the answer; now its new signal connection dies.
        scenario.fault(new Fault.CloseSignal(true));

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).as("documented: a failed resume escalates").isEqualTo(Mode.FULL);
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).hasSize(1);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).hasSize(1);
        assertThat(scenario.agent.events(RoomEvent.Reconnected.class)).hasSize(1);
        scenario.audioFlowsBothWays();
    }

    @Test
    void f6QueuedRequestsAreNotFlushedIntoADeadSocketAndArriveAfterRecovery() {
        scenario.established();
        LocalTrackPublication track = scenario.agent.room.localParticipant().tracks().get(0);
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1);
        track.mute(true).block(Harness.WAIT);
        scenario.fault(new Fault.CloseSignal(true));

        scenario.reconnected(1);
        List<String> received = scenario.received("agent");
        int lastJoin = scenario.record("agent").timeline().stream().map(e -> e.type()).toList().lastIndexOf("join");
        assertThat(received.stream().filter(t -> t.equals("mute")).count()).as("no mute went into the dead socket")
                .isZero();
        // After the full reconnect the muted state travels with the republished track.
        await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                .stream().anyMatch(t -> t.muted()));
        assertThat(lastJoin).isPositive();
        track.mute(false).block(Harness.WAIT);
        scenario.audioFlowsBothWays();
    }
}
