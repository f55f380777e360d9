package io.rtcreactor.engine.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that BlockHound is installed in the running test JVM: a sleep on a non-blocking Reactor thread must
 * be reported as a {@link BlockingOperationError}. Every module calls this from one of its tests, so a module
 * whose test run lost BlockHound fails its build.
 */
public final class BlockHoundCheck {

    private BlockHoundCheck() {
    }

    /** A call into a peer connection from a non-blocking thread must be reported too. */
    public static void assertPeerConnectionCallsCount() throws ReflectiveOperationException {
        io.rtcreactor.engine.internal.rtc.NativeLibrary.ensureLoaded();
        // A peer connection object without a native handle: its getters return a default instead of crashing.
        var constructor = dev.onvoid.webrtc.RTCPeerConnection.class.getDeclaredConstructor();
        constructor.setAccessible(true);
        dev.onvoid.webrtc.RTCPeerConnection detached = constructor.newInstance();
        Object error = Mono.fromCallable(() -> {
                    detached.getSignalingState();
                    return (Object) "called";
                })
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(e -> Mono.just(e))
                .block(Duration.ofSeconds(10));
        assertThat(error).as("WebRtcBlockHoundIntegration must mark webrtc-java's native calls as blocking")
                .isInstanceOf(BlockingOperationError.class);
    }

    public static void assertInstalled() {
        Object error = Mono.fromCallable(() -> {
                    TimeUnit.MILLISECONDS.sleep(1);
                    return (Object) "slept";
                })
                .subscribeOn(Schedulers.parallel())
                .onErrorResume(e -> Mono.just(e))
                .block(Duration.ofSeconds(10));
        assertThat(error)
                .as("BlockHound must reject a sleep on a parallel() thread; is blockhound-junit-platform on the"
                        + " test classpath and -XX:+AllowRedefinitionToAddDeleteMethods set?")
                .isInstanceOf(BlockingOperationError.class);
    }
}
