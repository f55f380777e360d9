package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.internal.EngineSchedulers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The session's own {@link SupervisorRunner} on a serial lane over a {@link VirtualTimeScheduler}, with the effects
 * recorded instead of carried out: the timers are the runner's (exactly as in the session), and what a server does
 * with an {@code OpenSignal} is up to the test ({@link #onOpen}).
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
    private final SupervisorRunner runner;
    private final List<Issued> issued = new ArrayList<>();
    private final List<SupervisorState> states = new ArrayList<>();
    private BiConsumer<SupervisorCommand.OpenSignal, SupervisorDriver> onOpen = (open, driver) -> { };

    SupervisorDriver(Supervisor.Settings settings) {
        this.runner = new SupervisorRunner("driver", new Supervisor(settings), lane, this::effect,
                (input, step, at) -> {
                    states.add(step.state());
                    step.commands().forEach(command -> issued.add(new Issued(at, command)));
                });
    }

    /** What the "server" does when the session opens a signal connection; runs on the lane, after the command. */
    SupervisorDriver onOpen(BiConsumer<SupervisorCommand.OpenSignal, SupervisorDriver> behaviour) {
        this.onOpen = behaviour;
        return this;
    }

    /** Feeds an input from the test, as a task on the lane. */
    void input(SupervisorInput input) {
        lane.schedule(() -> runner.input(input));
    }

    /**
     * Feeds an input from a server behaviour after {@code delay}. Always a delayed task, even for zero: the virtual
     * scheduler runs undelayed tasks before delayed ones due at the same instant, and a server's messages must
     * arrive in the order it sent them.
     */
    void later(Duration delay, SupervisorInput input) {
        lane.schedule(() -> runner.input(input), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    void advance(Duration duration) {
        clock.advanceTimeBy(duration);
    }

    long now() {
        return clock.now(TimeUnit.MILLISECONDS);
    }

    SupervisorState state() {
        return runner.state();
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

    /** Timers (retry, deadlines, graces) still armed in the runner: neither fired nor cancelled. */
    long armedTimers() {
        return runner.armedTimers();
    }

    void dispose() {
        lane.dispose();
        clock.dispose();
    }

    private void effect(SupervisorCommand command) {
        if (command instanceof SupervisorCommand.OpenSignal open) {
            lane.schedule(() -> onOpen.accept(open, this));
        }
    }
}
