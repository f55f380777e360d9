package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
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
        int oldSocket = scenario.record("agent").timeline().stream().filter(e -> e.direction().equals("out"))
                .reduce((a, b) -> b).orElseThrow().socket();
        scenario.fault(new Fault.StaleSocket());
        scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT,
                io.rtcreactor.engine.proto.DisconnectReason.STATE_MISMATCH, false));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.FULL);
        // The stale socket was really produced: right behind the Leave, the old socket carried an answer, an offer
        // (id 99) and a candidate, while the engine was replacing its transports.
        List<String> onOldSocket = scenario.record("agent").timeline().stream()
                .filter(e -> e.socket() == oldSocket && e.direction().equals("out"))
                .dropWhile(e -> !e.type().equals("leave")).map(e -> e.type() + "#" + e.offerId()).toList();
        assertThat(onOldSocket).containsSubsequence("leave#0", "answer#1", "offer#99", "trickle#0");
        scenario.recovered();
        assertThat(scenario.agent.events(RoomEvent.Reconnecting.class)).as("one episode, no second one").hasSize(1);
        assertThat(scenario.record("agent").timeline().stream().filter(e -> e.direction().equals("in")
                && e.type().equals("answer") && e.offerId() == 99)).as("offer 99 was never answered").isEmpty();
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
        scenario.recovered();
    }

    @Test
    void f20TwoSubscriberOffersBackToBackAreAnsweredInOrderEachOnceWithItsId() {
        scenario.established();
        int offersBefore = offerIds().size();
        scenario.fault(new Fault.OfferBurst());

        await().atMost(Harness.WAIT).until(() -> offerIds().size() >= offersBefore + 2
                && answerIds().containsAll(offerIds()));
        List<Integer> offered = offerIds();
        List<Integer> burst = offered.subList(offersBefore, offersBefore + 2);
        assertThat(burst.get(1)).as("the second offer of the burst has its own id").isGreaterThan(burst.get(0));
        // Every offer answered exactly once, with its own id, in the order the offers came; nothing more.
        assertThat(answerIds()).as("answers, in order").containsExactlyElementsOf(offered);
        List<String> inOrder = scenario.record("agent").timeline().stream()
                .filter(e -> e.type().equals("offer") && e.direction().equals("out")
                        || e.type().equals("answer") && e.direction().equals("in"))
                .filter(e -> burst.contains(e.offerId())).map(e -> e.direction() + ":" + e.type() + "#" + e.offerId())
                .toList();
        assertThat(inOrder).containsSubsequence("out:offer#" + burst.get(0), "out:offer#" + burst.get(1),
                "in:answer#" + burst.get(0), "in:answer#" + burst.get(1));
        assertThat(scenario.agent.events(RoomEvent.Resuming.class)).as("no glare, nothing stuck").isEmpty();
        assertThat(scenario.agent.events(RoomEvent.InputRejected.class)).isEmpty();
        scenario.recovered();
    }

    @Test
    void f20ASubscriberOfferRightAfterTheReconnectResponseIsAnswered() {
        scenario.established();
        scenario.fault(new Fault.Migrate(java.time.Duration.ofSeconds(3)));

        assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
        List<String> afterResume = scenario.record("agent").timeline().stream()
                .dropWhile(e -> !e.type().equals("reconnect")).map(e -> e.direction() + ":" + e.type()).toList();
        assertThat(afterResume).contains("out:offer", "in:answer", "in:sync_state");
        scenario.recovered();
    }

    private List<Integer> offerIds() {
        return scenario.record("agent").timeline().stream()
                .filter(e -> e.direction().equals("out") && e.type().equals("offer"))
                .map(ParticipantRecord.TimelineEntry::offerId).toList();
    }

    private List<Integer> answerIds() {
        return scenario.record("agent").timeline().stream()
                .filter(e -> e.direction().equals("in") && e.type().equals("answer"))
                .map(ParticipantRecord.TimelineEntry::offerId).toList();
    }
}
