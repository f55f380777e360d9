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
 * LiveKit's RPC, both sides, as LiveKit's JS client does it (client-sdk-js {@code src/room/rpc}: RpcServerManager,
 * RpcClientManager): version 1 ({@code rpc_request}, {@code rpc_ack}, {@code rpc_response} data packets), and version
 * 2 toward participants that announced {@code client_protocol} ≥ 1, where requests and successful answers are text
 * streams ({@link RpcStreams}) without the 15 KiB limit.
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
    private final RpcStreams streams;
    private io.rtcreactor.engine.metrics.EngineMetrics metrics = io.rtcreactor.engine.metrics.EngineMetrics.NONE;

    /** Where each call's outcome is counted; set once by the session before any call. */
    void metrics(io.rtcreactor.engine.metrics.EngineMetrics value) {
        this.metrics = value;
    }

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
        this(name, lane, timers, sendReliable, (text, options) -> Mono.error(new IllegalStateException(
                "no text streams here")), identity -> 0);
    }

    /**
     * With {@code sendText} (a whole text stream) and {@code clientProtocol} (a participant's announced
     * {@code client_protocol}, read on the lane), calls and responses go as text streams to participants that
     * announced {@link RpcStreams#CLIENT_PROTOCOL} or more (RPC version 2), as LiveKit's clients do.
     */
    Rpcs(String name, Scheduler lane, Scheduler timers, Function<DataPacket.Builder, Mono<Void>> sendReliable,
         java.util.function.BiFunction<String, io.rtcreactor.engine.stream.StreamOptions,
                 Mono<io.rtcreactor.engine.stream.StreamInfo>> sendText,
         java.util.function.ToIntFunction<String> clientProtocol) {
        this.name = name;
        this.lane = lane;
        this.timers = timers;
        this.sendReliable = sendReliable;
        this.streams = new RpcStreams(name, sendText, clientProtocol);
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
        replies.accept(RpcStreams.ack(request.getId(), caller));
        if (request.getVersion() != VERSION) {
            replies.accept(error(request.getId(), caller, RpcException.builtIn(RpcException.UNSUPPORTED_VERSION)));
            return;
        }
        serve(request.getId(), request.getMethod(), request.getPayload(), request.getResponseTimeoutMs(), caller,
                replies);
    }

    /**
     * A version-2 request: a text stream on {@code lk.rpc_request} whose attributes carry the id, method, timeout
     * and version (client-sdk-js RpcServerManager.handleIncomingDataStream). Any thread.
     */
    void requestStream(io.rtcreactor.engine.stream.TextStream stream) {
        lane.schedule(() -> {
            Consumer<DataPacket.Builder> replies = packet -> sendReliable.apply(packet)
                    .subscribe(null, e -> LOG.debug("{}: RPC reply not sent: {}", name, e.toString()));
            RpcStreams.Request request = RpcStreams.request(stream.info());
            String caller = stream.info().senderIdentity();
            if (request == null) {
                replies.accept(error(stream.info().attributes().getOrDefault(RpcStreams.ID, ""), caller,
                        new RpcException(RpcException.APPLICATION_ERROR, "RPC data stream malformed", "")));
                return;
            }
            replies.accept(RpcStreams.ack(request.id(), caller));
            if (request.version() != RpcStreams.VERSION) {
                replies.accept(error(request.id(), caller, RpcException.builtIn(RpcException.UNSUPPORTED_VERSION)));
                return;
            }
            stream.readAll().publishOn(lane).subscribe(
                    payload -> serve(request.id(), request.method(), payload, request.timeoutMs(), caller, replies),
                    failure -> replies.accept(error(request.id(), caller, new RpcException(
                            RpcException.APPLICATION_ERROR, "Error reading RPC request payload", ""))));
        });
    }

    /** Runs the handler of {@code method} and sends its answer; lane only. */
    private void serve(String id, String method, String payload, int timeoutMs, String caller,
                       Consumer<DataPacket.Builder> replies) {
        Function<RpcInvocation, Mono<String>> handler = handlers.get(method);
        if (handler == null) {
            replies.accept(error(id, caller, RpcException.builtIn(RpcException.UNSUPPORTED_METHOD)));
            return;
        }
        Duration timeout = timeoutMs != 0 ? Duration.ofMillis(Integer.toUnsignedLong(timeoutMs)) : DEFAULT_TIMEOUT;
        RpcInvocation invocation = new RpcInvocation(id, caller, payload, timeout);
        Mono.defer(() -> handler.apply(invocation))
                // A handler that completes empty answers with an empty payload, as a JS handler returning "".
                .defaultIfEmpty("")
                .timeout(timeout, timers)
                .publishOn(lane)
                .subscribe(answer -> respond(id, caller, answer, replies),
                        failure -> {
                            if (failure instanceof TimeoutException) {
                                metrics.rpc(true, "timeout");
                                LOG.info("{}: RPC {} from {} not answered within {}; the caller times out", name,
                                        method, caller, timeout);
                                return;
                            }
                            RpcException sent = failure instanceof RpcException own ? own
                                    : RpcException.builtIn(RpcException.APPLICATION_ERROR);
                            metrics.rpc(true, Integer.toString(sent.code()));
                            replies.accept(error(id, caller, sent));
                        });
    }

    /**
     * The answer: as a text stream to a caller that reads them (whatever its request's version, as LiveKit's
     * publishRpcResponse decides), else as an {@code rpc_response} packet of at most 15 KiB.
     */
    private void respond(String id, String caller, String payload, Consumer<DataPacket.Builder> replies) {
        metrics.rpc(true, "ok");
        if (streams.reads(caller)) {
            streams.respond(id, caller, payload);
        } else if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            replies.accept(error(id, caller, RpcException.builtIn(RpcException.RESPONSE_PAYLOAD_TOO_LARGE)));
        } else {
            replies.accept(DataPacket.newBuilder().addDestinationIdentities(caller)
                    .setRpcResponse(RpcResponse.newBuilder().setRequestId(id).setPayload(payload)));
        }
    }

    private static DataPacket.Builder error(String id, String caller, RpcException e) {
        return DataPacket.newBuilder().addDestinationIdentities(caller).setRpcResponse(RpcResponse.newBuilder()
                .setRequestId(id).setError(RpcError.newBuilder().setCode(e.code())
                        .setMessage(e.getMessage()).setData(e.data())));
    }

    // ---- calling ----

    Mono<String> perform(String destination, String method, String payload, Duration timeout) {
        return Mono.<String>create(sink -> lane.schedule(() -> start(sink, destination, method, payload, timeout)));
    }

    private void start(MonoSink<String> sink, String destination, String method, String payload, Duration timeout) {
        boolean overStream = streams.reads(destination);
        if (!overStream && payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
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
        int sentTimeout = (int) Math.min(Math.max(timeout.toMillis(), MIN_SENT_TIMEOUT.toMillis()), Integer.MAX_VALUE);
        Mono<?> sent = overStream ? streams.call(id, destination, method, payload, sentTimeout)
                : sendReliable.apply(DataPacket.newBuilder().addDestinationIdentities(destination)
                        .setRpcRequest(RpcRequest.newBuilder().setId(id).setMethod(method).setPayload(payload)
                                .setResponseTimeoutMs(sentTimeout).setVersion(VERSION)));
        sent.subscribe(null, error -> lane.schedule(() -> fail(id, RpcException.SEND_FAILED)));
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
            metrics.rpc(false, Integer.toString(e.getCode()));
            call.sink.error(new RpcException(e.getCode(), e.getMessage(), e.getData()));
        } else if (response.getValueCase() == RpcResponse.ValueCase.COMPRESSED_PAYLOAD) {
            call.sink.error(new RpcException(RpcException.APPLICATION_ERROR,
                    "compressed RPC responses are not supported by this version"));
        } else {
            metrics.rpc(false, "ok");
            call.sink.success(response.getPayload());
        }
    }

    /** A version-2 response: a text stream on {@code lk.rpc_response} naming its request. Any thread. */
    void responseStream(io.rtcreactor.engine.stream.TextStream stream) {
        String id = stream.info().attributes().get(RpcStreams.ID);
        String from = stream.info().senderIdentity();
        lane.schedule(() -> {
            Call call = id == null ? null : calls.get(id);
            if (call == null || !call.destination.equals(from)) {
                LOG.debug("{}: RPC response stream for {} from {} matches no call of ours", name, id, from);
                return;
            }
            stream.readAll().publishOn(lane).subscribe(payload -> {
                Call answered = calls.remove(id);
                if (answered != null) {
                    answered.stopTimers();
                    metrics.rpc(false, "ok");
                    answered.sink.success(payload);
                }
            }, failure -> {
                Call broken = calls.remove(id);
                if (broken != null) {
                    broken.stopTimers();
                    broken.sink.error(new RpcException(RpcException.APPLICATION_ERROR,
                            "Error reading RPC response payload", ""));
                }
            });
        });
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
            metrics.rpc(false, Integer.toString(code));
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
