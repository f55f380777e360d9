package io.rtcreactor.it;

import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: a publishData given up before the engine took it (cancelled as it is subscribed: deterministic) is never
 * sent; the next packet arrives, alone, and no gap is reported (the cancelled one was never numbered).
 */
@Timeout(60)
class CancelledDataTest {

    @Test
    void aPacketCancelledBeforeTheEngineTookItIsNeverSent() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded peer = harness.join("data", "peer");
            Harness.Recorded agent = harness.join("data", "agent");
            List<DataReceived> received = new CopyOnWriteArrayList<>();
            harness.keep(peer.room.dataReceived().subscribe(received::add));

            agent.room.publishData("given up".getBytes(StandardCharsets.UTF_8), DataOptions.reliable().topic("t"))
                    .subscribe(new BaseSubscriber<>() {
                        @Override
                        protected void hookOnSubscribe(Subscription subscription) {
                            subscription.cancel();
                        }
                    });
            agent.room.publishData("kept".getBytes(StandardCharsets.UTF_8), DataOptions.reliable().topic("t"))
                    .block(Harness.WAIT);

            // Reliable data is ordered: had the cancelled packet been sent, it would have arrived first.
            await().atMost(Harness.WAIT).until(() -> !received.isEmpty());
            assertThat(received).extracting(DataReceived::text).containsExactly("kept");
            assertThat(peer.events(io.rtcreactor.engine.RoomEvent.DataGap.class)).isEmpty();
        }
    }
}
