package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RpcException;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.RpcAck;
import io.rtcreactor.engine.proto.RpcRequest;
import io.rtcreactor.engine.proto.RpcResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/** LiveKit's RPC, both sides, in virtual time (client-sdk-js src/room/rpc is the reference). */
class RpcsTest {

    private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
    private final List<DataPacket> sent = new ArrayList<>();
    private final Rpcs rpcs = new Rpcs("test", time, time, packet -> {
        sent.add(packet.build());
        return Mono.empty();
    });
    private final List<DataPacket> replies = new ArrayList<>();

    private void serve(RpcRequest.Builder request) {
        rpcs.request(request.build(), "caller", packet -> replies.add(packet.build()));
        time.advanceTimeBy(Duration.ZERO);
    }

    private static RpcRequest.Builder request(String method, String payload) {
        return RpcRequest.newBuilder().setId("r1").setMethod(method).setPayload(payload).setResponseTimeoutMs(10_000)
                .setVersion(1);
    }

    @Nested
    class Serving {

        @Test
        void aRegisteredMethodIsAcknowledgedFirstThenAnswered() {
            rpcs.register("echo", call -> Mono.just(call.callerIdentity() + ":" + call.payload()));
            serve(request("echo", "hi"));
            assertThat(replies).extracting(DataPacket::getValueCase)
                    .containsExactly(DataPacket.ValueCase.RPC_ACK, DataPacket.ValueCase.RPC_RESPONSE);
            assertThat(replies.get(0).getRpcAck().getRequestId()).isEqualTo("r1");
            assertThat(replies.get(1).getRpcResponse().getPayload()).isEqualTo("caller:hi");
            assertThat(replies.get(1).getDestinationIdentitiesList()).containsExactly("caller");
        }

        @Test
        void errorsAreLiveKitsCodes() {
            rpcs.register("own", call -> Mono.error(new RpcException(2001, "no", "because")));
            rpcs.register("boom", call -> Mono.error(new IllegalStateException("internal detail")));
            rpcs.register("big", call -> Mono.just("x".repeat(15 * 1024 + 1)));
            serve(request("missing", ""));
            serve(request("own", ""));
            serve(request("boom", ""));
            serve(request("big", ""));
            serve(request("own", "").setVersion(2));
            assertThat(replies).filteredOn(p -> p.hasRpcResponse())
                    .extracting(p -> p.getRpcResponse().getError().getCode())
                    .containsExactly(1400, 2001, 1500, 1504, 1404);
            DataPacket own = replies.stream().filter(p -> p.getRpcResponse().getError().getCode() == 2001)
                    .findFirst().orElseThrow();
            assertThat(own.getRpcResponse().getError().getMessage()).isEqualTo("no");
            assertThat(own.getRpcResponse().getError().getData()).isEqualTo("because");
            assertThat(replies).noneMatch(p -> p.getRpcResponse().getError().getMessage().contains("internal detail"));
        }

        @Test
        void aHandlerSlowerThanTheCallersTimeoutIsCancelledAndAnswersNothing() {
            AtomicReference<Boolean> cancelled = new AtomicReference<>(false);
            rpcs.register("slow", call -> Mono.<String>never().doOnCancel(() -> cancelled.set(true)));
            serve(request("slow", "").setResponseTimeoutMs(3_000));
            time.advanceTimeBy(Duration.ofSeconds(3));
            assertThat(cancelled.get()).isTrue();
            assertThat(replies).extracting(DataPacket::getValueCase).containsExactly(DataPacket.ValueCase.RPC_ACK);
        }

        @Test
        void anUnregisteredMethodIsUnsupportedAgain() {
            rpcs.register("m", call -> Mono.just("ok"));
            rpcs.unregister("m");
            serve(request("m", ""));
            assertThat(replies.get(1).getRpcResponse().getError().getCode()).isEqualTo(1400);
        }
    }

    @Nested
    class Calling {

        private final AtomicReference<Object> outcome = new AtomicReference<>();

        private Disposable call(String payload, Duration timeout) {
            Disposable d = rpcs.perform("callee", "m", payload, timeout)
                    .subscribe(outcome::set, outcome::set);
            time.advanceTimeBy(Duration.ZERO);
            return d;
        }

        private String id() {
            return sent.get(0).getRpcRequest().getId();
        }

