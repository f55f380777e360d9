package io.rtcreactor.it;

import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 12: LiveKit's server puts a new subscription on a transceiver an earlier one left free
 * ({@code SupportsTransceiverReuse}); the testkit does the same. The new track arrives on the agent's old
 * transceiver, over the same native track: the agent must hear it, and must release the sink of the track it
 * replaced, which would otherwise copy every frame of the new one for as long as the call lasts. The agent runs on
 * a runtime of its own, whose attached sinks are counted.
 */
class ReusedTransceiverTest {

    private static final String ROOM = "reuse";

    private Harness harness;
    private RtcRuntime runtime;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
        runtime = RtcRuntime.create("agent-runtime");
    }

    @AfterEach
    void tearDown() {
        harness.close();
        runtime.release().block(Harness.WAIT);
    }

    private long answersFromAgent() {
        return harness.server.inspect(r -> r.record(ROOM, "agent")).block(Harness.WAIT).timeline().stream()
                .filter(e -> e.direction().equals("in") && e.type().equals("answer")).count();
    }

    @Test
    void aTrackOnAReusedTransceiverIsHeardAndTheSinkOfTheOneItReplacedIsReleased() {
        Harness.Recorded caller = harness.join(ROOM, "caller");
        LocalTrackPublication first = Harness.publishTone(caller.room, 440);
        Harness.Recorded agent = harness.join(ROOM, "agent", RoomOptions.defaults().withRtcRuntime(runtime));
        ToneDetector heardFirst = harness.listen(agent);
        await().atMost(Harness.WAIT).until(() -> heardFirst.voicedFrames() > 100);
        assertThat(runtime.attachedAudioSinks()).isEqualTo(1);

        long answers = answersFromAgent();
        first.unpublish().block(Harness.WAIT);
        // The agent answered the offer that removed the track: its transceiver is free on the server.
        await().atMost(Harness.WAIT).until(() -> answersFromAgent() > answers
                && agent.events(RoomEvent.TrackUnsubscribed.class).size() == 1);

        Harness.publishTone(caller.room, 660);
        RemoteAudioTrack second = await().atMost(Harness.WAIT).until(() -> agent.events(
                RoomEvent.TrackSubscribed.class).stream().skip(1).map(RoomEvent.TrackSubscribed::track).findFirst()
                .orElse(null), t -> t != null);
        ToneDetector heardSecond = new ToneDetector();
        harness.keep(second.frames().subscribe(heardSecond::add));
        await().atMost(Harness.WAIT).until(() -> heardSecond.voicedFrames() > 100);
        assertThat(heardSecond.dominant(440, 660)).isEqualTo(660);
        assertThat(harness.server.inspect(r -> r.participant(ROOM, "agent").transceiversReused())
                .block(Harness.WAIT)).as("the server reused the transceiver").isEqualTo(1);
        assertThat(runtime.attachedAudioSinks()).as("only the new track's sink is attached").isEqualTo(1);
    }
}
