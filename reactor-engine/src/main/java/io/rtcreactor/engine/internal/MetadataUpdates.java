package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.UpdateRefusedException;
import io.rtcreactor.engine.proto.RequestResponse;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.UpdateParticipantMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.MonoSink;

/**
 * Our name, metadata and attribute updates, each waiting for the server's answer. LiveKit answers every update
 * with a {@code request_response} carrying its {@code request_id}: an error reason when it refuses
 * ({@code ParticipantImpl.UpdateMetadata}, pkg/rtc/participant.go), OK otherwise (sent to protocol 15 and later;
 * we speak 16). Lane-confined.
 */
final class MetadataUpdates {

    private final Map<Integer, MonoSink<Void>> pending = new HashMap<>();
    private int lastId;

    /** The request to send for {@code update}; {@code done} completes when the server answers it. */
    SignalRequest request(UpdateParticipantMetadata.Builder update, MonoSink<Void> done) {
        int id = ++lastId;
        pending.put(id, done);
        done.onDispose(() -> pending.remove(id));
        return SignalRequest.newBuilder().setUpdateMetadata(update.setRequestId(id)).build();
    }

    /** The server's answer to one of our updates (other answers are ignored). */
    void answered(RequestResponse response) {
        MonoSink<Void> done = pending.remove(response.getRequestId());
        if (done == null) {
            return;
        }
        if (response.getReason() == RequestResponse.Reason.OK) {
            done.success();
        } else {
            done.error(new UpdateRefusedException(response.getReason().name(), response.getMessage()));
        }
    }

    /** The session ended: nothing will be answered. */
    void failAll(Throwable why) {
        List<MonoSink<Void>> all = List.copyOf(pending.values());
        pending.clear();
        all.forEach(sink -> sink.error(why));
    }
}
