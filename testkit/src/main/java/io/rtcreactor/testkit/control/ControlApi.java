package io.rtcreactor.testkit.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.fault.FaultParser;
import io.rtcreactor.testkit.room.RoomRegistry;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The JSON control API other tools drive (FAULTS.md):
 * <pre>
 * POST /_testkit/faults      {"room": "r", "identity": "agent", "fault": "&lt;name&gt;", ...params}
 * GET  /_testkit/rooms/{room}
 * POST /_testkit/reset
 * GET  /_testkit/rooms                                     every room's state (the console polls it)
 * POST /_testkit/token       {"room": "r", "identity": "someone"}   a join token (the call page asks for it)
 * </pre>
 * An accepted fault answers 200, a fault for a participant not in the room 404, a malformed request 400 with the
 * reason. Faults that act on a connection not yet made (refuse, hang_upgrade, silent, omit_field, join_ping) are
 * accepted for absent participants too: they wait for its next connection.
 */
public final class ControlApi {

    private final ObjectMapper json = new ObjectMapper();
    private final RoomRegistry registry;
    private final Scheduler lane;
    private final java.util.function.BiFunction<String, String, String> tokens;

    /**
     * @param tokens mints a join token for (room, identity) with the server's own key: this is a test server, and
     *               its call page lets a person join without a token service
     */
    public ControlApi(RoomRegistry registry, Scheduler lane, java.util.function.BiFunction<String, String, String> tokens) {
        this.registry = registry;
        this.lane = lane;
        this.tokens = tokens;
    }

    public void register(HttpServerRoutes routes) {
        routes.post("/_testkit/faults", this::fault)
                .get("/_testkit/rooms/{room}", this::room)
                .post("/_testkit/reset", this::reset)
                .get("/_testkit/rooms", this::rooms)
                .post("/_testkit/token", this::token)
                .get("/_testkit/health", (req, res) -> send(res, 200, json.createObjectNode().put("ok", true)));
    }

    /** Applies a fault from Java; the same path as the JSON API. */
    public Mono<Integer> apply(String room, String identity, Fault fault) {
        return Mono.fromCallable(() -> registry.apply(room, identity, fault)).subscribeOn(lane);
    }

    private Publisher<Void> fault(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            JsonNode request;
            Fault fault;
            try {
                request = aimedRequest(body);
                fault = FaultParser.parse(request);
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                return send(res, 400, json.createObjectNode().put("error", e.getMessage()));
            }
            String room = request.get("room").asText();
            String identity = request.get("identity").asText();
            return apply(room, identity, fault).flatMap(status -> status == 200
                    ? send(res, 200, json.createObjectNode().put("ok", true).put("fault", fault.name()))
                    : send(res, status, json.createObjectNode().put("error",
                    "participant '" + identity + "' is not in room '" + room + "'")));
        });
    }

    private Publisher<Void> room(HttpServerRequest req, HttpServerResponse res) {
        String room = req.param("room");
        return Mono.fromCallable(() -> RoomStateJson.of(json, registry, room)).subscribeOn(lane)
                .flatMap(state -> send(res, 200, state));
    }

    private Publisher<Void> rooms(HttpServerRequest req, HttpServerResponse res) {
        return Mono.fromCallable(() -> {
            ObjectNode out = json.createObjectNode();
            com.fasterxml.jackson.databind.node.ArrayNode rooms = out.putArray("rooms");
            registry.roomNames().forEach(name -> rooms.add(RoomStateJson.of(json, registry, name)));
            return out;
        }).subscribeOn(lane).flatMap(state -> send(res, 200, state));
    }

    private Publisher<Void> token(HttpServerRequest req, HttpServerResponse res) {
        return req.receive().aggregate().asString().defaultIfEmpty("").flatMap(body -> {
            JsonNode request;
            try {
                request = aimedRequest(body);
            } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
                return send(res, 400, json.createObjectNode().put("error", e.getMessage()));
            }
            String token = tokens.apply(request.get("room").asText(), request.get("identity").asText());
            return send(res, 200, json.createObjectNode().put("token", token));
        });
    }

    private Publisher<Void> reset(HttpServerRequest req, HttpServerResponse res) {
        return Mono.fromRunnable(registry::reset).subscribeOn(lane)
                .then(send(res, 200, json.createObjectNode().put("ok", true)));
    }

    /** A request body aimed at a participant: a JSON object with a non-empty {@code room} and {@code identity}. */
    private JsonNode aimedRequest(String body) throws com.fasterxml.jackson.core.JsonProcessingException {
        JsonNode request = json.readTree(body);
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the body must be a JSON object");
        }
        requireText(request, "room");
        requireText(request, "identity");
        return request;
    }

    private static void requireText(JsonNode request, String field) {
        if (!request.hasNonNull(field) || !request.get(field).isTextual() || request.get(field).asText().isEmpty()) {
            throw new IllegalArgumentException("missing '" + field + "'");
        }
    }

    private static Mono<Void> send(HttpServerResponse res, int status, ObjectNode body) {
        return res.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .sendString(Mono.just(body.toString())).then();
    }
}
