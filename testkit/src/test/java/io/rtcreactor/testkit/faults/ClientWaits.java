package io.rtcreactor.testkit.faults;

import io.rtcreactor.testkit.client.ClientMedia;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/** Small bounded waits shared by the fault tests. */
final class ClientWaits {

    private ClientWaits() {
    }

    /** Waits (within {@link ClientMedia#WAIT}) until {@code condition} holds. */
    static void until(String what, Callable<Boolean> condition) {
        ClientMedia.until(what, condition);
    }

    /** Like {@link #until}, but evaluates {@code condition} (which may act, e.g. send a ping) only every {@code every}. */
    static void every(Duration every, String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(ClientMedia.WAIT).pollDelay(Duration.ZERO).pollInterval(every).until(condition);
    }

    /** Milliseconds from {@code fromNanos} to {@code toNanos}. */
    static long millisBetween(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }
}
