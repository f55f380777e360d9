package io.rtcreactor.samples.echo;

import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a {@code Mono} of the signal's name. Handled as signals rather than by a shutdown hook:
 * a JVM that ends through its default signal handling exits 143 / 130 whatever its hooks do, and the agent must
 * leave the room cleanly and exit 0 when it is stopped (the testkit's Main does the same).
 */
final class Termination {

    private Termination() {
    }

    /** Installs the handlers; the Mono emits the first signal's name (e.g. {@code SIGTERM}), remembered for later. */
    static Mono<String> signals() {
        Sinks.One<String> received = Sinks.one();
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), signal -> received.tryEmitValue("SIG" + signal.getName()));
        }
        return received.asMono();
    }
}
