package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.ArmTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.CancelTimer;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand.Timer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * Runs the {@link Supervisor} on a serial lane: the one command runner of the engine, used by the session and by
 * the virtual-time tests alike. Inputs are queued and handled one at a time, each input's commands all run before
 * the next input (no re-entrancy: an effect that feeds an input back only queues it). The runner keeps the timers
 * itself ({@link ArmTimer}, {@link CancelTimer}), on the lane and its clock, so that every timing rule runs the same
 * in virtual time; every other command goes to the {@link Effects}.
 *
 * <p>Lane only: {@link #input} must be called on {@code lane}.
 */
public final class SupervisorRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisorRunner.class);

    /** Carries out the commands that are not timers. */
    @FunctionalInterface
    public interface Effects {
        void run(SupervisorCommand command);
    }

    /** Sees every step (tests record them; the session logs them). */
    @FunctionalInterface
    public interface Observer {
        void stepped(SupervisorInput input, Supervisor.Step step, long atMillis);
    }

    private final String name;
    private final Supervisor supervisor;
    private final Scheduler lane;
    private final Effects effects;
    private final Observer observer;
    private final Deque<SupervisorInput> inbox = new ArrayDeque<>();
    private final Map<Timer, Armed> timers = new EnumMap<>(Timer.class);
    private SupervisorState state = SupervisorState.initial();
    private boolean draining;

    public SupervisorRunner(String name, Supervisor supervisor, Scheduler lane, Effects effects, Observer observer) {
        this.name = name;
        this.supervisor = supervisor;
        this.lane = lane;
        this.effects = effects;
        this.observer = observer;
    }

    /** Feeds one input; handled now, or right after the input being handled. Lane only. */
    public void input(SupervisorInput input) {
        inbox.addLast(input);
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!inbox.isEmpty()) {
                SupervisorInput next = inbox.removeFirst();
                long now = lane.now(TimeUnit.MILLISECONDS);
                Supervisor.Step step = supervisor.next(state, next, Instant.ofEpochMilli(now));
                state = step.state();
                observer.stepped(next, step, now);
                for (SupervisorCommand command : step.commands()) {
                    run(command);
                }
            }
        } finally {
            draining = false;
        }
    }

    /** The supervisor's current state. */
    public SupervisorState state() {
        return state;
    }

    /** Timers armed and not yet fired or cancelled. */
    public int armedTimers() {
        return timers.size();
    }

    /** One armed timer; it fires only while it is still the one in the map (a re-armed timer replaces it). */
    private static final class Armed {
        Disposable handle;
    }

    private void run(SupervisorCommand command) {
        try {
            if (command instanceof ArmTimer arm) {
                cancel(arm.timer());
                Armed armed = new Armed();
                timers.put(arm.timer(), armed);
                // In the map before it is scheduled: a virtual-time lane may run a due task at once.
                armed.handle = lane.schedule(() -> {
                    if (timers.remove(arm.timer(), armed)) {
                        input(arm.fire());
                    }
                }, arm.after().toMillis(), TimeUnit.MILLISECONDS);
            } else if (command instanceof CancelTimer cancel) {
                cancel(cancel.timer());
            } else {
                effects.run(command);
            }
        } catch (RuntimeException e) {
            // One command failing must not stop the others or the next inputs; it is a bug, so say so loudly.
            LOG.error("{}: command {} failed", name, command, e);
        }
    }

    private void cancel(Timer timer) {
        Armed previous = timers.remove(timer);
        if (previous != null && previous.handle != null) {
            previous.handle.dispose();
        }
    }
}
