package io.rtcreactor.it;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F2's application side, with the race made certain: an agent framework unpublishes and publishes again
 * from its {@code Reconnected} handler, and the new track is added while the unpublish's offer is still being made
 * (its local description is held 300 ms by a step hook). The second renegotiation is recorded while the first offer
 * is being made and must be issued after that offer's answer: the caller then hears the new track, and the old
 * one is gone.
 */
class RepublishRaceTest {

    @Test
    void aTrackAddedWhileTheUnpublishOfferIsBeingMadeIsNegotiatedNext() {
        NetworkNamespace.requireIsolated();
        RoomOptions options = Scenario.fastOptions().withSdpStepHook((transport, step, id) ->
                step.equals("setLocalDescription") && id == 3 && transport.contains("publisher")
                        ? Mono.delay(Duration.ofMillis(300)).then() : Mono.empty());
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults(), options)) {
            scenario.established();
            scenario.republishOnReconnected(440, "again");
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);

            ToneDetector heard = scenario.peerHears("again");
            assertThat(heard.dominant(440, 660)).isEqualTo(440);
            await().atMost(Harness.WAIT).until(() -> scenario.peer.room.remoteParticipants().get("agent").tracks()
                    .stream().noneMatch(t -> t.name().equals("tone-440")));
            // Offer 3 (the unpublish) and offer 4 (the new track) reached the server in that order.
            assertThat(scenario.record("agent").timeline().stream()
                    .filter(e -> e.direction().equals("in") && e.type().equals("offer"))
                    .map(e -> e.offerId()).toList()).containsSubsequence(3, 4);
        }
    }
}
