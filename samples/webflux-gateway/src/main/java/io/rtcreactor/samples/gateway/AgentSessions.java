package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.Diagnostics;
import io.rtcreactor.engine.Room;
import io.rtcreactor.samples.echo.AgentSchedulers;
import io.rtcreactor.samples.echo.EchoAgent;
import io.rtcreactor.samples.echo.Timeline;
import io.rtcreactor.spring.RoomConnector;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * The agent sessions the gateway runs, by id. Each one is the echo agent in its own room session, created through
 * the starter's {@link RoomConnector}; a session that ends, by a DELETE or by itself, leaves the list.
 */
@Service
public class AgentSessions {

    private final RoomConnector connector;
    private final Clock clock = Clock.systemUTC();
    private final Scheduler output = AgentSchedulers.newOutput();
    private final Timeline timeline = Timeline.to(System.out, clock, output);
    private final Map<String, RunningAgent> agents = new ConcurrentHashMap<>();

    public AgentSessions(RoomConnector connector) {
        this.connector = connector;
    }

    /** Starts an echo agent in {@code room}; completes once it joined and published its track. */
    public Mono<AgentView> start(String room, String identity) {
        return Mono.defer(() -> {
            String id = "ag_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            String who = identity == null || identity.isBlank() ? "echo-" + id.substring(3, 11) : identity;
            Room created = connector.create(room, who);
            RunningAgent running = new RunningAgent(id, room, who, created, clock);
            agents.put(id, running);
            created.ended().doFinally(signal -> {
                agents.remove(id, running);
                running.forget();
            }).subscribe(null, error -> { });
            return EchoAgent.start(created, false, timeline.as(id))
                    .doOnNext(running::started)
                    .map(agent -> running.view())
                    .onErrorResume(error -> created.disconnect().onErrorResume(e -> Mono.empty())
                            .then(Mono.error(new AgentStartException(room, who, error))));
        });
    }

    /** The sessions in {@code room}. */
    public List<AgentView> list(String room) {
        return agents.values().stream().filter(agent -> agent.roomName().equals(room)).map(RunningAgent::view)
                .toList();
    }

    public Mono<AgentView> find(String room, String id) {
        return Mono.justOrEmpty(lookup(room, id)).map(RunningAgent::view);
    }

    /** Ends a session (bounded by the engine's disconnect timeout); empty when there is no such session. */
    public Mono<AgentView> stop(String room, String id) {
        return Mono.justOrEmpty(lookup(room, id))
                .flatMap(agent -> agent.room().disconnect().thenReturn(agent.view()));
    }

    /** The session's events: those kept so far, then live; completes when it ends. Empty for no such session. */
    public Flux<EventView> events(String room, String id) {
        return Mono.justOrEmpty(lookup(room, id)).flatMapMany(RunningAgent::events);
    }

    public Mono<Diagnostics> diagnostics(String room, String id) {
        return Mono.justOrEmpty(lookup(room, id)).map(agent -> agent.room().diagnostics());
    }

    private RunningAgent lookup(String room, String id) {
        RunningAgent agent = agents.get(id);
        return agent != null && agent.roomName().equals(room) ? agent : null;
    }

    /** Called by Spring on shutdown (the rooms themselves are disconnected by the connector). */
    public void close() {
        output.dispose();
    }
}
