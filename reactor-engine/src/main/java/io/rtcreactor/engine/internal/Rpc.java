package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.RpcAck;
import io.rtcreactor.engine.proto.RpcError;
import io.rtcreactor.engine.proto.RpcRequest;
import io.rtcreactor.engine.proto.RpcResponse;
import java.util.List;

/**
 * LiveKit's RPC refusal, for a {@link DataLane} without an RPC endpoint ({@link DataLane#NO_RPC}; sessions use
 * {@link Rpcs}): a request is acknowledged at once and then answered with an error, so that a caller fails at once
 * with LiveKit's "unsupported method" instead of waiting for its response timeout. LiveKit's JS client does the same
 * (client-sdk-js {@code RpcServerManager.handleIncomingRpcRequest} in {@code src/room/rpc/server}: ack first; a
 * version other than 1 is refused with UNSUPPORTED_VERSION, a method without a handler with UNSUPPORTED_METHOD;
 * codes and messages from {@code RpcError} in {@code src/room/rpc/utils.ts}).
 */
final class Rpc {

    /** The only RPC version LiveKit's SDKs speak. */
    static final int VERSION = 1;
    /** LiveKit's built-in error: no handler for the method at the destination. */
    static final int UNSUPPORTED_METHOD = 1400;
    /** LiveKit's built-in error: the request's version is not one the destination speaks. */
    static final int UNSUPPORTED_VERSION = 1404;

    private Rpc() {
    }

    /** The ack and the error response to {@code request} from {@code caller}, in the order they must go out. */
    static List<DataPacket.Builder> unsupported(RpcRequest request, String caller) {
        DataPacket.Builder ack = DataPacket.newBuilder().addDestinationIdentities(caller)
                .setRpcAck(RpcAck.newBuilder().setRequestId(request.getId()));
        RpcError error = request.getVersion() == VERSION
                ? RpcError.newBuilder().setCode(UNSUPPORTED_METHOD).setMessage("Method not supported at destination")
                        .build()
                : RpcError.newBuilder().setCode(UNSUPPORTED_VERSION).setMessage("Unsupported RPC version").build();
        DataPacket.Builder response = DataPacket.newBuilder().addDestinationIdentities(caller)
                .setRpcResponse(RpcResponse.newBuilder().setRequestId(request.getId()).setError(error));
        return List.of(ack, response);
    }
}
