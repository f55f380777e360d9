package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.Room;
import io.rtcreactor.samples.echo.EchoAgent;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * One agent session the gateway runs: its room, and its events kept for watchers (the last {@value #HISTORY}, so a
 * watcher that comes after the join still sees it), completed when the session ends.
 */
final class RunningAgent {

    static final int HISTORY = 256;

    private final String id;
    private final String roomName;
    private final String identity;
    private final Instant startedAt;
    private final Room room;
    private final Sinks.Many<EventView> events = Sinks.many().replay().limit(HISTORY);
    private final Disposable recording;
    private final AtomicReference<EchoAgent> agent = new AtomicReference<>();

    RunningAgent(String id, String roomName, String identity, Room room, Clock clock) {
        this.id = id;
        this.roomName = roomName;
        this.identity = identity;
        this.room = room;
        this.startedAt = clock.instant();
        // Subscribed before the join (events are hot). One subscriber, so emissions are serial.
        this.recording = room.events().subscribe(event -> events.tryEmitNext(EventView.of(event, clock.instant())),
                error -> events.tryEmitComplete(), events::tryEmitComplete);
    }

    String id() {
        return id;
    }

    String roomName() {
        return roomName;
    }

    Room room() {
        return room;
    }

    void started(EchoAgent running) {
        agent.set(running);
    }

    /** The events so far and then as they come; completes when the session ends. */
    Flux<EventView> events() {
        return events.asFlux();
    }

    AgentView view() {
        return new AgentView(id, roomName, identity, room.state().name(), startedAt);
    }

    void forget() {
        recording.dispose();
        events.tryEmitComplete();
    }
}
