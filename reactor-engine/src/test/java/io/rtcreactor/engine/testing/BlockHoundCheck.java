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
