package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 4's first acceptance line: two engine sessions, a tone one way, data both ways. */
class TwoSessionsTest {

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
    void aToneAndDataCrossBetweenTwoEngineSessions() {
        Harness.Recorded a = harness.join("room-1", "alice");
        Harness.Recorded b = harness.join("room-1", "bob");
        assertThat(a.room.state()).isEqualTo(ConnectionState.CONNECTED);
        await().atMost(Harness.WAIT).until(() -> a.room.remoteParticipants().containsKey("bob"));

        Harness.publishTone(a.room, 440);
        ToneDetector heard = harness.listen(b);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 150);
        assertThat(heard.dominant(300, 440, 700, 1000)).isEqualTo(440);

        List<DataReceived> atB = new CopyOnWriteArrayList<>();
        List<DataReceived> atA = new CopyOnWriteArrayList<>();
        b.room.dataReceived().subscribe(atB::add);
        a.room.dataReceived().subscribe(atA::add);
        a.room.publishData("hello bob".getBytes(StandardCharsets.UTF_8), DataOptions.reliable().topic("chat"))
                .block(Harness.WAIT);
        b.room.publishData("hello alice".getBytes(StandardCharsets.UTF_8), DataOptions.lossy().topic("fast")
                .destinations(List.of("alice"))).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> !atB.isEmpty() && !atA.isEmpty());
        assertThat(atB.get(0).text()).isEqualTo("hello bob");
        assertThat(atB.get(0).topic()).isEqualTo("chat");
        assertThat(atB.get(0).senderIdentity()).isEqualTo("alice");
        assertThat(atB.get(0).reliable()).isTrue();
        assertThat(atB.get(0).sequence()).isEqualTo(1);
        assertThat(atA.get(0).text()).isEqualTo("hello alice");
        assertThat(atA.get(0).reliable()).isFalse();
    }
}
