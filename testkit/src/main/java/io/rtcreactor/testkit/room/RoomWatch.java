package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ParticipantInfo;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;

/**
 * The server's periodic looks at its rooms, on the lane, as LiveKit's server has them: connection quality every
 * 5 s ({@link ConnectionQualities}) and ICE activity twice a second ({@link IceTimeouts}: a participant that sent
 * nothing for 15 s has failed transports).
 */
final class RoomWatch implements Disposable {

    private static final Logger LOG = LoggerFactory.getLogger(RoomWatch.class);
    private static final Duration ICE_LOOK = Duration.ofMillis(500);

    private final ServerContext context;
    private final Supplier<? extends Iterable<ServerRoom>> rooms;
    private final ConnectionQualities qualities = new ConnectionQualities();
    private final IceTimeouts ice = new IceTimeouts();
    private final Disposable.Composite ticks = Disposables.composite();

    RoomWatch(ServerContext context, Supplier<? extends Iterable<ServerRoom>> rooms) {
        this.context = context;
        this.rooms = rooms;
        every(ConnectionQualities.INTERVAL, () -> qualities.score(rooms.get(), context));
        every(ICE_LOOK, this::lookAtIce);
    }

    private void every(Duration interval, Runnable look) {
        long millis = interval.toMillis();
        ticks.add(context.lane().schedulePeriodically(() -> {
            try {
                look.run();
            } catch (RuntimeException e) {
                LOG.warn("a periodic look at the rooms failed: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS));
    }

    /** Only ACTIVE participants are watched: their transports have connected once. */
    private void lookAtIce() {
        Map<String, Long> packets = new HashMap<>();
        Map<String, Participant> bySid = new HashMap<>();
        for (ServerRoom room : rooms.get()) {
            for (Participant p : room.participants()) {
                // On TCP (LiveKit's fallback) the client's packets bypass the relay, which carries UDP only; there
                // the server's own transports decide failure.
                if (p.state() == ParticipantInfo.State.ACTIVE && !p.isGone() && !p.ice.preferTcp()) {
                    packets.put(p.sid(), context.relay().packetsFrom(p.sid()));
                    bySid.put(p.sid(), p);
                }
            }
        }
        List<String> failed = ice.look(packets, context.clock().instant());
        for (String sid : failed) {
            bySid.get(sid).signals.mediaTimedOut("nothing arrived from the client for "
                    + IceTimeouts.FAILED_AFTER.toSeconds() + " s (LiveKit's ICE timeouts: 10 s disconnected + 5 s failed)");
        }
    }

    @Override
    public void dispose() {
        ticks.dispose();
    }

    @Override
    public boolean isDisposed() {
        return ticks.isDisposed();
    }
}
