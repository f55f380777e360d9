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
 * Notices, while the session is connected, that a transport's path has died, seconds before libwebrtc says so.
 *
 * <p>libwebrtc keeps sending connectivity checks on the pair it uses (about one a second on a healthy path, and a
 * burst of them once it has received nothing for 2.5 s), and a live remote end answers every one: LiveKit's server
 * is pion's ICE agent, whose selectors answer each binding request with a success response in either role, lite
 * or not ({@code HandleBindingRequest} → {@code sendBindingSuccess}, pion/ice selection.go); our testkit is
 * libwebrtc, which does the same. libwebrtc reports the transport DISCONNECTED only when the pair has been
 * unwritable for 5 s (checks unanswered for 5 s and at least five of them, {@code Connection::UpdateState}), and the
 * engine gave that another grace on top: 10 s of silence before a resume. So once a second (a third of the limit,
 * for a limit under 3 s) this reads the selected pair's counters ({@link IcePath.Checks}) and reports
 * {@code PathSilent} when no check was answered for {@code limit} although at least {@link #UNANSWERED} were sent
 * since the last answer. Both conditions matter: the time alone would take a transport whose checks are merely
 * spaced out (2.5 s apart when stable) for dead after one lost answer; the count alone would trip on a burst sent
 * while the answers are on their way. A silent path is reported once, until an answer comes or the pair changes.
 *
 * <p>Runs only between {@link #start(int)} (the session entered CONNECTED) and {@link #stop()}: during a resume
 * the old path is expected to be silent, and the supervisor would ignore the report anyway. Lane-confined.
 */
final class PathSilence {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PathSilence.class);

    /** Checks sent since the last answer before silence counts (libwebrtc's own unwritable rule asks for five). */
    static final long UNANSWERED = 5;
    /** A read that never answers must not stall the watch: it counts as nothing seen. */
    static final Duration LOOK_TIMEOUT = Duration.ofSeconds(2);

    /** What was last seen of one transport's selected pair. */
    private static final class Seen {
        final String pairId;
        long answered;
        long sentAtAnswer;
        long answeredAtMillis;
        boolean reported;

        Seen(IcePath.Checks checks, long now) {
            this.pairId = checks.pairId();
            this.answered = checks.answered();
            this.sentAtAnswer = checks.sent();
            this.answeredAtMillis = now;
        }
    }

    private final Scheduler lane;
    private final Duration limit;
    private final Duration interval;
    private final Function<SignalTarget, Mono<IcePath>> stats;
    private final Consumer<SupervisorInput> inputs;
    private final Map<SignalTarget, Seen> seen = new EnumMap<>(SignalTarget.class);
    private Disposable ticks;
    private int generation;
    private int run;

    /**
     * @param limit  how long a pair may answer no check before its path counts as dead; zero switches the watch off
     * @param stats  reads a transport's ICE path (empty if the transport does not exist)
     * @param inputs where {@code PathSilent} goes (the supervisor)
     */
    PathSilence(Scheduler lane, Duration limit, Function<SignalTarget, Mono<IcePath>> stats,
                Consumer<SupervisorInput> inputs) {
        this.lane = lane;
        this.limit = limit;
        this.interval = limit.dividedBy(3).compareTo(Duration.ofSeconds(1)) < 0 ? limit.dividedBy(3)
                : Duration.ofSeconds(1);
        this.stats = stats;
        this.inputs = inputs;
    }

    /** The session is connected on transports of {@code generation}: watch them (restarts a running watch). */
    void start(int generation) {
        stop();
        if (limit.isZero()) {
            return;
        }
        this.generation = generation;
        int thisRun = ++run;
        ticks = lane.schedulePeriodically(() -> tick(thisRun), interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The session left CONNECTED: nothing is watched until the next {@link #start(int)}. */
    void stop() {
        run++;
        seen.clear();
        if (ticks != null) {
            ticks.dispose();
            ticks = null;
        }
    }

    private void tick(int thisRun) {
        for (SignalTarget target : SignalTarget.values()) {
            stats.apply(target)
                    .timeout(LOOK_TIMEOUT, lane)
                    .publishOn(lane)
                    .subscribe(path -> seen(thisRun, target, path.checks()), error -> { });
        }
    }

    private void seen(int thisRun, SignalTarget target, IcePath.Checks checks) {
        if (thisRun != run) {
            return;
        }
        long now = lane.now(TimeUnit.MILLISECONDS);
        Seen last = seen.get(target);
        if (checks.pairId().isEmpty()) {
            seen.remove(target);
            return;
        }
        if (last == null || !last.pairId.equals(checks.pairId())) {
            seen.put(target, new Seen(checks, now));
            return;
        }
        if (checks.answered() > last.answered) {
            last.answered = checks.answered();
            last.sentAtAnswer = checks.sent();
            last.answeredAtMillis = now;
            last.reported = false;
            return;
        }
        long silentMillis = now - last.answeredAtMillis;
        long unanswered = checks.sent() - last.sentAtAnswer;
        if (!last.reported && silentMillis >= limit.toMillis() && unanswered >= UNANSWERED) {
            last.reported = true;
            LOG.debug("{} pair {}: {} checks unanswered in {} ms", target, checks.pairId(), unanswered, silentMillis);
            inputs.accept(new SupervisorInput.PathSilent(generation, target, Duration.ofMillis(silentMillis),
                    unanswered));
        }
    }
}
