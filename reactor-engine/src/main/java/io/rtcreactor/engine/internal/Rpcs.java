package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RpcException;
import io.rtcreactor.engine.RpcInvocation;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.RpcAck;
import io.rtcreactor.engine.proto.RpcError;
import io.rtcreactor.engine.proto.RpcRequest;
import io.rtcreactor.engine.proto.RpcResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * LiveKit's RPC (version 1: {@code rpc_request}, {@code rpc_ack}, {@code rpc_response} data packets), both sides, as
 * LiveKit's JS client does it (client-sdk-js {@code src/room/rpc}: RpcServerManager, RpcClientManager).
 *
 * <p>Serving: a request is acknowledged at once; a version other than 1 is answered UNSUPPORTED_VERSION, a method
 * without a handler UNSUPPORTED_METHOD; the handler's value is the response (RESPONSE_PAYLOAD_TOO_LARGE above
 * 15 KiB), its {@link RpcException} is sent as it is, any other error as APPLICATION_ERROR. A handler that does
 * not answer within the caller's timeout is cancelled and nothing is sent: the caller times out, as with LiveKit.
 *
 * <p>Calling: a payload above 15 KiB fails at once (REQUEST_PAYLOAD_TOO_LARGE); without an ack within 7 s
 * ({@code maxRoundTripLatencyMs}) the call fails CONNECTION_TIMEOUT, without a response within the caller's timeout
 * RESPONSE_TIMEOUT; the request tells the destination at least 8 s. A destination that leaves fails its calls
 * RECIPIENT_DISCONNECTED. Cancelling the call's {@code Mono} forgets it.
 *
 * <p>Lane-confined but for {@link #register}/{@link #unregister}, which any thread may call: every other method runs
 * on the session's lane; timers run on {@code timers} and come back to it.
 */
final class Rpcs implements DataLane.RpcEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(Rpcs.class);

    static final int VERSION = 1;
    static final int MAX_PAYLOAD_BYTES = 15 * 1024;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(7);
    static final Duration MIN_SENT_TIMEOUT = Duration.ofSeconds(8);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final String name;
    private final Scheduler lane;
    private final Scheduler timers;
    private final Function<DataPacket.Builder, Mono<Void>> sendReliable;
    /** Written by the application from any thread, read on the lane. */
    private final Map<String, Function<RpcInvocation, Mono<String>>> handlers =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Call> calls = new HashMap<>();

    private static final class Call {
        final MonoSink<String> sink;
        final String destination;
        Disposable ackTimer;
        Disposable responseTimer;

        Call(MonoSink<String> sink, String destination) {
            this.sink = sink;
            this.destination = destination;
        }

        void stopTimers() {
            if (ackTimer != null) {
                ackTimer.dispose();
            }
            if (responseTimer != null) {
                responseTimer.dispose();
            }
        }
    }

    Rpcs(String name, Scheduler lane, Scheduler timers, Function<DataPacket.Builder, Mono<Void>> sendReliable) {
        this.name = name;
        this.lane = lane;
        this.timers = timers;
        this.sendReliable = sendReliable;
    }

    // ---- serving ----

    void register(String method, Function<RpcInvocation, Mono<String>> handler) {
        handlers.put(method, handler);
    }

    void unregister(String method) {
        handlers.remove(method);
    }

    @Override
    public void request(RpcRequest request, String caller, Consumer<DataPacket.Builder> replies) {
        replies.accept(DataPacket.newBuilder().addDestinationIdentities(caller)
                .setRpcAck(RpcAck.newBuilder().setRequestId(request.getId())));
        if (request.getVersion() != VERSION) {
            replies.accept(error(request, caller, RpcException.builtIn(RpcException.UNSUPPORTED_VERSION)));
            return;
        }
        Function<RpcInvocation, Mono<String>> handler = handlers.get(request.getMethod());
        if (handler == null) {
            replies.accept(error(request, caller, RpcException.builtIn(RpcException.UNSUPPORTED_METHOD)));
            return;
        }
        Duration timeout = request.getResponseTimeoutMs() > 0
                ? Duration.ofMillis(Integer.toUnsignedLong(request.getResponseTimeoutMs())) : DEFAULT_TIMEOUT;
        RpcInvocation invocation = new RpcInvocation(request.getId(), caller, request.getPayload(), timeout);
        Mono.defer(() -> handler.apply(invocation))
                // A handler that completes empty answers with an empty payload, as a JS handler returning "".
                .defaultIfEmpty("")
                .timeout(timeout, timers)
                .publishOn(lane)
                .subscribe(payload -> replies.accept(answer(request, caller, payload)),
                        failure -> {
                            if (failure instanceof TimeoutException) {
                                LOG.info("{}: RPC {} from {} not answered within {}; the caller times out", name,
                                        request.getMethod(), caller, timeout);
                                return;
                            }
                            replies.accept(error(request, caller, failure instanceof RpcException own ? own
                                    : RpcException.builtIn(RpcException.APPLICATION_ERROR)));
                        });
    }

    private static DataPacket.Builder answer(RpcRequest request, String caller, String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            return error(request, caller, RpcException.builtIn(RpcException.RESPONSE_PAYLOAD_TOO_LARGE));
        }
        return DataPacket.newBuilder().addDestinationIdentities(caller)
                .setRpcResponse(RpcResponse.newBuilder().setRequestId(request.getId()).setPayload(payload));
    }

    private static DataPacket.Builder error(RpcRequest request, String caller, RpcException e) {
        return DataPacket.newBuilder().addDestinationIdentities(caller).setRpcResponse(RpcResponse.newBuilder()
                .setRequestId(request.getId()).setError(RpcError.newBuilder().setCode(e.code())
                        .setMessage(e.getMessage()).setData(e.data())));
    }

    // ---- calling ----

    Mono<String> perform(String destination, String method, String payload, Duration timeout) {
        return Mono.<String>create(sink -> lane.schedule(() -> start(sink, destination, method, payload, timeout)));
    }

    private void start(MonoSink<String> sink, String destination, String method, String payload, Duration timeout) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            sink.error(RpcException.builtIn(RpcException.REQUEST_PAYLOAD_TOO_LARGE));
            return;
        }
        String id = Ids.uuid();
        Call call = new Call(sink, destination);
        calls.put(id, call);
        call.ackTimer = timers.schedule(() -> lane.schedule(() -> fail(id, RpcException.CONNECTION_TIMEOUT)),
                ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        call.responseTimer = timers.schedule(() -> lane.schedule(() -> fail(id, RpcException.RESPONSE_TIMEOUT)),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        sink.onCancel(() -> lane.schedule(() -> forget(id)));
        long sentTimeout = Math.max(timeout.toMillis(), MIN_SENT_TIMEOUT.toMillis());
        sendReliable.apply(DataPacket.newBuilder().addDestinationIdentities(destination)
                        .setRpcRequest(RpcRequest.newBuilder().setId(id).setMethod(method).setPayload(payload)
                                .setResponseTimeoutMs((int) Math.min(sentTimeout, Integer.MAX_VALUE))
                                .setVersion(VERSION)))
                .subscribe(null, error -> lane.schedule(() -> fail(id, RpcException.SEND_FAILED)));
    }

    @Override
    public void ack(RpcAck ack, String from) {
        Call call = calls.get(ack.getRequestId());
        if (call != null && call.ackTimer != null) {
            call.ackTimer.dispose();
            call.ackTimer = null;
        }
    }

    @Override
    public void response(RpcResponse response, String from) {
        Call call = calls.remove(response.getRequestId());
        if (call == null) {
            return;
        }
        call.stopTimers();
        if (response.hasError()) {
            RpcError e = response.getError();
            call.sink.error(new RpcException(e.getCode(), e.getMessage(), e.getData()));
        } else if (response.getValueCase() == RpcResponse.ValueCase.COMPRESSED_PAYLOAD) {
            call.sink.error(new RpcException(RpcException.APPLICATION_ERROR,
                    "compressed RPC responses are not supported by this version"));
        } else {
            call.sink.success(response.getPayload());
        }
    }

    /** {@code identity} left the room: its calls can no longer be answered. */
    void participantLeft(String identity) {
        for (String id : calls.entrySet().stream().filter(e -> e.getValue().destination.equals(identity))
                .map(Map.Entry::getKey).toList()) {
            fail(id, RpcException.RECIPIENT_DISCONNECTED);
        }
    }

    /** The session ended: every call fails as its destination can no longer answer. */
    void ended() {
        for (String id : java.util.List.copyOf(calls.keySet())) {
            fail(id, RpcException.RECIPIENT_DISCONNECTED);
        }
        handlers.clear();
    }

    private void fail(String id, int code) {
        Call call = calls.remove(id);
        if (call != null) {
            call.stopTimers();
            call.sink.error(RpcException.builtIn(code));
        }
    }

    private void forget(String id) {
        Call call = calls.remove(id);
        if (call != null) {
            call.stopTimers();
        }
    }
}
