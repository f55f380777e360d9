package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.RpcAck;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * RPC version 2 (client-sdk-js {@code RpcClientManager.publishRpcRequest}, {@code RpcServerManager}): a request is a
 * text stream on {@code lk.rpc_request} whose attributes carry its id, method, timeout and version 2; a successful
 * answer is a text stream on {@code lk.rpc_response} naming the request; acks and errors stay
 * {@code rpc_ack} / {@code rpc_response} packets. No payload limit. Used toward participants whose
 * {@code client_protocol} is at least 1 (CLIENT_PROTOCOL_DATA_STREAM_RPC), which this engine announces too.
 */
final class RpcStreams {

    private static final Logger LOG = LoggerFactory.getLogger(RpcStreams.class);

    /** {@code client_protocol} CLIENT_PROTOCOL_DATA_STREAM_RPC: RPC over text streams understood. */
    static final int CLIENT_PROTOCOL = 1;
    static final int VERSION = 2;
    static final String REQUEST_TOPIC = "lk.rpc_request";
    static final String RESPONSE_TOPIC = "lk.rpc_response";
    static final String ID = "lk.rpc_request_id";
    static final String METHOD = "lk.rpc_request_method";
    static final String TIMEOUT_MS = "lk.rpc_request_response_timeout_ms";
    static final String VERSION_ATTRIBUTE = "lk.rpc_request_version";

    /** What a request stream's attributes say. */
    record Request(String id, String method, int timeoutMs, int version) {
    }

    private final String name;
    private final BiFunction<String, StreamOptions, Mono<StreamInfo>> sendText;
    private final ToIntFunction<String> clientProtocol;

    RpcStreams(String name, BiFunction<String, StreamOptions, Mono<StreamInfo>> sendText,
               ToIntFunction<String> clientProtocol) {
        this.name = name;
        this.sendText = sendText;
        this.clientProtocol = clientProtocol;
    }

    /** Whether {@code identity} reads RPC requests and responses as text streams. Lane only. */
    boolean reads(String identity) {
        return clientProtocol.applyAsInt(identity) >= CLIENT_PROTOCOL;
    }

    /** Sends a request as a text stream; completes once sent. */
    Mono<StreamInfo> call(String id, String destination, String method, String payload, int timeoutMs) {
        return sendText.apply(payload, StreamOptions.topic(REQUEST_TOPIC).withDestinations(List.of(destination))
                .withAttributes(Map.of(ID, id, METHOD, method, TIMEOUT_MS, Integer.toString(timeoutMs),
                        VERSION_ATTRIBUTE, Integer.toString(VERSION))));
    }

    /** Sends a successful answer as a text stream (fire and forget: a lost answer is the caller's timeout). */
    void respond(String id, String caller, String payload) {
        sendText.apply(payload, StreamOptions.topic(RESPONSE_TOPIC).withDestinations(List.of(caller))
                        .withAttributes(Map.of(ID, id)))
                .subscribe(null, e -> LOG.debug("{}: RPC response {} not sent: {}", name, id, e.toString()));
    }

    /** The request a stream's attributes describe, or null if one of them is missing or not a number. */
    static Request request(StreamInfo info) {
        Map<String, String> attributes = info.attributes();
        String id = attributes.get(ID);
        String method = attributes.get(METHOD);
        try {
            if (id == null || id.isEmpty() || method == null || method.isEmpty()) {
                return null;
            }
            return new Request(id, method, Integer.parseInt(attributes.getOrDefault(TIMEOUT_MS, "")),
                    Integer.parseInt(attributes.getOrDefault(VERSION_ATTRIBUTE, "")));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static DataPacket.Builder ack(String id, String caller) {
        return DataPacket.newBuilder().addDestinationIdentities(caller)
                .setRpcAck(RpcAck.newBuilder().setRequestId(id));
    }
}
