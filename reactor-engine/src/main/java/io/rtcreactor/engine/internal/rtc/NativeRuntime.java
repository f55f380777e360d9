package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.RtcRuntime;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The native objects behind an {@link RtcRuntime}: a send factory (dummy audio module, audio pushed through
 * {@code CustomAudioSource}), a receive factory (headless audio module whose playout thread feeds sinks), the pool
 * every call into webrtc-java runs on, and the counters the leak checks read. {@link RtcRuntime} is what
 * applications hold and reference-count; this is what the engine and the testkit open peer connections on.
 */
public final class NativeRuntime implements PeerFactory {

    private static final Logger LOG = LoggerFactory.getLogger(NativeRuntime.class);
    private static volatile Function<RtcRuntime, NativeRuntime> unwrap;

    private final String name;
    private final AudioDeviceModule sendModule;
    private final HeadlessAudioDeviceModule receiveModule;
    private final PeerConnectionFactory sendFactory;
    private final PeerConnectionFactory receiveFactory;
    private final Scheduler nativePool;
    private final AtomicInteger livePeerConnections = new AtomicInteger();
    private final AtomicInteger attachedAudioSinks = new AtomicInteger();
    private final AtomicInteger transportIds = new AtomicInteger();

    /** Loads the native library if needed and creates both factories. Blocking native work. */
    public NativeRuntime(String name) {
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

    /** Called once, by {@link RtcRuntime}'s static initializer: how the engine reaches a runtime's natives. */
    public static void install(Function<RtcRuntime, NativeRuntime> access) {
        if (unwrap != null) {
            throw new IllegalStateException("runtime access is installed already");
        }
        unwrap = access;
    }

    /** The natives of {@code runtime} (its class is initialized, so the access is installed). */
    public static NativeRuntime of(RtcRuntime runtime) {
        return unwrap.apply(runtime);
    }

    @Override
    public Mono<Peer> open(AudioPath path, String role, IcePolicy ice) {
        return PeerTransport.open(this, path, role, ice).cast(Peer.class);
    }

    public String name() {
        return name;
    }

    public int livePeerConnections() {
        return livePeerConnections.get();
    }

    public int attachedAudioSinks() {
        return attachedAudioSinks.get();
    }

    /**
     * Closes the factories unless a peer connection is still open: disposing a factory with open peer connections
     * makes the next call on them crash the JVM. Blocking native work.
     */
    public void dispose() {
        int open = livePeerConnections.get();
        if (open > 0) {
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

    void audioSinkAttached(boolean attached) {
        if (attached) {
            attachedAudioSinks.incrementAndGet();
        } else {
            attachedAudioSinks.decrementAndGet();
        }
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
}
