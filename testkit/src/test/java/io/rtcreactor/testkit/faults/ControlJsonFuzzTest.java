package io.rtcreactor.testkit.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcreactor.engine.testing.PropertyDeadline;
import io.rtcreactor.testkit.client.FaultJson;
import io.rtcreactor.testkit.client.HttpProbe;
import io.rtcreactor.testkit.client.Testbed;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, fuzzing, the testkit's control JSON (FAULTS.md's contract, which tools in other languages drive): a
 * request for every fault of the catalogue with its parameters mutated — values of the wrong JSON type, negative,
 * zero, huge or fractional numbers, unknown enum names, keys missing or added — or a body that is not a request at
 * all, for a participant that is in the room or not. Every request is answered 200 (applied), 400 (with the reason)
 * or 404 (no such participant), always with a JSON body, and the server still serves the next one: a parameter no
 * check foresaw must not reach the server's lane as an exception. Cases: {@code -Drtcr.fuzz.tries} (1000 in CI).
 */
@AddLifecycleHook(PropertyDeadline.class)
class ControlJsonFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicInteger ROOMS = new AtomicInteger();
    private static Testbed testbed;

    @BeforeContainer
    static void start() {
        testbed = Testbed.perClass(Testbed.signalOnlyOptions());
        testbed.beforeAll(null);
    }

    @AfterContainer
    static void stop() {
        testbed.close();
    }

    @Property
    void everyRequestIsAppliedOrRefusedWithAReasonAndTheServerCarriesOn(@ForAll("seeds") long seed) throws Exception {
        Random random = new Random(seed);
        String room = "fuzz-" + ROOMS.incrementAndGet();
        if (random.nextInt(3) == 0) {
            testbed.join(room, "alice");
        }
        String body = random.nextInt(10) == 0 ? garbage(random) : JSON.writeValueAsString(request(room, random));

        HttpProbe.Answer answer = testbed.http().postJson("/_testkit/faults", body);

        assertThat(answer.status()).as("%s -> %s", body, answer.body()).isIn(200, 400, 404);
        JsonNode reply = JSON.readTree(answer.body());
        if (answer.status() == 200) {
            assertThat(reply.path("ok").asBoolean()).isTrue();
        } else {
            assertThat(reply.path("error").asText()).as(body).isNotBlank();
        }
        assertThat(testbed.http().get("/_testkit/rooms/" + room).status()).as("the server still answers")
                .isEqualTo(200);
        if (ROOMS.get() % 50 == 0) {
            testbed.reset();
        }
    }

    /** A valid request for a random fault of the catalogue, then one to four of its members mutated. */
    private static ObjectNode request(String room, Random random) throws Exception {
        List<io.rtcreactor.testkit.fault.Fault> faults = FaultControlApiTest.everyFault().toList();
        String identity = random.nextInt(4) == 0 ? "nobody" : "alice";
        ObjectNode request = (ObjectNode) JSON.readTree(FaultJson.of(room, identity,
                faults.get(random.nextInt(faults.size()))));
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = request.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            String key = keys.isEmpty() || random.nextInt(4) == 0 ? pick(random, new String[] {"ms", "count", "status", "action",
                "reason", "what", "kind", "interval", "timeout", "mode", "old_path", "which", "target",
                "subscriber_close_after_ms", "close_socket", "can_reconnect", "extra"})
                    : keys.get(random.nextInt(keys.size()));
            if (random.nextInt(5) == 0) {
                request.remove(key);
            } else {
                request.set(key, value(random, 0));
            }
        }
        return request;
    }

    private static JsonNode value(Random random, int depth) {
        return switch (random.nextInt(depth >= 2 ? 9 : 11)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(random, new long[] {0, -1, 1, Integer.MAX_VALUE, Integer.MIN_VALUE,
                Long.MAX_VALUE, Long.MIN_VALUE, 999_999_999_999L}));
            case 3 -> NODES.numberNode(pick(random, new double[] {0.5, -0.5, 1e300, -1e300, Double.MIN_VALUE}));
            case 4 -> NODES.numberNode(new java.math.BigInteger("9".repeat(1 + random.nextInt(40))));
            case 5 -> NODES.textNode(pick(random, new String[] {"", "RESUME", "resume", "DISCONNECT", "MIGRATION",
                "PONG", "all", "garbage", "truncated", "keep", "drop", "abrupt", "ice_restart", "503", "-5"}));
            case 6 -> NODES.textNode("x".repeat(random.nextInt(3) == 0 ? 100_000 : random.nextInt(10)));
            case 7 -> NODES.numberNode(random.nextInt(20_000) - 100);
            case 8 -> NODES.textNode("\u0000\uFFFF\uD800");
            case 9 -> {
                ArrayNode array = NODES.arrayNode();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    array.add(value(random, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                for (int i = 0, n = random.nextInt(3); i < n; i++) {
                    object.set("k" + i, value(random, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String garbage(Random random) {
        return pick(random, new String[] {"", "{", "[]", "null", "42", "\"fault\"", "{\"fault\": {}}",
            "{\"room\": [], \"identity\": {}, \"fault\": 5}", "x".repeat(random.nextInt(2000)), "{\"a\":" + "[".repeat(
                    random.nextInt(3000))});
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static long pick(Random random, long[] values) {
        return values[random.nextInt(values.length)];
    }

    private static double pick(Random random, double[] values) {
        return values[random.nextInt(values.length)];
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