        private int code() {
            return ((RpcException) outcome.get()).code();
        }

        @Test
        void theRequestIsLiveKitsVersionOneWithAtLeastEightSecondsAndTheResponseCompletesTheCall() {
            call("hello", Duration.ofSeconds(2));
            RpcRequest request = sent.get(0).getRpcRequest();
            assertThat(request.getVersion()).isEqualTo(1);
            assertThat(request.getResponseTimeoutMs()).isEqualTo(8_000);
            assertThat(sent.get(0).getDestinationIdentitiesList()).containsExactly("callee");
            rpcs.ack(RpcAck.newBuilder().setRequestId(id()).build(), "callee");
            rpcs.response(RpcResponse.newBuilder().setRequestId(id()).setPayload("world").build(), "callee");
            assertThat(outcome.get()).isEqualTo("world");
        }

        @Test
        void noAckWithinSevenSecondsIsAConnectionTimeout() {
            call("x", Duration.ofSeconds(30));
            time.advanceTimeBy(Duration.ofMillis(6_999));
            assertThat(outcome.get()).isNull();
            time.advanceTimeBy(Duration.ofMillis(1));
            assertThat(code()).isEqualTo(RpcException.CONNECTION_TIMEOUT);
        }

        @Test
        void anAckButNoResponseIsAResponseTimeout() {
            call("x", Duration.ofSeconds(10));
            rpcs.ack(RpcAck.newBuilder().setRequestId(id()).build(), "callee");
            time.advanceTimeBy(Duration.ofSeconds(9));
            assertThat(outcome.get()).isNull();
            time.advanceTimeBy(Duration.ofSeconds(1));
            assertThat(code()).isEqualTo(RpcException.RESPONSE_TIMEOUT);
        }

        @Test
        void theDestinationsErrorArrivesWithItsCodeMessageAndData() {
            call("x", Duration.ofSeconds(10));
            rpcs.response(RpcResponse.newBuilder().setRequestId(id()).setError(io.rtcreactor.engine.proto.RpcError
                    .newBuilder().setCode(2001).setMessage("denied").setData("why")).build(), "callee");
            RpcException e = (RpcException) outcome.get();
            assertThat(e.code()).isEqualTo(2001);
            assertThat(e.getMessage()).isEqualTo("denied");
            assertThat(e.data()).isEqualTo("why");
        }

        @Test
        void aDestinationThatLeavesFailsItsCalls() {
            call("x", Duration.ofSeconds(10));
            rpcs.participantLeft("someone-else");
            assertThat(outcome.get()).isNull();
            rpcs.participantLeft("callee");
            assertThat(code()).isEqualTo(RpcException.RECIPIENT_DISCONNECTED);
        }

        @Test
        void aPayloadAboveFifteenKibIsRefusedBeforeSending() {
            call("é".repeat(8 * 1024), Duration.ofSeconds(10));
            assertThat(code()).isEqualTo(RpcException.REQUEST_PAYLOAD_TOO_LARGE);
            assertThat(sent).isEmpty();
        }

        @Test
        void aCancelledCallIsForgotten() {
            Disposable d = call("x", Duration.ofSeconds(10));
            d.dispose();
            time.advanceTimeBy(Duration.ZERO);
            rpcs.response(RpcResponse.newBuilder().setRequestId(id()).setPayload("late").build(), "callee");
            time.advanceTimeBy(Duration.ofSeconds(30));
            assertThat(outcome.get()).isNull();
        }
    }

    /** RPC version 2 (client-sdk-js RpcClientManager/RpcServerManager): text streams toward client_protocol ≥ 1. */
    @Nested
    class OverStreams {

        private record Text(String text, io.rtcreactor.engine.stream.StreamOptions options) {
        }

        private final List<Text> texts = new ArrayList<>();
        private final java.util.Map<String, Integer> protocols = new java.util.HashMap<>();
        private final Rpcs v2 = new Rpcs("test", time, time, packet -> {
            sent.add(packet.build());
            return Mono.empty();
        }, (text, options) -> {
            texts.add(new Text(text, options));
            return Mono.empty();
        }, identity -> protocols.getOrDefault(identity, 0));

