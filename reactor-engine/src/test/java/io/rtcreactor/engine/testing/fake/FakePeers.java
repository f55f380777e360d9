package io.rtcreactor.engine.testing.fake;

import io.rtcreactor.engine.internal.rtc.AudioPath;
import io.rtcreactor.engine.internal.rtc.Peer;
import io.rtcreactor.engine.internal.rtc.PeerFactory;
import io.rtcreactor.engine.rtc.IcePolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** Makes {@link FakePeer}s on a (virtual) scheduler; the test decides how long connecting takes and what works. */
public final class FakePeers implements PeerFactory {

    private final Scheduler scheduler;
    private final List<FakePeer> peers = new CopyOnWriteArrayList<>();
    private final AtomicInteger looks = new AtomicInteger();
    private Duration connectDelay = Duration.ofMillis(20);
    /** Whether the pair a peer has just negotiated with these local credentials will ever work. */
    volatile BiPredicate<FakePeer, String> pathsWork = (peer, ufrag) -> true;

    public FakePeers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Mono<Peer> open(AudioPath path, String role, IcePolicy ice) {
        return Mono.fromCallable(() -> {
            FakePeer peer = new FakePeer(this, role + "#" + (peers.size() + 1), path);
            peer.ice = ice;
            peers.add(peer);
            return peer;
        });
    }

    /** How long a newly negotiated pair takes to connect (virtual time). */
    public FakePeers connectDelay(Duration value) {
        this.connectDelay = value;
        return this;
    }

    public Duration connectDelay() {
        return connectDelay;
    }

    /** Decides, per peer and local credentials, whether a negotiated pair connects. */
    public FakePeers pathsWork(BiPredicate<FakePeer, String> rule) {
        this.pathsWork = rule;
        return this;
    }

    /** Every peer made so far, oldest first. */
    public List<FakePeer> peers() {
        return List.copyOf(peers);
    }

    /** The newest peer on {@code path}, or null. */
    public FakePeer newest(AudioPath path) {
        FakePeer found = null;
        for (FakePeer peer : peers) {
            if (peer.path() == path) {
                found = peer;
            }
        }
        return found;
    }

    /** How many times a peer's ICE path was read. */
    public int looks() {
        return looks.get();
    }

    void looked() {
        looks.incrementAndGet();
    }

    Scheduler scheduler() {
        return scheduler;
    }
}
