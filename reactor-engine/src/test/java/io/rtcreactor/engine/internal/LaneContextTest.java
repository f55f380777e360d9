package io.rtcreactor.engine.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/** The session lane runs each task with the session's log context in the MDC, and restores what was there. */
@Timeout(10)
class LaneContextTest {

    @Test
    void tasksAndWorkerTasksSeeTheContextAndTheCallersMdcIsRestored() {
        VirtualTimeScheduler time = VirtualTimeScheduler.create();
        Scheduler lane = EngineSchedulers.serialOn(time, () -> Map.of("rtcr.session", "session-7", "rtcr.epoch", "3"));
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> seenOnWorker = new AtomicReference<>();
        MDC.put("caller", "test");
        MDC.put("rtcr.epoch", "outer");
        try {
            lane.schedule(() -> seen.set(MDC.get("rtcr.session") + "/" + MDC.get("rtcr.epoch") + "/" + MDC.get("caller")));
            Mono.just(1).publishOn(lane).subscribe(v -> seenOnWorker.set(MDC.get("rtcr.session")));
            time.advanceTime();
            assertThat(seen.get()).isEqualTo("session-7/3/test");
            assertThat(seenOnWorker.get()).isEqualTo("session-7");
            assertThat(MDC.get("rtcr.session")).isNull();
            assertThat(MDC.get("rtcr.epoch")).as("a key of the context the thread had before is put back")
                    .isEqualTo("outer");
            assertThat(MDC.get("caller")).isEqualTo("test");
        } finally {
            MDC.clear();
            lane.dispose();
            time.dispose();
        }
    }
}
