package io.rtcreactor.it;

import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.testing.NetworkNamespace;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 1 (its {@code fast_publish} clause): LiveKit's JoinResponse says {@code fast_publish} when the
 * participant may publish and no ICE fallback is remembered for it (Room.createJoinResponseLocked), and its JS client
 * then negotiates the publisher at join. So does the engine: the publisher is offered before anything is published,
 * and the first publish needs no negotiation of its own.
 */
class FastPublishTest {

    @Test
    void aJoinThatMayPublishOffersItsPublisherBeforeItPublishes() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded agent = harness.join("fast", "agent");

            // Nothing published, no data sent: the only reason for a publisher offer is fast_publish.
            await().atMost(Harness.WAIT).until(() -> offersFrom(harness, "agent") >= 1);
            assertThat(agent.room.localParticipant().tracks()).isEmpty();

            LocalTrackPublication track = Harness.publishTone(agent.room, 440);
            assertThat(track.sid()).startsWith("TR_");
        }
    }

    private static long offersFrom(Harness harness, String identity) {
        return harness.server.inspect(r -> r.record("fast", identity).timeline().stream()
                .filter(e -> e.direction().equals("in") && e.type().equals("offer")).count()).block(Harness.WAIT);
    }
}
