package io.rtcreactor.engine.internal;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
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

    /**
     * Wraps a worker of {@code parent} so that tasks run one at a time, in submission order, on {@code parent}'s
     * clock. {@code Schedulers.single(parent)} alone keeps the parent's timers but not its clock (its {@code now} is
     * the machine's): on a virtual-time parent the lane's timers ran in virtual time while {@code lane.now()} read
     * the wall clock, so elapsed times, keepalive silences and recovery durations mixed the two (DESIGN.md:
     * "the clock, the timer scheduler and the jitter source come from options").
     */
    public static Scheduler serialOn(Scheduler parent) {
        return new SerialScheduler(parent, Schedulers.single(parent), Map::of);
    }

    /**
     * As {@link #serialOn(Scheduler)}, each task running with {@code context} in SLF4J's MDC (restored after), so
     * that every log line of the session's lane names its session and signal epoch ({@code rtcr.session},
     * {@code rtcr.epoch}) for a pattern's {@code %X{…}}.
     */
    public static Scheduler serialOn(Scheduler parent, Supplier<Map<String, String>> context) {
        return new SerialScheduler(parent, Schedulers.single(parent), context);
    }

    /**
     * {@code task} with {@code context} in the MDC while it runs; each of those keys is put back as it was after.
     * Only the context's own keys are touched: copying the thread's whole MDC map in and out around every task cost
     * about 200 ns of the lane's 670 per signal message (benchmarks' P7), most lane tasks carrying one message.
     */
    private static Runnable withContext(Runnable task, Supplier<Map<String, String>> context) {
        return () -> {
            Map<String, String> values = context.get();
            if (values.isEmpty()) {
                task.run();
                return;
            }
            String[] keys = values.keySet().toArray(new String[0]);
            String[] before = new String[keys.length];
            for (int i = 0; i < keys.length; i++) {
                before[i] = MDC.get(keys[i]);
                MDC.put(keys[i], values.get(keys[i]));
            }
            try {
                task.run();
            } finally {
                for (int i = 0; i < keys.length; i++) {
                    if (before[i] == null) {
                        MDC.remove(keys[i]);
                    } else {
                        MDC.put(keys[i], before[i]);
                    }
                }
            }
        };
    }

    /** A serial scheduler that tells its parent's time. */
    private static final class SerialScheduler implements Scheduler {
        private final Scheduler clock;
        private final Scheduler serial;
        private final Supplier<Map<String, String>> context;

        SerialScheduler(Scheduler clock, Scheduler serial, Supplier<Map<String, String>> context) {
            this.clock = clock;
            this.serial = serial;
            this.context = context;
        }

        @Override
        public long now(TimeUnit unit) {
            return clock.now(unit);
        }

        @Override
        public Disposable schedule(Runnable task) {
            return serial.schedule(withContext(task, context));
        }

        @Override
        public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            return serial.schedule(withContext(task, context), delay, unit);
        }

        @Override
        public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
            return serial.schedulePeriodically(withContext(task, context), initialDelay, period, unit);
        }

        @Override
        public Worker createWorker() {
            Worker worker = serial.createWorker();
            return new Worker() {
                @Override
                public Disposable schedule(Runnable task) {
                    return worker.schedule(withContext(task, context));
                }

                @Override
                public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
                    return worker.schedule(withContext(task, context), delay, unit);
                }

                @Override
                public Disposable schedulePeriodically(Runnable task, long initialDelay, long period, TimeUnit unit) {
                    return worker.schedulePeriodically(withContext(task, context), initialDelay, period, unit);
                }

                @Override
                public void dispose() {
                    worker.dispose();
                }

                @Override
                public boolean isDisposed() {
                    return worker.isDisposed();
                }
            };
        }

        @Override
        public void init() {
            serial.init();
        }

        @Override
        public void dispose() {
            serial.dispose();
        }

        @Override
        public Mono<Void> disposeGracefully() {
            return serial.disposeGracefully();
        }

        @Override
        public boolean isDisposed() {
            return serial.isDisposed();
        }

        @Override
        public String toString() {
            return serial.toString();
        }
    }
}
