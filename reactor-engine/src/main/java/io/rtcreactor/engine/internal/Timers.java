package io.rtcreactor.engine.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.scheduler.Scheduler;

/**
 * A periodic task on a serial scheduler, made of one-shot delays: the lane (a single worker wrapped as a
 * scheduler) supports delayed tasks but not periodic ones. Works the same on a virtual-time scheduler.
 */
final class Timers {

    private Timers() {
    }

    /** Runs {@code task} every {@code period} until the returned handle is disposed. */
    static Disposable every(Scheduler scheduler, Duration period, Runnable task) {
        Disposable.Swap next = Disposables.swap();
        schedule(scheduler, period, task, next);
        return next;
    }

    private static void schedule(Scheduler scheduler, Duration period, Runnable task, Disposable.Swap next) {
        if (next.isDisposed()) {
            return;
        }
        next.update(scheduler.schedule(() -> {
            if (next.isDisposed()) {
                return;
            }
            task.run();
            schedule(scheduler, period, task, next);
        }, period.toMillis(), TimeUnit.MILLISECONDS));
    }
}