        private io.rtcreactor.engine.stream.TextStream stream(String from, String text, java.util.Map<String, String> attributes) {
            io.rtcreactor.engine.stream.StreamInfo info = new io.rtcreactor.engine.stream.StreamInfo("S1",
                    io.rtcreactor.engine.stream.StreamInfo.Kind.TEXT, "t", "text/plain", java.time.Instant.EPOCH,
                    java.util.OptionalLong.empty(), attributes, from, "", List.of(), "", false);
            return new io.rtcreactor.engine.stream.TextStream(info, reactor.core.publisher.Flux.just(text),
                    Mono.just(info));
        }

        @Test
        void aCallToAStreamReaderIsATextStreamWithoutThe15KibLimitAndItsAnswerStreamCompletesIt() {
            protocols.put("callee", 1);
            AtomicReference<Object> outcome = new AtomicReference<>();
            String big = "x".repeat(50_000);
            v2.perform("callee", "m", big, Duration.ofSeconds(20)).subscribe(outcome::set, outcome::set);
            time.advanceTimeBy(Duration.ZERO);
            assertThat(sent).isEmpty();
            Text request = texts.get(0);
            assertThat(request.text()).isEqualTo(big);
            assertThat(request.options().topic()).isEqualTo("lk.rpc_request");
            assertThat(request.options().destinations()).containsExactly("callee");
            String id = request.options().attributes().get("lk.rpc_request_id");
            assertThat(request.options().attributes()).containsEntry("lk.rpc_request_method", "m")
                    .containsEntry("lk.rpc_request_response_timeout_ms", "20000")
                    .containsEntry("lk.rpc_request_version", "2");
            v2.ack(RpcAck.newBuilder().setRequestId(id).build(), "callee");
            v2.responseStream(stream("mallory", "forged", java.util.Map.of("lk.rpc_request_id", id)));
            time.advanceTimeBy(Duration.ZERO);
            assertThat(outcome.get()).isNull();
            v2.responseStream(stream("callee", "answer", java.util.Map.of("lk.rpc_request_id", id)));
            time.advanceTimeBy(Duration.ZERO);
            assertThat(outcome.get()).isEqualTo("answer");
        }

        @Test
        void aRequestStreamIsAckedServedAndAnsweredByStreamOrPacketAsTheCallerReads() {
            v2.register("echo", call -> Mono.just(call.payload() + "!"));
            protocols.put("modern", 1);
            v2.requestStream(stream("modern", "hi", java.util.Map.of("lk.rpc_request_id", "R1",
                    "lk.rpc_request_method", "echo", "lk.rpc_request_response_timeout_ms", "8000",
                    "lk.rpc_request_version", "2")));
            time.advanceTimeBy(Duration.ZERO);
            assertThat(sent).singleElement().satisfies(p -> assertThat(p.getRpcAck().getRequestId()).isEqualTo("R1"));
            assertThat(texts).singleElement().satisfies(t -> {
                assertThat(t.text()).isEqualTo("hi!");
                assertThat(t.options().topic()).isEqualTo("lk.rpc_response");
                assertThat(t.options().attributes()).containsEntry("lk.rpc_request_id", "R1");
            });
            // A caller that announced nothing gets the answer as an rpc_response packet.
            v2.requestStream(stream("legacy", "yo", java.util.Map.of("lk.rpc_request_id", "R2",
                    "lk.rpc_request_method", "echo", "lk.rpc_request_response_timeout_ms", "8000",
                    "lk.rpc_request_version", "2")));
            time.advanceTimeBy(Duration.ZERO);
            assertThat(sent.get(sent.size() - 1).getRpcResponse().getPayload()).isEqualTo("yo!");
        }

        @Test
        void aMalformedOrUnknownVersionRequestStreamIsAnsweredWithAnError() {
            v2.requestStream(stream("c", "x", java.util.Map.of("lk.rpc_request_id", "R3")));
            v2.requestStream(stream("c", "x", java.util.Map.of("lk.rpc_request_id", "R4",
                    "lk.rpc_request_method", "m", "lk.rpc_request_response_timeout_ms", "8000",
                    "lk.rpc_request_version", "3")));
            time.advanceTimeBy(Duration.ZERO);
            assertThat(sent).filteredOn(DataPacket::hasRpcResponse)
                    .extracting(p -> p.getRpcResponse().getError().getCode()).containsExactly(1500, 1404);
        }
    }
}
