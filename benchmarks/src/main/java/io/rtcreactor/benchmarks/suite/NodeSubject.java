package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.engine.testing.NodeParticipant;
import java.time.Duration;
import java.util.Map;

/**
 * One of LiveKit's own clients as the measured participant, publishing a tone: its Rust engine
 * ({@code @livekit/rtc-node}) or livekit-client in headless Chromium, the versions interop/ pins. Its own
 * "reconnected" event is what it reports.
 */
final class NodeSubject implements Subject {

    private final NodeParticipant node;
    private final String engine;
    private final String identity;

    private NodeSubject(NodeParticipant node, String engine, String identity) {
        this.node = node;
        this.engine = engine;
        this.identity = identity;
    }

    static NodeSubject rtcNode(BenchContext context, String roomName, String identity, double hz) {
        NodeParticipant node = NodeParticipant.rtcNode(identity, context.server().url(),
                context.server().token(roomName, identity));
        return started(node, "rtc-node", identity, hz);
    }

    static NodeSubject browser(BenchContext context, String roomName, String identity, double hz) {
        NodeParticipant node = NodeParticipant.browser(identity, context.server().url(),
                context.server().token(roomName, identity));
        return started(node, "livekit-client", identity, hz);
    }

    private static NodeSubject started(NodeParticipant node, String engine, String identity, double hz) {
        node.await("connected", 0, BenchContext.WAIT);
        node.ask(Map.of("cmd", "publish_tone", "hz", hz, "amplitude", 0.3, "name", "tone"), "published",
                BenchContext.WAIT);
        return new NodeSubject(node, engine, identity);
    }

    @Override
    public String engine() {
        return engine;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Recovery expectRecovery() {
        int from = node.mark();
        return new Recovery() {
            @Override
            public long awaitMillis(Duration timeout) {
                try {
                    return node.await("reconnected", from, timeout).path("t").asLong();
                } catch (AssertionError | RuntimeException e) {
                    return -1;
                }
            }

            @Override
            public boolean full() {
                // rtc-node: a full reconnect publishes the tracks again under new sids (interop/README.md); the
                // browser participant does not report it, so its full reconnects are not counted.
                return republishedSince(from);
            }
        };
    }

    private boolean republishedSince(int from) {
        try {
            node.await("local_track_republished", from, Duration.ZERO);
            return true;
        } catch (AssertionError | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
