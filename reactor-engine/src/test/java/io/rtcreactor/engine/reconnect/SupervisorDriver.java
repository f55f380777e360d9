package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.reconnect.SupervisorCommand.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Runs the pure {@link Supervisor} the way {@code internal.Session} does, minus sockets and peer connections: on a
 * serial lane over a {@link VirtualTimeScheduler} ({@code EngineSchedulers.serialOn}, as the session builds it),
 * with {@code now} read from that lane, inputs drained one at a time, and the timer commands executed exactly as
 * the session executes them: {@code ScheduleRetry} → {@code RetryDue}, {@code ArmDeadline} →
 * {@code StepFailed(DeadlineExceededException)} (one timer per named deadline, all cancelled when a signal
 * connection is opened, on recovery and at the end), {@code ArmEpisodeDeadline} → {@code EpisodeExpired}. What a
 * server would do with an {@code OpenSignal} is up to the test ({@link #onOpen}).
 */
final class SupervisorDriver {

    /** A command and the virtual time (ms) it was issued at. */
    record Issued(long at, SupervisorCommand command) {
        @Override
        public String toString() {
            return at + " " + command;
        }
    }

    final VirtualTimeScheduler clock = VirtualTimeScheduler.create();
    final Scheduler lane = EngineSchedulers.serialOn(clock);
    private final Supervisor supervisor;
    private final Deque<SupervisorInput> inbox = new ArrayDeque<>();
    private final Map<Deadline, Disposable> deadlines = new EnumMap<>(Deadline.class);
    private final List<Issued> issued = new ArrayList<>();
    private final List<SupervisorState> states = new ArrayList<>();
    private BiConsumer<SupervisorCommand.OpenSignal, SupervisorDriver> onOpen = (open, driver) -> { };
    private SupervisorState state = SupervisorState.initial();
    private boolean draining;
    private final List<Timer> timers = new ArrayList<>();
    private Disposable retryTimer;
    private Disposable episodeTimer;

    /** A timer the driver armed: pending until it has run or been cancelled. */
    private static final class Timer {
        Disposable handle;
        boolean ran;

        boolean pending() {
            return !ran && !handle.isDisposed();
        }
    }

    SupervisorDriver(Supervisor.Settings settings) {
        this.supervisor = new Supervisor(settings);
    }

    /** What the "server" does when the session opens a signal connection; runs on the lane, after the command. */
    SupervisorDriver onOpen(BiConsumer<SupervisorCommand.OpenSignal, SupervisorDriver> behaviour) {
        this.onOpen = behaviour;
        return this;
    }

    /** Feeds an input from the test, as a task on the lane. */
    void input(SupervisorInput input) {
        lane.schedule(() -> supervise(input));
    }

    /**
     * Feeds an input from a server behaviour after {@code delay}. Always a delayed task, even for zero: the virtual
     * scheduler runs undelayed tasks before delayed ones due at the same instant, and a server's messages must
     * arrive in the order it sent them.
     */
    void later(Duration delay, SupervisorInput input) {
        lane.schedule(() -> supervise(input), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A Join/ReconnectResponse arriving after {@code delay}: as {@code SessionSignals} does, the RESPONSE deadline
     * is cancelled, then the supervisor is told.
     */
    void respond(Duration delay, SupervisorInput response) {
        lane.schedule(() -> {
            cancel(Deadline.RESPONSE);
            supervise(response);
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void advance(Duration duration) {
        clock.advanceTimeBy(duration);
    }

    long now() {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    SupervisorState state() {
        return state;
    }

    List<Issued> issued() {
        return List.copyOf(issued);
    }

    /** Every state the supervisor went through, in order. */
    List<SupervisorState> states() {
        return List.copyOf(states);
    }

    <T extends SupervisorCommand> List<Issued> issued(Class<T> type) {
        return issued.stream().filter(i -> type.isInstance(i.command())).toList();
    }

    /** Timers (retry, episode deadline, named deadlines) still armed: neither run nor cancelled. */
    long armedTimers() {
        return timers.stream().filter(Timer::pending).count();
    }

    void dispose() {
        lane.dispose();
        clock.dispose();
    }

    private void supervise(SupervisorInput input) {
        inbox.addLast(input);
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!inbox.isEmpty()) {
                SupervisorInput next = inbox.removeFirst();
                // As Session.now(): the lane's clock.
                Supervisor.Step step = supervisor.next(state, next, Instant.ofEpochMilli(lane.now(TimeUnit.MILLISECONDS)));
                state = step.state();
                states.add(state);
                for (SupervisorCommand command : step.commands()) {
                    issued.add(new Issued(now(), command));
                    execute(command);
                }
            }
        } finally {
            draining = false;
        }
    }

    private void execute(SupervisorCommand command) {
        if (command instanceof SupervisorCommand.OpenSignal open) {
            cancelAll();
            lane.schedule(() -> onOpen.accept(open, this));
        } else if (command instanceof SupervisorCommand.ArmDeadline arm) {
            cancel(arm.deadline());
            String step = arm.deadline() == Deadline.RESPONSE ? "the Join/ReconnectResponse" : "recovery";
            deadlines.put(arm.deadline(), timer(arm.after(), new SupervisorInput.StepFailed(arm.epoch(),
                    new DeadlineExceededException(step, arm.after()))));
        } else if (command instanceof SupervisorCommand.ScheduleRetry retry) {
            if (retryTimer != null) {
                retryTimer.dispose();
            }
            retryTimer = timer(retry.delay(), new SupervisorInput.RetryDue(retry.attempt()));
        } else if (command instanceof SupervisorCommand.ArmEpisodeDeadline arm) {
            if (episodeTimer != null) {
                episodeTimer.dispose();
            }
            episodeTimer = timer(arm.after(), new SupervisorInput.EpisodeExpired(arm.episode()));
        } else if (command instanceof SupervisorCommand.Recovered || command instanceof SupervisorCommand.Connected) {
            cancelAll();
            if (episodeTimer != null) {
                episodeTimer.dispose();
            }
        } else if (command instanceof SupervisorCommand.Finish) {
            cancelAll();
            for (Disposable timer : new Disposable[] {retryTimer, episodeTimer}) {
                if (timer != null) {
                    timer.dispose();
                }
            }
        }
    }

    private Disposable timer(Duration after, SupervisorInput input) {
        Timer timer = new Timer();
        timers.add(timer);
        timer.handle = lane.schedule(() -> {
            timer.ran = true;
            supervise(input);
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        return timer.handle;
    }

    private void cancel(Deadline which) {
        Disposable timer = deadlines.remove(which);
        if (timer != null) {
            timer.dispose();
        }
    }

    private void cancelAll() {
        deadlines.values().forEach(Disposable::dispose);
        deadlines.clear();
    }
}
