package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.room.ParticipantRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** FAULTS.md F1: migration, happy path. */
class MigrationTest {

    private Harness harness;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aMigratedSessionResumesAndAudioFlowsBothWaysAfterwards() {
        Harness.Recorded a = harness.join("room-m", "alice");
        Harness.Recorded b = harness.join("room-m", "bob");
        Harness.publishTone(a.room, 440);
        Harness.publishTone(b.room, 660);
        ToneDetector atB = harness.listen(b);
        ToneDetector atA = harness.listen(a);
        await().atMost(Harness.WAIT).until(() -> atB.voicedFrames() > 100 && atA.voicedFrames() > 100);

        assertThat(harness.server.fault("room-m", "alice", new Fault.Migrate(Duration.ofSeconds(3))).block())
                .isEqualTo(200);

        RoomEvent.Reconnected reconnected = await().atMost(Harness.WAIT).until(
                () -> a.events(RoomEvent.Reconnected.class).stream().findFirst().orElse(null), e -> e != null);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        assertThat(a.events(RoomEvent.Resuming.class)).hasSize(1);
        assertThat(a.events(RoomEvent.Reconnecting.class)).isEmpty();
        assertThat(a.room.state()).isEqualTo(ConnectionState.CONNECTED);

        ParticipantRecord record = harness.server.inspect(r -> r.record("room-m", "alice")).block();
        assertThat(record.resumes()).isEqualTo(1);
        assertThat(record.fullReconnects()).isZero();
        List<String> afterResume = record.timeline().stream()
                .dropWhile(e -> !e.type().equals("reconnect"))
                .filter(e -> e.direction().equals("in"))
                .map(ParticipantRecord.TimelineEntry::type).toList();
        assertThat(afterResume).contains("sync_state", "offer");
        assertThat(afterResume.indexOf("sync_state")).isLessThan(afterResume.indexOf("offer"));

        int heardB = atB.voicedFrames();
        int heardA = atA.voicedFrames();
        await().atMost(Harness.WAIT).until(() -> atB.voicedFrames() > heardB + 100 && atA.voicedFrames() > heardA + 100);
        assertThat(atB.dominant(440, 660)).isEqualTo(440);
        assertThat(atA.dominant(440, 660)).isEqualTo(660);
    }

    /**
     * A voice agent waiting alone for its caller: its subscriber transport carries only data channels, which stay
     * quiet. libwebrtc keeps the old candidate pair selected on such an idle transport after the ICE restart
     * (its controlled side switches only when data arrives on the new pair), so a resume that waited for the
     * selected pair to move never recovered and ended, 15 s later, in a full reconnect.
     */
    @Test
    void anAgentAloneInItsRoomResumesAfterAMigrationAndACallerThenHearsIt() {
        RoomOptions defaults = RoomOptions.defaults();
        Harness.Recorded agent = harness.join("room-alone", "agent", defaults);
        Harness.publishTone(agent.room, 440);
        await().atMost(Harness.WAIT).until(() -> harness.server.inspect(r -> r.record("room-alone", "agent"))
                .block().timeline().stream().anyMatch(e -> e.type().equals("track_published")));

        assertThat(harness.server.fault("room-alone", "agent", new Fault.Migrate(Duration.ofSeconds(3))).block())
                .isEqualTo(200);

        RoomEvent.Reconnected reconnected = await().atMost(Harness.WAIT).until(
                () -> agent.events(RoomEvent.Reconnected.class).stream().findFirst().orElse(null), e -> e != null);
        assertThat(reconnected.mode()).isEqualTo(Mode.RESUME);
        assertThat(reconnected.took()).as("recovered well before the recovery deadline")
                .isLessThan(defaults.recoveryTimeout());
        assertThat(agent.events(RoomEvent.Reconnecting.class)).isEmpty();

        Harness.Recorded caller = harness.join("room-alone", "caller");
        ToneDetector atCaller = harness.listen(caller);
        await().atMost(Harness.WAIT).until(() -> atCaller.voicedFrames() > 100);
        assertThat(atCaller.dominant(440, 660)).isEqualTo(440);
    }
}
