package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F2 (answer withheld during a resume while the application renegotiates: the incident), F5 (a failure
 * while a resume is succeeding) and F6 (signal dies during a resume). The escalation policy these follow is
 * docs/reconnect.md's: a connection that closes during a resume says nothing about the session, so the next attempt
 * is a resume again; a resume that fails on its own escalates.
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
        LocalTrackPublication extra = scenario.agent.room.localParticipant()
                .publishAudio(Tone.endless(990, 9000), AudioPublishOptions.defaults().name("extra")).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                .size() == 2);
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1
                && scenario.record("agent").timeline().stream().anyMatch(e -> e.type().equals("sync_state")));

        // The application unpublishes during the wait (an agent framework reacting to the outage): that needs a
        // renegotiation while the restart offer is outstanding.
        extra.unpublish().block(Harness.WAIT);

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        assertThat(reconnected.took()).as("Reconnected only after the withheld answer").isGreaterThan(Duration.ofMillis(2500));

        List<ParticipantRecord.TimelineEntry> timeline = scenario.record("agent").timeline();
        int restartAnswer = restartAnswerIndex(timeline);
        await().atMost(Harness.WAIT).until(() -> burstOfferAnswered(restartAnswer) && indexOf(scenario.record("agent")
                .timeline().subList(restartAnswer + 1, scenario.record("agent").timeline().size()), "in", "offer") >= 0);
        timeline = scenario.record("agent").timeline();
        List<ParticipantRecord.TimelineEntry> after = timeline.subList(restartAnswer + 1, timeline.size());
        // Behind the released answer the server sent a trickle, a subscriber offer and an update, all at once; the
        // burst's offer was answered with its own id, once.
        long burstEnd = timeline.get(restartAnswer).timeMillis() + 500;
        assertThat(after.stream().filter(e -> e.timeMillis() <= burstEnd).map(e -> e.direction() + ":" + e.type())
                .toList()).as("the burst, right behind the answer").contains("out:trickle", "out:offer", "out:update");
        // The deferred renegotiation went out right after the answer was applied, and it is what told the server
        // the track had gone: nothing else renegotiated the publisher after the resume.
        ParticipantRecord.TimelineEntry answer = timeline.get(restartAnswer);
        int deferred = indexOf(after, "in", "offer");
        assertThat(deferred).as("a renegotiation offer after the restart answer: %s", after).isNotNegative();
        assertThat(after.get(deferred).offerId()).as("a new offer id").isGreaterThan(answer.offerId());
        assertThat(after.get(deferred).timeMillis() - answer.timeMillis()).as("promptly after the answer")
                .isLessThan(2_000);
        await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                .stream().noneMatch(t -> t.name().equals("extra")));
        scenario.recovered();
    }

    @Test
    void f2ATrackPublishedWhileTheRestartAnswerIsWithheldIsPublishedOnceTheResumeCompletes() {
        scenario.established();
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1);

        LocalTrackPublication second = scenario.agent.room.localParticipant()
                .publishAudio(Tone.endless(880, 9000), AudioPublishOptions.defaults().name("second")).block(Harness.WAIT);

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        assertThat(second.sid()).startsWith("TR_");
        List<String> order = scenario.record("agent").timeline().stream().map(e -> e.direction() + ":" + e.type())
                .toList();
        assertThat(order.lastIndexOf("in:add_track")).as("the AddTrack waited for the resume")
                .isGreaterThan(order.lastIndexOf("out:reconnect"));
        ToneDetector heard = peerHears("second");
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660, 880)).isEqualTo(880);
        scenario.recovered();
    }

    private static int indexOf(List<ParticipantRecord.TimelineEntry> entries, String direction, String type) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).direction().equals(direction) && entries.get(i).type().equals(type)) {
                return i;
            }
        }
        return -1;
    }

    /** The server's answer to the resume's ICE-restart offer: its first answer after the last ReconnectResponse. */
    private static int restartAnswerIndex(List<ParticipantRecord.TimelineEntry> timeline) {
        int reconnect = -1;
        for (int i = 0; i < timeline.size(); i++) {
            if (timeline.get(i).direction().equals("out") && timeline.get(i).type().equals("reconnect")) {
                reconnect = i;
            }
        }
        for (int i = reconnect + 1; i < timeline.size(); i++) {
            if (timeline.get(i).direction().equals("out") && timeline.get(i).type().equals("answer")) {
                return i;
            }
        }
        throw new AssertionError("no answer after the ReconnectResponse: " + timeline);
    }

    /** The subscriber offer of the burst (the first out:offer after the released answer) was answered once. */
    private boolean burstOfferAnswered(int restartAnswer) {
        List<ParticipantRecord.TimelineEntry> timeline = scenario.record("agent").timeline();
        List<ParticipantRecord.TimelineEntry> after = timeline.subList(restartAnswer + 1, timeline.size());
        return after.stream().filter(e -> e.direction().equals("out") && e.type().equals("offer")).findFirst()
                .map(offer -> after.stream().filter(e -> e.direction().equals("in") && e.type().equals("answer")
                        && e.offerId() == offer.offerId()).count() == 1).orElse(false);
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
        scenario.recovered();
    }

    @ParameterizedTest
    @EnumSource(Fault.OldPath.class)
    void f5TheSignalDyingWhileAResumeIsSucceedingIsResumedAgainNeverEscalated(Fault.OldPath oldPath) {
        scenario.established();
        String sid = scenario.agent.room.localParticipant().sid();
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3), oldPath));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1
                && scenario.record("agent").timeline().stream().anyMatch(e -> e.type().equals("sync_state")));
        // The resume has its ReconnectResponse and waits for the answer; now its new signal connection dies.
        scenario.fault(new Fault.CloseSignal(true));

        RoomEvent.Reconnected reconnected = scenario.reconnected(1);
        assertThat(reconnected.mode()).as("documented: a connection that closes says nothing about the session")
                .isEqualTo(Mode.RESUME);
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).hasSize(1);
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).isEmpty();
        assertThat(scenario.agent.events(RoomEvent.Reconnected.class)).hasSize(1);
        assertThat(scenario.agent.room.localParticipant().sid()).as("the same participant throughout").isEqualTo(sid);
        assertThat(scenario.record("agent").resumes()).isEqualTo(2);
        assertThat(scenario.record("agent").fullReconnects()).isZero();
        scenario.recovered();
        // The engine closed the connections it replaced itself; none of those closes started another episode.
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).hasSize(1);
    }

    @Test
    void f6QueuedRequestsAreNotFlushedIntoADeadSocketAndArriveAfterRecovery() {
        scenario.established();
        LocalTrackPublication track = scenario.agent.room.localParticipant().tracks().get(0);
        scenario.fault(new Fault.WithholdAnswer(Duration.ofSeconds(3), true));
        scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
        await().atMost(Harness.WAIT).until(() -> scenario.record("agent").resumes() == 1
                && scenario.record("agent").timeline().stream().anyMatch(e -> e.type().equals("sync_state")));
        // A request made during the resume waits for recovery; then the resume's connection dies.
        track.mute(true).block(Harness.WAIT);
        scenario.fault(new Fault.CloseSignal(true));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        // Written into the dead socket it would be lost for good: the server must see it exactly once, on the
        // connection that recovered the session, after that connection's ReconnectResponse.
        await().atMost(Harness.WAIT).until(() -> scenario.received("agent").contains("mute"));
        List<ParticipantRecord.TimelineEntry> timeline = scenario.record("agent").timeline();
        List<ParticipantRecord.TimelineEntry> mutes = timeline.stream()
                .filter(e -> e.direction().equals("in") && e.type().equals("mute")).toList();
        assertThat(mutes).hasSize(1);
        ParticipantRecord.TimelineEntry lastReconnect = timeline.stream()
                .filter(e -> e.direction().equals("out") && e.type().equals("reconnect")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(mutes.get(0).socket()).as("on the connection that recovered").isEqualTo(lastReconnect.socket());
        assertThat(timeline.indexOf(mutes.get(0))).isGreaterThan(timeline.indexOf(lastReconnect));
        // The second attempt came fast: the dead connection failed its attempt at once, not at a deadline.
        ParticipantRecord.TimelineEntry firstReconnect = timeline.stream()
                .filter(e -> e.direction().equals("out") && e.type().equals("reconnect")).findFirst().orElseThrow();
        assertThat(lastReconnect.timeMillis() - firstReconnect.timeMillis()).isLessThan(5_000);
        await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                .stream().anyMatch(t -> t.muted()));
        track.mute(false).block(Harness.WAIT);
        scenario.recovered();
    }
}
