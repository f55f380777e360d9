package io.rtcreactor.benchmarks.suite;

import io.rtcreactor.engine.testing.NodeParticipant;
import java.time.Duration;
import java.util.Map;

/**
 * LiveKit's Rust engine ({@code @livekit/rtc-node}, the version interop/ pins) as the measured participant,
 * publishing a tone; its own "reconnected" event is what it reports.
 */
final class RtcNodeSubject implements Subject {

    private final NodeParticipant node;
    private final String identity;

    private RtcNodeSubject(NodeParticipant node, String identity) {
        this.node = node;
        this.identity = identity;
    }

    static RtcNodeSubject join(BenchContext context, String roomName, String identity, double hz) {
        NodeParticipant node = NodeParticipant.rtcNode(identity, context.server().url(),
                context.server().token(roomName, identity));
        node.await("connected", 0, BenchContext.WAIT);
        node.ask(Map.of("cmd", "publish_tone", "hz", hz, "amplitude", 0.3, "name", "tone"), "published",
                BenchContext.WAIT);
        return new RtcNodeSubject(node, identity);
    }

    @Override
    public String engine() {
        return "rtc-node";
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
                // A full reconnect publishes the tracks again under new sids (interop/README.md).
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
