package io.rtcreactor.samples.gateway;

import io.rtcreactor.spring.RoomConnectorLifecycle;
import io.rtcreactor.testkit.LoopbackServer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * Closes the embedded testkit once, in the shutdown's lifecycle phase right after the agents left (their leave
 * reaches it), and before Reactor Netty's shared event loops, which its server runs on, are disposed. If the
 * application never started (a failed start-up), the context's destruction closes it instead ({@link #close()}).
 */
final class TestkitLifecycle implements SmartLifecycle {

    private final LoopbackServer testkit;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    TestkitLifecycle(LoopbackServer testkit) {
        this.testkit = testkit;
    }

    @Override
    public void start() {
        running.set(true);
    }

    @Override
    public void stop(Runnable callback) {
        close().doFinally(signal -> {
            running.set(false);
            callback.run();
        }).subscribe(null, error -> { });
    }

    @Override
    public void stop() {
        stop(() -> { });
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    @Override
    public int getPhase() {
        return RoomConnectorLifecycle.PHASE - 1;
    }

    /** Closes the testkit unless done already; its destroy method too (Spring awaits the returned Mono). */
    public Mono<Void> close() {
        return closed.compareAndSet(false, true) ? testkit.close() : Mono.empty();
    }
}
