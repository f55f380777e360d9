package io.rtcreactor.samples.echo.demo;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.samples.echo.AgentConfig;
import io.rtcreactor.samples.echo.EchoAgent;
import io.rtcreactor.samples.echo.Timeline;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import reactor.core.publisher.Mono;

/**
 * {@code echo-agent.jar --call}: the testkit (with its console and call page) and the echo agent in room
 * {@value #ROOM}, until stopped; prints the call page's address, where a person talks to the agent with the
 * microphone and can migrate it. Runs outside any network namespace, since the browser must reach it; WebRTC then
 * needs a non-loopback network interface, which a desktop has.
 */
public final class CallServer {

    /** The room the agent waits in (the call page's default). */
    public static final String ROOM = "call";
    private static final String AGENT = "echo-agent";

    private CallServer() {
    }

    /** Runs until {@code stop}; gives the exit status (0 after a clean stop, 1 if the agent's session ended). */
    public static Mono<Integer> run(int port, Timeline timeline, Mono<String> stop) {
        Timeline says = timeline.as("call");
        return Mono.usingWhen(
                LoopbackServer.start(TestkitOptions.defaults().withPort(port)),
                server -> EchoAgent.start(new AgentConfig(server.url(), server.options().apiKey(),
                                server.options().apiSecret(), ROOM, AGENT, false), RoomOptions.defaults(),
                                timeline.as(AGENT))
                        .flatMap(agent -> {
                            says.line("the echo agent is in room " + ROOM + ". Talk to it: open " + server.httpUrl()
                                    + "/call in a browser on this machine, allow the microphone, press Join; "
                                    + "\"Migrate\" moves the agent to another node mid-call. The console: "
                                    + server.httpUrl() + "/ . Ctrl-C stops.");
                            return agent.runUntil(stop);
                        }),
                server -> server.close().doOnSuccess(done -> says.line("testkit closed")));
    }
}
