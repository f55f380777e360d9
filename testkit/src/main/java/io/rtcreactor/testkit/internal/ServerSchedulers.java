package io.rtcreactor.testkit.internal;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The one owner of Reactor schedulers in the testkit (the build rejects {@code Schedulers.*} elsewhere). */
public final class ServerSchedulers {

    private ServerSchedulers() {
    }

    /**
     * The server's lane: one thread on which every room and participant is read and changed, in order. It is a
     * non-blocking thread (BlockHound watches it); native calls never run on it.
     */
    public static Scheduler newLane(String name) {
        return Schedulers.newSingle(name, true);
    }

    /** The thread that pushes forwarded audio into every downtrack: one pushing thread per audio source. */
    public static Scheduler newAudioPump(String name) {
        return Schedulers.newSingle(name, true);
    }

    /** Short blocking work (starting the native runtime). */
    public static Scheduler blocking() {
        return Schedulers.boundedElastic();
    }
}
