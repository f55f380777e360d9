package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The standalone jar keeps the promises of FAULTS.md's control surface and the README: the documented command
 * starts it and it prints its URL and keys; the JSON control API answers (health, room state, 400 with a reason
 * for a malformed fault, 404 for a fault aimed at an absent participant); SIGTERM stops it with exit code 0
 * ({@link StandaloneTestkit#close()} asserts that).
 */
class StandaloneJarIT {

    @Test
    void theDocumentedCommandStartsTheServerAndItsControlApiAnswers() {
        int port = freePort();
        try (StandaloneTestkit testkit = StandaloneTestkit.start(
                List.of("--port", Integer.toString(port), "--api-key", "devkey", "--api-secret", "secret"),
                "devkey", "secret")) {
            assertThat(testkit.url()).isEqualTo("ws://127.0.0.1:" + port);
            assertThat(testkit.output())
                    .contains("url:        ws://127.0.0.1:" + port)
                    .contains("api key:    devkey")
                    .contains("api secret: secret")
                    .contains("control:    http://127.0.0.1:" + port + "/_testkit/");

            HttpResponse<String> health = testkit.get("/_testkit/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(StandaloneTestkit.parse(health.body()).path("ok").asBoolean()).isTrue();

            JsonNode room = testkit.room("x");
            assertThat(room.path("room").asText()).isEqualTo("x");
            assertThat(room.path("participants").isArray()).isTrue();
            assertThat(room.path("participants")).isEmpty();

            assertRefused(testkit.fault("{not json"), 400, "Unexpected character");
            assertRefused(testkit.fault("[1, 2]"), 400, "must be a JSON object");
            assertRefused(testkit.fault(""), 400, "must be a JSON object");
            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"agent\"}"), 400, "missing 'fault'");
            assertRefused(testkit.fault("{\"identity\":\"agent\",\"fault\":\"migrate\"}"), 400, "missing 'room'");
            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"agent\",\"fault\":\"teleport\"}"), 400,
                    "unknown fault 'teleport'");
            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"agent\",\"fault\":\"leave\","
                    + "\"action\":\"EXPLODE\"}"), 400, "'EXPLODE' is not a");
            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"agent\",\"fault\":\"refuse\","
                    + "\"status\":500}"), 400, "status must be 401, 403, 404 or 503");

            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"ghost\",\"fault\":\"migrate\"}"), 404,
                    "participant 'ghost' is not in room 'x'");
            assertRefused(testkit.fault("{\"room\":\"x\",\"identity\":\"ghost\",\"fault\":\"leave\","
                    + "\"action\":\"DISCONNECT\",\"reason\":\"ROOM_DELETED\"}"), 404, "not in room");

            // faults that wait for a connection not yet made are accepted for absent participants (FAULTS.md),
            // and act on its next connection: here the upgrade is refused and /rtc/validate then says so
            testkit.faultAccepted("{\"room\":\"x\",\"identity\":\"ghost\",\"fault\":\"refuse\",\"status\":503}");
            String ghostToken = testkit.token("x", "ghost");
            HttpResponse<String> upgrade = testkit.get("/rtc?access_token=" + ghostToken);
            assertThat(upgrade.statusCode()).as(upgrade.body()).isEqualTo(503);
            HttpResponse<String> validate = testkit.get("/rtc/validate?access_token=" + ghostToken);
            assertThat(validate.statusCode()).as(validate.body()).isEqualTo(503);
            assertThat(validate.body()).contains("fault refuse 503");

            HttpResponse<String> reset = testkit.post("/_testkit/reset", "");
            assertThat(reset.statusCode()).as(reset.body()).isEqualTo(200);
            assertThat(testkit.get("/rtc/validate?access_token=" + ghostToken).body())
                    .as("reset drops the refusal").isEqualTo("success");
        }
    }

    @Test
    void otherApiKeysAreHonoured() {
        try (StandaloneTestkit testkit = StandaloneTestkit.start(
                List.of("--port", "0", "--api-key", "ci-key", "--api-secret", "ci-secret-0123456789"),
                "ci-key", "ci-secret-0123456789")) {
            assertThat(testkit.output()).contains("api key:    ci-key").contains("api secret: ci-secret-0123456789");
            assertThat(testkit.port()).isPositive();

            HttpResponse<String> accepted = testkit.get("/rtc/validate?access_token=" + testkit.token("r", "a"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("success");

            String devToken = AccessToken.builder("devkey", "secret").identity("a").grant(VideoGrant.join("r"))
                    .ttl(Duration.ofMinutes(5)).build().toJwt();
            HttpResponse<String> refused = testkit.get("/rtc/validate?access_token=" + devToken);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("devkey").doesNotContain(devToken);
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(StandaloneTestkit.parse(response.body()).path("error").asText()).contains(reason);
    }

    /** A free port to put on the documented command line (the test runs in its own network namespace). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
