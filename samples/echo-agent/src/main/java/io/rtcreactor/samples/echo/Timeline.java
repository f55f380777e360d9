package io.rtcreactor.samples.echo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Where the agent says what happened: one line per event, {@code HH:mm:ss.SSS [who] text}, so that a person can
 * read it and a test can match it. The time is taken when the event happens; the line is written on the output
 * scheduler's one worker, in order, never on the thread that reported it (see {@link AgentSchedulers#newOutput()}).
 */
public final class Timeline {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final Clock clock;
    private final Scheduler.Worker writer;
    private final PrintStream out;
    private final String label;

    private Timeline(Clock clock, Scheduler.Worker writer, PrintStream out, String label) {
        this.clock = clock;
        this.writer = writer;
        this.out = out;
        this.label = label;
    }

    /** A timeline written to {@code out} by one worker of {@code output}. */
    public static Timeline to(PrintStream out, Clock clock, Scheduler output) {
        return new Timeline(clock, output.createWorker(), out, "");
    }

    /** The same timeline, each line tagged with {@code who} (the demo interleaves several speakers). */
    public Timeline as(String who) {
        return new Timeline(clock, writer, out, String.format("%-7s ", who));
    }

    /** Records one line, stamped now. */
    public void line(String text) {
        String stamped = TIME.format(clock.instant().atZone(clock.getZone())) + " " + label + text;
        writer.schedule(() -> out.println(stamped));
    }

    /** Completes once every line recorded before the call has been written (call before exiting). */
    public Mono<Void> drained() {
        return Mono.create(sink -> writer.schedule(() -> {
            out.flush();
            sink.success();
        }));
    }
}
