package io.rtcreactor.engine.rtc;

import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.internal.rtc.NativeRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The native side of WebRTC for one group of peer connections: two webrtc-java factories (one sends audio, one
 * receives it) and the pool every call into webrtc-java runs on.
 *
 * <p>Reference counted: {@link #create(String)} returns a runtime held once; {@link #retain()} and
 * {@link #release()} share it; the last release closes the factories, whose threads are not daemon threads
 * (a JVM with an undisposed factory never exits). {@link #shared()} is the process-wide runtime that sessions
 * use unless their options name another: one set of native threads for any number of sessions, safe to share
 * because no callback of ours ever blocks its factory's thread.
 */
public final class RtcRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(RtcRuntime.class);
    private static final Object SHARED_LOCK = new Object();
    private static RtcRuntime shared;

    static {
        // The engine opens peer connections on the natives; applications only hold and count the runtime.
        NativeRuntime.install(runtime -> runtime.natives);
    }

    private final String name;
    private final NativeRuntime natives;
    private final AtomicInteger references = new AtomicInteger(1);

    private RtcRuntime(String name) {
        this.name = name;
        this.natives = new NativeRuntime(name);
    }

    /**
     * Creates a runtime (loading the native library on first use, about a quarter of a second). Blocking work:
     * call it from a thread that may block, or use {@link #createAsync(String)}.
     */
    public static RtcRuntime create(String name) {
        RtcRuntime runtime = new RtcRuntime(name);
        LOG.info("WebRTC runtime '{}' started (send and receive factories)", name);
        return runtime;
    }

    /** {@link #create(String)} on a thread that may block. */
    public static Mono<RtcRuntime> createAsync(String name) {
        return Mono.fromCallable(() -> create(name)).subscribeOn(EngineSchedulers.blockingWork());
    }

    /** The process-wide runtime, retained for the caller, who must {@link #release()} it. */
    public static Mono<RtcRuntime> shared() {
        return Mono.fromCallable(() -> {
            synchronized (SHARED_LOCK) {
                if (shared != null && shared.tryRetain()) {
                    return shared;
                }
                shared = create("shared");
                return shared;
            }
        }).subscribeOn(EngineSchedulers.blockingWork());
    }

    public String name() {
        return name;
    }

    /** Peer connections created on this runtime and not yet closed. */
    public int livePeerConnections() {
        return natives.livePeerConnections();
    }

    /**
     * Remote-audio sinks attached to native tracks of this runtime's connections right now: each copies every
     * decoded frame of its track. A leak check for tests (a transceiver reused for a new track must not leave the
     * old sink attached).
     */
    public int attachedAudioSinks() {
        return natives.attachedAudioSinks();
    }

    /** Holds the runtime once more; each hold needs one {@link #release()}. */
    public RtcRuntime retain() {
        if (!tryRetain()) {
            throw new IllegalStateException("WebRTC runtime '" + name + "' is already closed");
        }
        return this;
    }

    /** Drops one hold; the last one closes the factories. Blocking native work runs on the native pool. */
    public Mono<Void> release() {
        return Mono.defer(() -> {
            int left = references.decrementAndGet();
            if (left > 0) {
                return Mono.empty();
            }
            if (left < 0) {
                return Mono.error(new IllegalStateException("WebRTC runtime '" + name + "' released too often"));
            }
            return Mono.<Void>fromRunnable(natives::dispose).subscribeOn(EngineSchedulers.blockingWork());
        });
    }

    private boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    @Override
    public String toString() {
        return "RtcRuntime{" + name + ", refs=" + references.get() + ", livePCs=" + natives.livePeerConnections() + "}";
    }
}
