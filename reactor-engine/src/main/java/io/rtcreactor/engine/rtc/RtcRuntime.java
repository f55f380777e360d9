package io.rtcreactor.engine.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.rtcreactor.engine.internal.EngineSchedulers;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The native side of WebRTC for one group of peer connections: a send factory (dummy audio module, audio pushed
 * through {@code CustomAudioSource}), a receive factory (headless audio module whose playout thread feeds
 * sinks), and the pool every call into webrtc-java runs on.
 *
 * <p>Reference counted: {@link #create(String)} returns a runtime held once; {@link #retain()} and
 * {@link #release()} share it; the last release closes the factories, whose threads are not daemon threads
 * (a JVM with an undisposed factory never exits). {@link #shared()} is the process-wide runtime that sessions
 * use unless their options name another: one set of native threads for any number of sessions, safe to share
 * because no callback of ours ever blocks its factory's thread.
 */
public final class RtcRuntime implements PeerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RtcRuntime.class);
    private static final Object SHARED_LOCK = new Object();
    private static RtcRuntime shared;

    private final String name;
    private final AudioDeviceModule sendModule;
    private final HeadlessAudioDeviceModule receiveModule;
    private final PeerConnectionFactory sendFactory;
    private final PeerConnectionFactory receiveFactory;
    private final Scheduler nativePool;
    private final AtomicInteger references = new AtomicInteger(1);
    private final AtomicInteger livePeerConnections = new AtomicInteger();
    private final AtomicInteger attachedAudioSinks = new AtomicInteger();
    private final AtomicInteger transportIds = new AtomicInteger();

    private RtcRuntime(String name) {
        NativeLibrary.ensureLoaded();
        this.name = name;
        this.sendModule = new AudioDeviceModule(AudioLayer.kDummyAudio);
        this.sendFactory = new PeerConnectionFactory(sendModule);
        this.receiveModule = new HeadlessAudioDeviceModule();
        this.receiveFactory = new PeerConnectionFactory(receiveModule);
        // Playout is started after the factory registered its audio callback: the playout thread pulls every
        // receive stream through it, and without that pull no AudioTrackSink ever fires.
        this.receiveModule.initPlayout();
        this.receiveModule.startPlayout();
        this.nativePool = EngineSchedulers.newNativePool("rtc-native-" + name);
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

    /** Opens a peer connection on this runtime's factory for {@code path}. */
    @Override
    public Mono<Peer> open(AudioPath path, String role, IcePolicy ice) {
        return PeerTransport.open(this, path, role, ice).cast(Peer.class);
    }

    /** Peer connections created on this runtime and not yet closed. */
    public int livePeerConnections() {
        return livePeerConnections.get();
    }

    /**
     * Remote-audio sinks attached to native tracks of this runtime's connections right now: each copies every
     * decoded frame of its track. A leak check for tests (a transceiver reused for a new track must not leave the
     * old sink attached).
     */
    public int attachedAudioSinks() {
        return attachedAudioSinks.get();
    }

    void audioSinkAttached(boolean attached) {
        if (attached) {
            attachedAudioSinks.incrementAndGet();
        } else {
            attachedAudioSinks.decrementAndGet();
        }
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
            return Mono.<Void>fromRunnable(this::disposeNative).subscribeOn(EngineSchedulers.blockingWork());
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

    private void disposeNative() {
        int open = livePeerConnections.get();
        if (open > 0) {
            // Disposing a factory with open peer connections makes the next call on them crash the JVM.
            LOG.warn("WebRTC runtime '{}' released with {} peer connections still open; keeping its factories",
                    name, open);
            return;
        }
        sendFactory.dispose();
        receiveFactory.dispose();
        try {
            receiveModule.stopPlayout();
        } catch (RuntimeException e) {
            LOG.debug("stopPlayout on release: {}", e.toString());
        }
        receiveModule.dispose();
        sendModule.dispose();
        nativePool.dispose();
        LOG.info("WebRTC runtime '{}' closed", name);
    }

    PeerConnectionFactory factory(AudioPath path) {
        return path == AudioPath.SEND ? sendFactory : receiveFactory;
    }

    Scheduler nativePool() {
        return nativePool;
    }

    int nextTransportId() {
        return transportIds.incrementAndGet();
    }

    void peerConnectionOpened() {
        livePeerConnections.incrementAndGet();
    }

    void peerConnectionClosed() {
        livePeerConnections.decrementAndGet();
    }

    @Override
    public String toString() {
        return "RtcRuntime{" + name + ", refs=" + references.get() + ", livePCs=" + livePeerConnections.get() + "}";
    }
}
