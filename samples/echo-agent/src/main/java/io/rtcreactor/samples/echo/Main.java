package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.samples.echo.demo.CallServer;
import io.rtcreactor.samples.echo.demo.Demo;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The echo agent's command line:
 * <pre>
 * java -jar echo-agent.jar --url ws://127.0.0.1:7880 --api-key devkey --api-secret secret --room R --identity agent
 * java -jar echo-agent.jar                      # the demo: embedded testkit, a caller, a migration survived
 * java -jar echo-agent.jar --call [--port 7880]  # the testkit and the agent; talk to it from the call page
 * </pre>
 * Events go to stdout, one line each; logs go to stderr. Exit status: 0 after SIGTERM/SIGINT and a clean leave
 * (or a demo that saw everything it expected), 1 when the session ended for another reason or could not start,
 * 2 for a usage error.
 */
public final class Main {

    /** How long stdout may take to drain before the JVM exits. */
    private static final Duration DRAIN = Duration.ofSeconds(5);

    private Main() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "echo-agent-logback.xml");
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(AgentConfig.USAGE);
            System.exit(0);
            return;
        }
        Integer callPort = callPort(args);
        AgentConfig config = null;
        if (args.length > 0 && callPort == null) {
            try {
                config = AgentConfig.parse(args, System.getenv());
            } catch (IllegalArgumentException e) {
                System.err.println("echo-agent: " + e.getMessage());
                System.err.println(AgentConfig.USAGE);
                System.exit(2);
                return;
            }
        }
        Timeline timeline = Timeline.to(System.out, Clock.systemDefaultZone(), AgentSchedulers.newOutput());
        Mono<String> stop = Termination.signals();
        Mono<Integer> run = callPort != null ? CallServer.run(callPort, timeline, stop)
                : config == null ? Demo.run(timeline, stop) : agent(config, timeline, stop);
        Integer status = run.onErrorResume(error -> {
            timeline.line("failed: " + EventText.message(error));
            return Mono.just(1);
        }).block();
        timeline.drained().block(DRAIN);
        // webrtc-java prints "VM attach current thread failed" to stdout from native code while the JVM exits (once
        // its library is loaded, disposed or not). Closing System.out makes the JDK point fd 1 at /dev/null, so
        // stdout stays one line per event to the end.
        System.out.close();
        // WebRTC's native threads are not daemon threads: leave explicitly.
        System.exit(status == null ? 1 : status);
    }

    /** {@code --call [--port N]}: the port to serve the call page on (7880 by default); null without {@code --call}. */
    private static Integer callPort(String[] args) {
        if (args.length == 0 || !args[0].equals("--call")) {
            return null;
        }
        if (args.length == 3 && args[1].equals("--port")) {
            try {
                return Integer.parseInt(args[2]);
            } catch (NumberFormatException e) {
                System.err.println("echo-agent: --port takes a number, not " + args[2]);
                System.exit(2);
            }
        }
        if (args.length != 1) {
            System.err.println("echo-agent: usage: --call [--port 7880]");
            System.exit(2);
        }
        return 7880;
    }

    /** Agent mode: join, echo until stopped or ended. A stop before the join completes just abandons it. */
    private static Mono<Integer> agent(AgentConfig config, Timeline timeline, Mono<String> stop) {
        return EchoAgent.start(config, RoomOptions.defaults(), timeline)
                .takeUntilOther(stop)
                .flatMap(agent -> agent.runUntil(stop))
                .switchIfEmpty(Mono.fromCallable(() -> {
                    timeline.line("stopped before the join completed");
                    return 0;
                }))
                .onErrorResume(error -> Mono.fromCallable(() -> {
                    timeline.line("could not join: " + EventText.message(error));
                    return 1;
                }));
    }
}
