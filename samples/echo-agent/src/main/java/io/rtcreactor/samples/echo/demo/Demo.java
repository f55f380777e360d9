package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.samples.echo.AgentConfig;
import io.rtcreactor.samples.echo.EchoAgent;
import io.rtcreactor.samples.echo.EventText;
import io.rtcreactor.samples.echo.Timeline;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The demo (the echo agent run without arguments): an embedded testkit, a caller that speaks a 440 Hz tone, and
 * the agent. It shows the echo working, migrates the agent to "another node" the way LiveKit does
 * ({@code leave{RESUME, MIGRATION}}, then the socket closes), shows the agent resuming, and shows the echo working
 * again. Each step is checked and has a deadline; the status is 0 only if every step was seen.
 */
public final class Demo {

    static final String ROOM = "echo-demo";
    static final String AGENT = "agent";
    static final String CALLER = "caller";
    /** 300 ms of the caller's tone coming back counts as "hears its echo". */
    static final int ECHO_FRAMES = 30;
    static final Duration STEP = Duration.ofSeconds(15);
    static final Duration WHOLE = Duration.ofSeconds(90);

    private final LoopbackServer server;
    private final Timeline timeline;
    private final Timeline says;

    private Demo(LoopbackServer server, Timeline timeline) {
        this.server = server;
        this.timeline = timeline;
        this.says = timeline.as("demo");
    }

    /** Runs the demo; gives the exit status. {@code stop} (a signal) abandons it. */
    public static Mono<Integer> run(Timeline timeline, Mono<String> stop) {
        Timeline says = timeline.as("demo");
        Mono<Integer> demo = Mono.usingWhen(
                Mono.defer(() -> {
                    says.line("starting the embedded testkit (a LiveKit-compatible server)");
                    return LoopbackServer.start(TestkitOptions.defaults());
                }),
                server -> new Demo(server, timeline).scenario(),
                server -> server.close().doOnSuccess(done -> says.line("testkit closed")));
        return demo.elapsed()
                .map(timed -> {
                    says.line(String.format("done in %.1f s", timed.getT1() / 1000.0));
                    return timed.getT2();
                })
                .timeout(WHOLE, Mono.error(() -> new IllegalStateException("the demo did not finish within " + WHOLE)))
                .takeUntilOther(stop.doOnNext(signal -> says.line("interrupted by " + signal)))
                .defaultIfEmpty(130);
    }

    private Mono<Integer> scenario() {
        says.line("testkit listening on " + server.url() + "; caller and agent join room " + ROOM);
        AgentConfig agentConfig = new AgentConfig(server.url(), server.options().apiKey(),
                server.options().apiSecret(), ROOM, AGENT, false);
        return Mono.usingWhen(
                Caller.join(server.url(), server.token(ROOM, CALLER), AGENT, timeline.as(CALLER))
                        .timeout(STEP, Mono.error(() -> new IllegalStateException("the caller did not join within "
                                + STEP))),
                caller -> Mono.usingWhen(
                        EchoAgent.start(agentConfig, RoomOptions.defaults(), timeline.as(AGENT))
                                .timeout(STEP, Mono.error(() -> new IllegalStateException("the agent did not join"
                                        + " within " + STEP))),
                        agent -> steps(caller, agent),
                        EchoAgent::disconnect),
                Caller::disconnect);
    }

    private Mono<Integer> steps(Caller caller, EchoAgent agent) {
        return caller.hearsEcho(ECHO_FRAMES, STEP)
                .doOnSuccess(done -> timeline.as(CALLER).line("hears its echo: its own " + (int) Caller.TONE_HZ
                        + " Hz tone comes back on the agent's track"))
                .then(caller.dataEcho("hello agent #1", STEP))
                .then(migrate(agent))
                .flatMap(reconnected -> caller.hearsEcho(ECHO_FRAMES, STEP)
                        .doOnSuccess(done -> timeline.as(CALLER).line("hears its echo again"))
                        .then(caller.dataEcho("hello agent #2", STEP))
                        .thenReturn(reconnected))
                .map(reconnected -> {
                    says.line("migration survived: the agent resumed (" + reconnected.mode() + " in "
                            + reconnected.took().toMillis() + " ms) and the caller hears its echo and gets its data"
                            + " back again");
                    return 0;
                });
    }

    /** Migrates the agent; completes with its Reconnected event. */
    private Mono<RoomEvent.Reconnected> migrate(EchoAgent agent) {
        Mono<RoomEvent.Reconnected> reconnected = agent.events()
                .ofType(RoomEvent.Reconnected.class)
                .next()
                .timeout(STEP, Mono.error(() -> new IllegalStateException("the agent did not reconnect within "
                        + STEP)));
        Mono<Integer> fault = Mono.defer(() -> {
            says.line("migrating the agent to another node: leave{RESUME, MIGRATION}, then its socket closes");
            return server.fault(ROOM, AGENT, new Fault.Migrate(Duration.ofSeconds(3)));
        }).flatMap(status -> status == 200 ? Mono.just(status)
                : Mono.error(new IllegalStateException("the testkit refused the migration: HTTP " + status)));
        // The event stream is hot: zip subscribes to it before the fault is sent.
        return Mono.zip(reconnected, fault).map(pair -> pair.getT1())
                .doOnError(error -> says.line("migration failed: " + EventText.message(error)));
    }
}
