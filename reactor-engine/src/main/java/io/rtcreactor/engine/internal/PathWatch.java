package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.internal.rtc.IcePath;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.proto.SignalTarget;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Finds out when a transport runs on new ICE credentials, for a resume (the supervisor asks with {@code AwaitPath}).
 * After an ICE restart libwebrtc reports little: the controlling side's ICE state goes back to COMPLETED once it
 * has nominated a pair on the new generation; the controlled side (our subscriber) reports nothing at all, and the
 * old path may say "connected" for seconds. So the evidence is read from the transport's stats ({@link IcePath}),
 * and what triggers a read is what the transport does: a state change, a candidate gathered or added, gathering
 * done, an answer applied. A read finds nothing yet? The next one follows the next event, and a fallback read
 * follows a short, growing delay (bounded at {@link #FALLBACK_MAX}) in case no event comes. A read that proves a
 * pair on the awaited credentials becomes a {@code PathConnected} input; the supervisor decides what it means.
 * Lane-confined.
 */
final class PathWatch {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PathWatch.class);

    static final Duration FALLBACK_FIRST = Duration.ofMillis(10);
    static final Duration FALLBACK_MAX = Duration.ofMillis(20);
    /** A read that never answers must not stall the watch: it counts as "not yet". */
    static final Duration LOOK_TIMEOUT = Duration.ofSeconds(2);

    private static final class Awaited {
        final int generation;
        final String ufrag;
        boolean looking;
        boolean dirty;
        long fallbackMillis = FALLBACK_FIRST.toMillis();
        Disposable fallback;
        String lastLook = "not looked at yet";
        final long since;
        int looks;

        Awaited(int generation, String ufrag, long since) {
            this.generation = generation;
            this.ufrag = ufrag;
            this.since = since;
        }
    }

    private final Scheduler lane;
    private final Function<SignalTarget, Mono<IcePath>> stats;
    private final Consumer<SupervisorInput> inputs;
    private final Map<SignalTarget, Awaited> awaited = new EnumMap<>(SignalTarget.class);
    private int looks;

    /**
     * @param stats  reads a transport's ICE path (empty if the transport is gone)
     * @param inputs where {@code PathConnected} goes (the supervisor)
     */
    PathWatch(Scheduler lane, Function<SignalTarget, Mono<IcePath>> stats, Consumer<SupervisorInput> inputs) {
        this.lane = lane;
        this.stats = stats;
        this.inputs = inputs;
    }

    /** Watch {@code target} until it is connected on {@code ufrag} (replaces an earlier wish for it). */
    void await(int generation, SignalTarget target, String ufrag) {
        forget(target);
        Awaited wish = new Awaited(generation, ufrag, lane.now(TimeUnit.MILLISECONDS));
        awaited.put(target, wish);
        look(target, wish);
    }

    /** Something happened on {@code target} that may mean its new path works: look again. */
    void changed(SignalTarget target) {
        Awaited wish = awaited.get(target);
        if (wish == null) {
            return;
        }
        wish.fallbackMillis = FALLBACK_FIRST.toMillis();
        if (wish.looking) {
            wish.dirty = true;
        } else {
            look(target, wish);
        }
    }

    /** Nothing is awaited any more. */
    void stop() {
        for (SignalTarget target : SignalTarget.values()) {
            forget(target);
        }
    }

    /** Stats reads made so far (for tests and benchmarks). */
    int looks() {
        return looks;
    }

    /** What the last read of each awaited transport found, for the log line of a missed deadline. */
    String describe() {
        if (awaited.isEmpty()) {
            return "no path awaited";
        }
        StringBuilder out = new StringBuilder();
        awaited.forEach((target, wish) -> out.append(out.length() == 0 ? "" : "; ").append(target)
                .append(" awaiting ").append(wish.ufrag).append(": ").append(wish.lastLook));
        return out.toString();
    }

    private void look(SignalTarget target, Awaited wish) {
        if (wish.fallback != null) {
            wish.fallback.dispose();
        }
        wish.looking = true;
        wish.dirty = false;
        wish.looks++;
        looks++;
        stats.apply(target)
                .timeout(LOOK_TIMEOUT, lane)
                .publishOn(lane)
                .subscribe(path -> seen(target, wish, path, null), error -> seen(target, wish, null, error),
                        () -> {
                            if (wish.looking) {
                                seen(target, wish, null, null);
                            }
                        });
    }

    private void seen(SignalTarget target, Awaited wish, IcePath path, Throwable error) {
        wish.looking = false;
        if (awaited.get(target) != wish) {
            return;
        }
        wish.lastLook = path != null ? "selected " + path.localUfrag() + "/" + path.state() + ", working on "
                + path.workingUfrags() : error != null ? "stats unreadable (" + error.getClass().getSimpleName()
                + ")" : "transport gone";
        if (path != null && path.connectedOn(wish.ufrag)) {
            awaited.remove(target);
            LOG.debug("{} connected on {} {} ms after its credentials were set ({} looks)", target, wish.ufrag,
                    lane.now(TimeUnit.MILLISECONDS) - wish.since, wish.looks);
            inputs.accept(new SupervisorInput.PathConnected(wish.generation, target, wish.ufrag));
            return;
        }
        if (wish.dirty) {
            look(target, wish);
            return;
        }
        wish.fallback = lane.schedule(() -> {
            if (awaited.get(target) == wish && !wish.looking) {
                look(target, wish);
            }
        }, wish.fallbackMillis, TimeUnit.MILLISECONDS);
        wish.fallbackMillis = Math.min(wish.fallbackMillis * 2, FALLBACK_MAX.toMillis());
    }

    private void forget(SignalTarget target) {
        Awaited wish = awaited.remove(target);
        if (wish != null && wish.fallback != null) {
            wish.fallback.dispose();
        }
    }
}
