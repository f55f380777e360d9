package io.rtcreactor.engine.internal;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one owner of Reactor schedulers in the engine (the build rejects {@code Schedulers.*} anywhere else).
 * Options take schedulers from here as defaults, so that tests can inject virtual-time ones instead.
 */
public final class EngineSchedulers {

    private EngineSchedulers() {
    }

    /** The default timer scheduler: Reactor's shared parallel scheduler (non-blocking work only). */
    public static Scheduler timer() {
        return Schedulers.parallel();
    }

    /** A new serial scheduler for work that must stay in order on one thread at a time. */
    public static Scheduler newSerial(String name) {
        return Schedulers.newSingle(name, true);
    }

    /** Wraps a worker of {@code parent} so that tasks run one at a time, in submission order. */
    public static Scheduler serialOn(Scheduler parent) {
        return Schedulers.single(parent);
    }
}
