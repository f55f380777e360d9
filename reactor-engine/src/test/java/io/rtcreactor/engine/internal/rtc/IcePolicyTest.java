package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10, item 5, on a real peer connection in the test's network namespace: which candidates the engine gathers
 * under each {@link IcePolicy}.
 */
class IcePolicyTest {

    private static final Duration STEP = Duration.ofSeconds(10);

    private RtcRuntime runtime;
    private final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        runtime = RtcRuntime.createAsync("ice-policy").block(STEP);
    }

    @AfterEach
    void tearDown() {
        subscriptions.forEach(Disposable::dispose);
        if (runtime != null) {
            runtime.release().block(STEP);
        }
    }

    /**
     * LiveKit's server answers repeated UDP failures by offering only TCP candidates (its TCP fallback); a client
     * must then have TCP candidates of its own to pair with them.
     */
    @Test
    void gathersTcpCandidatesBesideUdpOnes() {
        List<String> candidates = gather(IcePolicy.OPEN);
        assertThat(candidates).anyMatch(c -> c.contains(" udp ") || c.contains(" UDP "));
        assertThat(candidates).anyMatch(c -> c.contains(" tcp ") || c.contains(" TCP "));
    }

    /** force_relay: only relayed candidates; with no TURN server that is none at all. */
    @Test
    void relayOnlyGathersNoHostCandidate() {
        assertThat(gather(new IcePolicy(List.of(), true))).isEmpty();
    }

    /** Opens a transport under {@code policy}, makes an offer and returns every candidate gathered for it. */
    private List<String> gather(IcePolicy policy) {
        PeerTransport transport = PeerTransport.open(runtime, AudioPath.SEND, "gatherer", policy).block(STEP);
        List<String> candidates = new CopyOnWriteArrayList<>();
        List<TransportEvent> events = new CopyOnWriteArrayList<>();
        subscriptions.add(transport.events().doOnNext(events::add)
                .filter(TransportEvent.CandidateGathered.class::isInstance)
                .subscribe(e -> candidates.add(((TransportEvent.CandidateGathered) e).candidate().candidate())));
        try {
            transport.createDataChannel("_reliable", true, -1).block(STEP);
            Sdp offer = transport.createOffer(false).block(STEP);
            transport.setLocalDescription(offer).block(STEP);
            await().atMost(STEP).until(() -> events.stream().anyMatch(TransportEvent.GatheringCompleted.class::isInstance));
            return List.copyOf(candidates);
        } finally {
            transport.close().block(STEP);
        }
    }
}
