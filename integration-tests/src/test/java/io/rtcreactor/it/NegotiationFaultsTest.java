package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FAULTS.md F12 (stale socket after a full reconnect), F13 (stale and duplicate answers), F20 (offer churn). */
class NegotiationFaultsTest {

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

    @Test
    void f12NothingFromTheOldSocketReachesTheNewTransports() {
        scenario.established();
        scenario.fault(new Fault.StaleSocket());
        scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT,
                io.rtcreactor.engine.proto.DisconnectReason.STATE_MISMATCH, false));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        scenario.audioFlowsBothWays();
        assertThat(scenario.agent.events(RoomEvent.LocalTrackPublished.class)).as("republished exactly once")
                .hasSize(2);
        assertThat(scenario.agent.events(RoomEvent.AnswerDropped.class)).isEmpty();
        assertThat(scenario.agent.events(RoomEvent.InputRejected.class)).isEmpty();
        assertThat(scenario.agent.room.remoteParticipants()).containsOnlyKeys("peer");
    }

    @Test
    void f13StaleAndDuplicateAnswersAreDroppedAndTheCurrentOneApplied() {
        scenario.established();
        scenario.fault(new Fault.StaleAnswer());
        scenario.agent.room.localParticipant().publishAudio(Tone.endless(880, 8000),
                AudioPublishOptions.defaults().name("second")).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> !scenario.agent.events(RoomEvent.AnswerDropped.class).isEmpty());

        scenario.fault(new Fault.DuplicateAnswer());
        scenario.agent.room.localParticipant().publishAudio(Tone.endless(990, 8000),
                AudioPublishOptions.defaults().name("third")).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> scenario.agent.events(RoomEvent.AnswerDropped.class).size() >= 2);

        List<RoomEvent.AnswerDropped> dropped = scenario.agent.events(RoomEvent.AnswerDropped.class);
        assertThat(dropped.get(0).reason()).contains("stale");
        assertThat(dropped.get(1).reason()).containsAnyOf("duplicate", "no offer outstanding");
        await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks().size() == 3);
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
        scenario.audioFlowsBothWays();
    }

    @Test
    void f20TwoSubscriberOffersBackToBackAreAnsweredInOrderEachOnceWithItsId() {
        scenario.established();
        scenario.fault(new Fault.OfferBurst());

        await().atMost(Harness.WAIT).until(() -> answerIds().size() >= 3);
        List<Integer> answered = answerIds();
        assertThat(answered).doesNotHaveDuplicates().isSorted();
        List<Integer> offered = scenario.record("agent").timeline().stream()
                .filter(e -> e.direction().equals("out") && e.type().equals("offer"))
                .map(ParticipantRecord.TimelineEntry::offerId).toList();
        assertThat(answered).containsAll(offered.subList(offered.size() - 2, offered.size()));
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
        scenario.audioFlowsBothWays();
    }

    @Test
    void f20ASubscriberOfferRightAfterTheReconnectResponseIsAnswered() {
        scenario.established();
        scenario.fault(new Fault.Migrate(java.time.Duration.ofSeconds(3)));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        List<String> afterResume = scenario.record("agent").timeline().stream()
                .dropWhile(e -> !e.type().equals("reconnect")).map(e -> e.direction() + ":" + e.type()).toList();
        assertThat(afterResume).contains("out:offer", "in:answer", "in:sync_state");
        scenario.audioFlowsBothWays();
    }

    private List<Integer> answerIds() {
        return scenario.record("agent").timeline().stream()
                .filter(e -> e.direction().equals("in") && e.type().equals("answer"))
                .map(ParticipantRecord.TimelineEntry::offerId).toList();
    }
}
