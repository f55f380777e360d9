package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.RoomEvent;
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
}
