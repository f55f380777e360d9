package io.rtcreactor.samples.echo;

import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The one owner of Reactor schedulers in this module (the build rejects {@code Schedulers.*} anywhere else). */
public final class AgentSchedulers {

    private AgentSchedulers() {
    }

    /**
     * One thread that writes the agent's stdout. Writing to a pipe can block when the reader is slow; doing it here
     * means that never happens on the engine's lane or on WebRTC's playout thread, and keeps lines in order. A
     * bounded-elastic thread, because blocking is what it is for; daemon, so it never keeps the JVM alive.
     */
    public static Scheduler newOutput() {
        return Schedulers.newBoundedElastic(1, 100_000, "echo-stdout", 60, true);
    }
}
