package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.Diagnostics;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's API, all under {@code /rooms/{room}/agents}:
 * <ul>
 *   <li>{@code POST} (optional JSON body {@code {"identity": "…"}}) starts an echo agent; 201 with its view once it
 *   joined, 502 when it could not join (the message says why)</li>
 *   <li>{@code GET} lists the room's agents with their state; {@code GET /{id}} shows one</li>
 *   <li>{@code DELETE /{id}} ends one (204)</li>
 *   <li>{@code GET /{id}/events} streams its events as Server-Sent Events (those kept so far, then live; the stream
 *   ends with the session)</li>
 *   <li>{@code GET /{id}/diagnostics} its flight recorder: the last signal messages and state changes</li>
 * </ul>
 * An unknown id (or one of another room) is 404.
 */
@RestController
@RequestMapping("/rooms/{room}/agents")
public class AgentController {

    private final AgentSessions sessions;

    public AgentController(AgentSessions sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    public Mono<ResponseEntity<AgentView>> start(@PathVariable String room,
                                                 @RequestBody(required = false) Mono<StartRequest> body) {
        return body.map(StartRequest::identity).defaultIfEmpty("")
                .flatMap(identity -> sessions.start(room, identity))
                .map(view -> ResponseEntity.created(URI.create("/rooms/" + room + "/agents/" + view.id())).body(view));
    }

    @GetMapping
    public List<AgentView> list(@PathVariable String room) {
        return sessions.list(room);
    }

    @GetMapping("/{id}")
    public Mono<AgentView> show(@PathVariable String room, @PathVariable String id) {
        return sessions.find(room, id).switchIfEmpty(notFound(room, id));
    }

    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> stop(@PathVariable String room, @PathVariable String id) {
        return sessions.stop(room, id).map(view -> ResponseEntity.noContent().<Void>build())
                .switchIfEmpty(notFound(room, id));
    }

    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public Flux<ServerSentEvent<EventView>> events(@PathVariable String room, @PathVariable String id) {
        return sessions.find(room, id).switchIfEmpty(notFound(room, id))
                .thenMany(sessions.events(room, id))
                .map(event -> ServerSentEvent.builder(event).event(event.type()).build());
    }

    @GetMapping("/{id}/diagnostics")
    public Mono<Diagnostics> diagnostics(@PathVariable String room, @PathVariable String id) {
        return sessions.diagnostics(room, id).switchIfEmpty(notFound(room, id));
    }

    @ExceptionHandler(AgentStartException.class)
    public ResponseEntity<Map<String, String>> couldNotStart(AgentStartException error) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", error.getMessage()));
    }

    private static <T> Mono<T> notFound(String room, String id) {
        return Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no agent " + id + " in room " + room));
    }
}
