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

    /**
     * A pool for calls into webrtc-java. Every {@code RTCPeerConnection} method blocks its caller while it hops
     * onto the factory's signaling thread, so such calls never run on a non-blocking thread; a call stuck there
     * occupies one thread of this pool and nothing else.
     */
    public static Scheduler newNativePool(String name) {
        return Schedulers.newBoundedElastic(64, 100_000, name, 60, true);
    }

    /** Reactor's shared pool for short blocking work (native library loading, process start-up). */
    public static Scheduler blockingWork() {
        return Schedulers.boundedElastic();
    }

    /**
     * Where application callbacks run (events, data, audio frames): a pool on which they may even block, so that a
     * slow or blocking subscriber never holds up the session's lane or WebRTC's playout thread.
     */
    public static Scheduler callbacks() {
        return Schedulers.boundedElastic();
    }

    /** Wraps a worker of {@code parent} so that tasks run one at a time, in submission order. */
    public static Scheduler serialOn(Scheduler parent) {
        return Schedulers.single(parent);
    }
}
