package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest.Action;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.FaultJson;
import io.rtcreactor.testkit.client.HttpProbe;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.fault.Fault.Corruption;
import io.rtcreactor.testkit.fault.Fault.Omission;
import io.rtcreactor.testkit.fault.Fault.Silence;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSON control API as other tools drive it (FAULTS.md, "The testkit's control surface"): every fault name with
 * its snake_case parameters is accepted (200), refused for a participant not in the room (404) unless it acts on a
 * connection not made yet, and a malformed request gets 400 with the reason. The effects of every fault through
 * this API are asserted from the client side in the other {@code Fault*Test} classes (their JSON driver).
 */
class FaultControlApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Faults that wait for the identity's next connection, so they are accepted for an absent participant. */
    private static final Set<String> FUTURE = Set.of("refuse", "hang_upgrade", "silent", "omit_field", "join_ping");

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    /** One sample of every fault of FAULTS.md's table, with every parameter it takes. */
    static Stream<Fault> everyFault() {
        return Stream.of(
                new Fault.Leave(Action.RESUME, DisconnectReason.MIGRATION, false),
                new Fault.Migrate(Duration.ofMillis(3000)),
                new Fault.CloseSignal(false),
                new Fault.WithholdAnswer(Duration.ofMillis(500), true),
                new Fault.DelayOffer(Duration.ofMillis(500)),
                new Fault.StaleAnswer(),
                new Fault.DuplicateAnswer(),
                new Fault.Silent(Silence.PONG, Duration.ofMillis(500)),
                new Fault.Refuse(503, 2),
                new Fault.HangUpgrade(1),
                new Fault.BlackHoleMedia(Duration.ofMillis(500)),
                new Fault.DropReliable(2),
                new Fault.RedeliverReliable(),
                new Fault.RefuseResume(),
                new Fault.LeaveInsteadOfReconnect(Action.RECONNECT),
                new Fault.MessagesBeforeReconnectResponse(),
                new Fault.OfferBurst(),
                new Fault.StaleSocket(),
                new Fault.CorruptFrame(Corruption.UNKNOWN_FIELD),
                new Fault.OmitField(Omission.TRACK_PUBLISHED_SID),
                new Fault.JoinPing(7, 21));
    }

    @Test
    void theSamplesCoverEveryFaultNameOfFaultsMd() {
        assertThat(everyFault().map(Fault::name).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "leave", "migrate", "close_signal", "withhold_answer", "delay_offer", "stale_answer", "duplicate_answer",
                "silent", "refuse", "hang_upgrade", "black_hole_media", "drop_reliable", "redeliver_reliable",
                "refuse_resume", "leave_instead_of_reconnect", "messages_before_reconnect_response", "offer_burst",
                "stale_socket", "corrupt_frame", "omit_field", "join_ping");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFault")
    void everyFaultIsAcceptedForAParticipantInTheRoom(Fault fault) {
        testbed.join("api-" + fault.name(), "alice");

        HttpProbe.Answer answer = post(FaultJson.of("api-" + fault.name(), "alice", fault));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = read(answer.body());
        assertThat(body.path("ok").asBoolean()).isTrue();
        assertThat(body.path("fault").asText()).isEqualTo(fault.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyFault")
    void aFaultForAnAbsentParticipantIs404UnlessItWaitsForItsNextConnection(Fault fault) {
        testbed.join("absent-" + fault.name(), "alice");

        HttpProbe.Answer answer = post(FaultJson.of("absent-" + fault.name(), "nobody", fault));

        assertThat(answer.status()).as(answer.body()).isEqualTo(FUTURE.contains(fault.name()) ? 200 : 404);
        if (answer.status() == 404) {
            assertThat(read(answer.body()).path("error").asText()).contains("nobody");
        }
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("not JSON", "{nope", ""),
                Arguments.of("not an object", "[1, 2]", "object"),
                Arguments.of("no room", "{\"identity\": \"alice\", \"fault\": \"offer_burst\"}", "room"),
                Arguments.of("no identity", "{\"room\": \"r\", \"fault\": \"offer_burst\"}", "identity"),
                Arguments.of("no fault", "{\"room\": \"r\", \"identity\": \"alice\"}", "fault"),
                Arguments.of("unknown fault", "{\"room\": \"r\", \"identity\": \"alice\", \"fault\": \"explode\"}",
                        "explode"),
                Arguments.of("unknown action", body("leave", "\"action\": \"PANIC\""), "PANIC"),
                Arguments.of("unknown reason", body("leave", "\"reason\": \"BORED\""), "BORED"),
                Arguments.of("close_socket not a boolean", body("leave", "\"close_socket\": \"yes\""), "close_socket"),
                Arguments.of("negative ms", body("silent", "\"what\": \"pong\", \"ms\": -5"), "ms"),
                Arguments.of("ms not a number", body("withhold_answer", "\"ms\": \"soon\""), "ms"),
                Arguments.of("unknown silence", body("silent", "\"what\": \"everything\""), "everything"),
                Arguments.of("unknown mode", body("close_signal", "\"mode\": \"gentle\""), "mode"),
                Arguments.of("unknown which", body("withhold_answer", "\"which\": \"last\""), "which"),
                Arguments.of("withhold a subscriber answer", body("withhold_answer", "\"target\": \"subscriber\""),
                        "publisher"),
                Arguments.of("delay a publisher offer", body("delay_offer", "\"target\": \"publisher\", \"ms\": 5"),
                        "subscriber"),
                Arguments.of("delay_offer without ms", body("delay_offer", "\"target\": \"subscriber\""), "ms"),
                Arguments.of("refuse with 500", body("refuse", "\"status\": 500"), "status"),
                Arguments.of("unknown corruption", body("corrupt_frame", "\"kind\": \"mangled\""), "mangled"),
                Arguments.of("omit_field without what", body("omit_field", ""), ""),
                Arguments.of("unknown omission", body("omit_field", "\"what\": \"join_everything\""), "join_everything"));
    }

    private static String body(String fault, String params) {
        return "{\"room\": \"r\", \"identity\": \"alice\", \"fault\": \"" + fault + "\""
                + (params.isEmpty() ? "" : ", " + params) + "}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedRequestIs400WithTheReason(String what, String json, String named) {
        testbed.join("r", "alice");

        HttpProbe.Answer answer = post(json);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(read(answer.body()).path("error").asText()).isNotBlank().contains(named);
    }

    @Test
    void roomStateReportsEveryIdentityWithItsCountersArmedFaultsAndTimeline() {
        ProtocolClient alice = testbed.join("state", "alice");
        testbed.join("state", "bob");
        alice.send(Requests.pingReq(1));
        alice.await(MessageCase.PONG_RESP);
        post(FaultJson.of("state", "bob", new Fault.RefuseResume()));

        HttpProbe.Answer answer = testbed.http().get("/_testkit/rooms/state");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode state = read(answer.body());
        assertThat(state.path("room").asText()).isEqualTo("state");
        List<JsonNode> participants = List.copyOf(iterable(state.path("participants")));
        assertThat(participants).extracting(p -> p.path("identity").asText()).containsExactly("alice", "bob");
        JsonNode first = participants.get(0);
        assertThat(first.path("sid").asText()).isEqualTo(alice.sid());
        assertThat(first.path("state").asText()).isEqualTo("JOINING");
        assertThat(first.path("joins").asInt()).isEqualTo(1);
        for (String counter : List.of("resumes", "full_reconnects", "audio_frames_received", "audio_frames_forwarded",
                "reliable_packets_received", "lossy_packets_received", "last_reliable_sequence")) {
            assertThat(first.has(counter)).as(counter).isTrue();
        }
        assertThat(first.path("published_tracks").isArray()).isTrue();
        assertThat(iterable(first.path("timeline"))).extracting(e -> e.path("dir").asText() + " " + e.path("type").asText())
                .contains("out join", "in ping_req", "out pong_resp");
        assertThat(iterable(participants.get(1).path("armed_faults"))).extracting(JsonNode::asText)
                .containsExactly("refuse_resume");
    }

    @Test
    void resetDisconnectsEveryoneAndForgetsRoomsAndFaults() {
        ProtocolClient alice = testbed.join("reset", "alice");
        post(FaultJson.of("reset", "bob", new Fault.Refuse(503, 5)));

        HttpProbe.Answer answer = testbed.http().postJson("/_testkit/reset", "{}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(alice.await(MessageCase.LEAVE).getLeave().getReason()).isEqualTo(DisconnectReason.ROOM_DELETED);
        assertThat(alice.awaitClosed().closeFrame()).isTrue();
        assertThat(iterable(read(testbed.http().get("/_testkit/rooms/reset").body()).path("participants"))).isEmpty();
        ProtocolClient bob = testbed.connect("reset", "bob");
        assertThat(bob.await(MessageCase.JOIN)).as("the refusal was forgotten").isNotNull();
    }

    private static HttpProbe.Answer post(String json) {
        return testbed.http().postJson("/_testkit/faults", json);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
