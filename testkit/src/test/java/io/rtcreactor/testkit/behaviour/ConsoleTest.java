package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.token.TokenVerifier;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.client.HttpProbe;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.FaultParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's pages and the API they use: the pages and LiveKit's browser SDK are served from the jar, nothing
 * else is; the call page's token endpoint mints a join token with the server's key; the rooms endpoint lists a
 * joined participant; and every fault button of the console sends a request the fault parser accepts (the browser
 * test in samples/echo-agent presses two of them).
 */
class ConsoleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @Test
    void thePagesAndTheBrowserSdkAreServedAndNothingElse() {
        HttpProbe http = testbed.http();
        assertThat(http.get("/")).satisfies(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body()).contains("RTC Reactor testkit", "/console/console.js");
        });
        assertThat(http.get("/call").body()).contains("/console/livekit-client.umd.js", "/console/call.js");
        assertThat(http.get("/console/livekit-client.umd.js")).satisfies(a -> {
            assertThat(a.status()).as("the SDK is in the jar (built from npm)").isEqualTo(200);
            assertThat(a.body()).contains("LivekitClient");
        });
        assertThat(http.get("/console/pom.xml").status()).isEqualTo(404);
        assertThat(http.get("/console/..%2F..%2FLoopbackServer.class").status()).isEqualTo(404);
    }

    @Test
    void theTokenEndpointMintsAJoinTokenWithTheServersKey() throws IOException {
        HttpProbe.Answer answer = testbed.http().postJson("/_testkit/token", "{\"room\":\"call\",\"identity\":\"ann\"}");
        assertThat(answer.status()).isEqualTo(200);
        String jwt = JSON.readTree(answer.body()).path("token").asText();
        VerifiedToken token = TokenVerifier.of(testbed.server().options().apiKey(),
                testbed.server().options().apiSecret()).verify(jwt);
        assertThat(token.identity()).isEqualTo("ann");
        assertThat(token.video().room()).isEqualTo("call");
        assertThat(token.video().mayJoin()).isTrue();
        assertThat(testbed.http().postJson("/_testkit/token", "{\"room\":\"call\"}").status()).isEqualTo(400);
    }

    @Test
    void theRoomsEndpointListsEveryRoomWithItsParticipants() throws IOException {
        testbed.join("console-room", "someone");
        JsonNode rooms = JSON.readTree(testbed.http().get("/_testkit/rooms").body()).path("rooms");
        JsonNode room = null;
        for (JsonNode candidate : rooms) {
            if (candidate.path("room").asText().equals("console-room")) {
                room = candidate;
            }
        }
        assertThat(room).as("console-room in %s", rooms).isNotNull();
        assertThat(room.path("participants").get(0).path("identity").asText()).isEqualTo("someone");
        assertThat(room.path("participants").get(0).path("state").asText()).isNotEqualTo("DISCONNECTED");
    }

    @Test
    void everyFaultButtonSendsARequestTheParserAccepts() throws IOException {
        List<String> presets = buttons();
        assertThat(presets).hasSizeGreaterThan(20);
        for (String preset : presets) {
            JsonNode request = JSON.readTree(preset);
            assertThat(FaultParser.parse(request).name()).as(preset).isEqualTo(request.path("fault").asText());
        }
    }

    /** The FAULTS presets of console.js, as JSON (keys quoted, single quotes made double, the label dropped). */
    private static List<String> buttons() throws IOException {
        String script;
        try (InputStream in = ConsoleTest.class.getResourceAsStream("/io/rtcreactor/testkit/console/static/console.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String list = script.substring(script.indexOf("const FAULTS = ["), script.indexOf("];"));
        Matcher preset = Pattern.compile("\\{ (fault: [^}]*) \\}").matcher(list);
        List<String> out = new ArrayList<>();
        while (preset.find()) {
            String json = "{" + preset.group(1).replaceAll(", label: '[^']*'", "")
                    .replaceAll("(\\w+): ", "\"$1\": ").replace('\'', '"') + "}";
            out.add(json);
        }
        return out;
    }
}
