package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 15: DTX is decided by the server's answer (LiveKit's {@code configurePublisherAnswer} adds
 * {@code usedtx=1} unless the track asked for {@code TF_NO_DTX}), and WebRTC's encoder follows it. Two participants
 * publish digital silence, one with the default (DTX on), one with {@code dtx(false)}; the testkit's media relay
 * counts what reaches the server. Without DTX the encoder sends a packet every 20 ms through silence; with it,
 * almost nothing.
 */
class DtxTest {

    private Harness harness;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        harness.close();
    }

    @Test
    void silenceIsSentInFullOnlyByTheTrackPublishedWithoutDtx() {
        // Neither subscribes: what each sends is then only its own track (and its sender reports), not the
        // congestion-control feedback a subscriber sends for what it receives.
        RoomOptions alone = RoomOptions.defaults().withAutoSubscribe(false);
        Harness.Recorded withDtx = harness.join("dtx", "with-dtx", alone);
        Harness.Recorded withoutDtx = harness.join("dtx", "without-dtx", alone);
        withDtx.room.localParticipant().publishAudio(Tone.endless(440, 0),
                AudioPublishOptions.defaults().name("silence")).block(Harness.WAIT);
        withoutDtx.room.localParticipant().publishAudio(Tone.endless(440, 0),
                AudioPublishOptions.defaults().name("silence").dtx(false)).block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> packets(withoutDtx) > 50);

        long quietBefore = packets(withDtx);
        long steadyBefore = packets(withoutDtx);
        await().atMost(Harness.WAIT).until(() -> packets(withoutDtx) >= steadyBefore + 150);
        long quiet = packets(withDtx) - quietBefore;
        long steady = packets(withoutDtx) - steadyBefore;

        assertThat(quiet).as("packets with DTX while %d went out without it", steady).isLessThan(steady / 3);
    }

    private long packets(Harness.Recorded who) {
        String sid = who.room.localParticipant().sid();
        return harness.server.inspect(r -> r.context().relay().mediaPacketsFrom(sid)).block(Harness.WAIT);
    }
}
