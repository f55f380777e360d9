package io.rtcreactor.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RpcException;
import io.rtcreactor.engine.RpcInvocation;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import io.rtcreactor.engine.testing.ToneDetector;
import io.rtcreactor.engine.token.VideoGrant;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 4: the engine and LiveKit's own Rust client (@livekit/rtc-node) exchange audio and data both ways. */
class RtcNodeInteropTest {

    private Harness harness;
    private NodeParticipant node;

    @BeforeEach
    void setUp() {
        NetworkNamespace.requireIsolated();
        harness = new Harness();
    }

    @AfterEach
    void tearDown() {
        if (node != null) {
            node.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void audioAndDataCrossBetweenTheEngineAndLiveKitsRustClient() {
        Harness.Recorded engine = harness.join("interop", "java-agent");
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("interop", "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));

        // rtc-node → engine: a 660 Hz tone, checked by frequency.
        node.ask(Map.of("cmd", "publish_tone", "hz", 660, "amplitude", 0.3), "published", Duration.ofSeconds(30));
        ToneDetector heard = harness.listen(engine);
        await().atMost(Harness.WAIT).until(() -> heard.voicedFrames() > 100);
        assertThat(heard.dominant(440, 660, 880)).isEqualTo(660);

        // engine → rtc-node: a 440 Hz tone, checked by rtc-node's own analysis of what it received.
        Harness.publishTone(engine.room, 440);
        JsonNode report = await().atMost(Harness.WAIT).until(() -> node.ask(Map.of("cmd", "audio_report"),
                "audio_report", Duration.ofSeconds(10)), r -> r.path("tracks").size() > 0
                && r.path("tracks").get(0).path("voiced_frames").asInt() > 50);
        assertThat(report.path("tracks").get(0).path("participant").asText()).isEqualTo("java-agent");
        assertThat(report.path("tracks").get(0).path("dominant_hz").asDouble()).isEqualTo(440.0);

        // Data both ways, reliable, with topics and the sender's identity.
        List<DataReceived> atEngine = new CopyOnWriteArrayList<>();
        harness.keep(engine.room.dataReceived().subscribe(atEngine::add));
        int from = node.mark();
        engine.room.publishData("hello rtc-node".getBytes(StandardCharsets.UTF_8), DataOptions.reliable().topic("t1"))
                .block(Harness.WAIT);
        JsonNode received = node.await("data_received", from, Duration.ofSeconds(30));
        assertThat(received.path("payload").asText()).isEqualTo("hello rtc-node");
        assertThat(received.path("topic").asText()).isEqualTo("t1");
        assertThat(received.path("participant").asText()).isEqualTo("java-agent");

        node.command(Map.of("cmd", "send_data", "payload", "hello java", "topic", "t2", "reliable", true));
        await().atMost(Harness.WAIT).until(() -> !atEngine.isEmpty());
        assertThat(atEngine.get(0).text()).isEqualTo("hello java");
        assertThat(atEngine.get(0).topic()).isEqualTo("t2");
        assertThat(atEngine.get(0).senderIdentity()).isEqualTo("node-caller");
        assertThat(atEngine.get(0).reliable()).isTrue();
    }

    /**
     * Issue 10, item 8: a participant calling a method of the engine with LiveKit's RPC gets LiveKit's
     * UNSUPPORTED_METHOD (1400) as the answer, not a timeout (1501 when nothing acknowledges the request, 1502
     * when the ack comes but no response); and the RPC's reliable packets count in the caller's sequence, so the
     * user data before and after them is no gap.
     */
    @Test
    void anRpcFromLiveKitsRustClientIsRefusedAsUnsupportedAndLeavesNoGapInTheData() {
        Harness.Recorded engine = harness.join("interop", "java-agent");
        List<DataReceived> atEngine = new CopyOnWriteArrayList<>();
        harness.keep(engine.room.dataReceived().subscribe(atEngine::add));
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("interop", "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));

        node.command(Map.of("cmd", "send_data", "payload", "before", "reliable", true));
        await().atMost(Harness.WAIT).until(() -> atEngine.size() == 1);
        JsonNode result = node.ask(Map.of("cmd", "rpc", "destination", "java-agent", "method", "lookup",
                "payload", "order 42", "response_timeout_ms", 10000), "rpc_result", Duration.ofSeconds(30));
        node.command(Map.of("cmd", "send_data", "payload", "after", "reliable", true));
        await().atMost(Harness.WAIT).until(() -> atEngine.size() == 2);

        assertThat(result.path("error_code").asInt()).as("RpcError code: %s", result).isEqualTo(1400);
        assertThat(result.path("error_message").asText()).contains("Method not supported at destination");
        assertThat(atEngine).extracting(DataReceived::text).containsExactly("before", "after");
        assertThat(engine.events(RoomEvent.DataGap.class)).as("false gaps").isEmpty();
    }

    /**
     * Issue 11 (DTMF): a key pressed on LiveKit's Rust client (publishDtmf, a reliable sip_dtmf packet) reaches the
     * engine as {@code DtmfReceived} with its code, key and sender; the engine's {@code publishDtmf} reaches
     * rtc-node's {@code DtmfReceived} the same way. Data sent around them shows no gap.
     */
    @Test
    void dtmfCrossesBothWaysBetweenTheEngineAndLiveKitsRustClient() {
        Harness.Recorded engine = harness.join("interop", "java-agent");
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("interop", "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));

        node.ask(Map.of("cmd", "dtmf", "code", 11, "digit", "#"), "dtmf_sent", Duration.ofSeconds(30));
        node.ask(Map.of("cmd", "dtmf", "code", 7, "digit", "7"), "dtmf_sent", Duration.ofSeconds(30));
        await().atMost(Harness.WAIT).until(() -> engine.events(RoomEvent.DtmfReceived.class).size() == 2);
        assertThat(engine.events(RoomEvent.DtmfReceived.class))
                .extracting(d -> d.code() + d.digit() + "@" + d.senderIdentity())
                .containsExactly("11#@node-caller", "77@node-caller");

        int from = node.mark();
        engine.room.localParticipant().publishDtmf(10, "*").block(Harness.WAIT);
        JsonNode received = node.await("dtmf_received", from, Duration.ofSeconds(30));
        assertThat(received.path("code").asInt()).isEqualTo(10);
        assertThat(received.path("digit").asText()).isEqualTo("*");
        assertThat(received.path("participant").asText()).isEqualTo("java-agent");
        assertThat(engine.events(RoomEvent.DataGap.class)).as("false gaps").isEmpty();
    }

    /**
     * Issue 11 (RPC), LiveKit's wire format both ways with LiveKit's Rust client: rtc-node calls a method the engine
     * serves (the response, the caller's identity and the payload as sent; a handler's RpcException arrives with
     * its code, message and data; a method nobody serves is 1400), and the engine calls methods rtc-node serves
     * (the response; rtc-node's RpcError with its code, message and data; an unknown method, 1400).
     */
    @Test
    void rpcCrossesBothWaysBetweenTheEngineAndLiveKitsRustClient() {
        Harness.Recorded engine = harness.join("interop", "java-agent");
        List<RpcInvocation> served = new CopyOnWriteArrayList<>();
        engine.room.localParticipant().registerRpcMethod("lookup", call -> {
            served.add(call);
            return Mono.just("found " + call.payload());
        });
        engine.room.localParticipant().registerRpcMethod("refuse", call ->
                Mono.error(new RpcException(2002, "not today", "try tomorrow")));
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("interop", "node-caller"));
        node.await("connected", 0, Duration.ofSeconds(60));

        JsonNode found = node.ask(Map.of("cmd", "rpc", "destination", "java-agent", "method", "lookup",
                "payload", "order 42", "response_timeout_ms", 10000), "rpc_result", Duration.ofSeconds(30));
        assertThat(found.path("response").asText()).as("%s", found).isEqualTo("found order 42");
        assertThat(served).singleElement().satisfies(call -> {
            assertThat(call.callerIdentity()).isEqualTo("node-caller");
            assertThat(call.payload()).isEqualTo("order 42");
            // LiveKit's Rust client sends the caller's timeout less its 7 s round-trip allowance (10 s → 3 s).
            assertThat(call.responseTimeout()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
        });
        JsonNode refused = node.ask(Map.of("cmd", "rpc", "destination", "java-agent", "method", "refuse",
                "payload", "x", "response_timeout_ms", 10000), "rpc_result", Duration.ofSeconds(30));
        assertThat(refused.path("error_code").asInt()).as("%s", refused).isEqualTo(2002);
        assertThat(refused.path("error_message").asText()).contains("not today");

        node.ask(Map.of("cmd", "register_rpc", "method", "shout", "mode", "echo", "prefix", "HEARD: "),
                "rpc_registered", Duration.ofSeconds(10));
        node.ask(Map.of("cmd", "register_rpc", "method", "deny", "mode", "fail", "code", 2001, "message", "denied",
                "data", "why"), "rpc_registered", Duration.ofSeconds(10));
        String heard = engine.room.localParticipant().performRpc("node-caller", "shout", "hello",
                Duration.ofSeconds(10)).block(Harness.WAIT);
        assertThat(heard).isEqualTo("HEARD: hello");
        JsonNode invoked = node.await("rpc_invoked", 0, Duration.ofSeconds(30));
        assertThat(invoked.path("caller").asText()).isEqualTo("java-agent");
        assertThat(invoked.path("payload").asText()).isEqualTo("hello");

        assertThatThrownBy(() -> engine.room.localParticipant().performRpc("node-caller", "deny", "please",
                Duration.ofSeconds(10)).block(Harness.WAIT))
                .isInstanceOfSatisfying(RpcException.class, e -> {
                    assertThat(e.code()).isEqualTo(2001);
                    assertThat(e.getMessage()).isEqualTo("denied");
                    assertThat(e.data()).isEqualTo("why");
                });
        assertThatThrownBy(() -> engine.room.localParticipant().performRpc("node-caller", "nothing", "",
                Duration.ofSeconds(10)).block(Harness.WAIT))
                .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code())
                        .isEqualTo(RpcException.UNSUPPORTED_METHOD));
    }

    /**
     * Issue 11 (attributes) with LiveKit's Rust client: the engine's setAttributes reaches rtc-node's
     * ParticipantAttributesChanged with the changed keys (a removed one as ""), and rtc-node's setAttributes reaches
     * the engine's AttributesChanged and the participant's snapshot.
     */
    @Test
    void attributeChangesAreSeenBothWaysWithLiveKitsRustClient() {
        Harness.Recorded engine = harness.joinWithToken("interop", harness.server.token("java-agent",
                VideoGrant.builder().room("interop").roomJoin(true).canUpdateOwnMetadata(true).agent(true).build()),
                io.rtcreactor.engine.RoomOptions.defaults());
        node = NodeParticipant.rtcNode("rtc-node", harness.server.url(), harness.server.token("node-caller",
                VideoGrant.builder().room("interop").roomJoin(true).canUpdateOwnMetadata(true).build()));
        node.await("connected", 0, Duration.ofSeconds(60));

        int from = node.mark();
        engine.room.localParticipant().setAttributes(Map.of("lk.agent.state", "listening", "model", "echo"))
                .block(Harness.WAIT);
        JsonNode seen = node.await("attributes_changed", from, n -> n.path("participant").asText().equals("java-agent"),
                Duration.ofSeconds(30));
        assertThat(seen.path("changed").path("lk.agent.state").asText()).isEqualTo("listening");
        assertThat(seen.path("attributes").path("model").asText()).isEqualTo("echo");
        int next = node.mark();
        engine.room.localParticipant().setAttributes(Map.of("lk.agent.state", "speaking", "model", ""))
                .block(Harness.WAIT);
        JsonNode second = node.await("attributes_changed", next,
                n -> n.path("participant").asText().equals("java-agent"), Duration.ofSeconds(30));
        assertThat(second.path("changed").path("lk.agent.state").asText()).isEqualTo("speaking");
        assertThat(second.path("attributes").has("model")).as("%s", second).isFalse();

        node.ask(Map.of("cmd", "set_attributes", "attributes", Map.of("mood", "curious")), "attributes_set",
                Duration.ofSeconds(30));
        await().atMost(Harness.WAIT).until(() -> !engine.events(RoomEvent.AttributesChanged.class).isEmpty());
        RoomEvent.AttributesChanged changed = engine.events(RoomEvent.AttributesChanged.class).get(0);
        assertThat(changed.participant().identity()).isEqualTo("node-caller");
        assertThat(changed.changed()).isEqualTo(Map.of("mood", "curious"));
        assertThat(engine.room.remoteParticipants().get("node-caller").attributes()).containsEntry("mood", "curious");
    }
}
