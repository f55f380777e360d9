package io.rtcreactor.engine.proto;

import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case of the current protocol's envelopes (livekit/protocol 1.50: requests 1–23, responses 1–31). */
class ProtocolCoverageTest {

    @Test
    void signalRequestHasEveryCase() {
        // 9 was never used upstream.
        assertThat(caseNumbers(SignalRequest.getDescriptor().getRealOneofs().get(0).getFields()))
                .isEqualTo(IntStream.rangeClosed(1, 23).filter(n -> n != 9).boxed().toList());
        assertThat(SignalRequest.getDescriptor().findFieldByNumber(12).getName()).isEqualTo("sync_state");
        assertThat(SignalRequest.getDescriptor().findFieldByNumber(16).getName()).isEqualTo("ping_req");
    }

    @Test
    void signalResponseHasEveryCase() {
        // 7 was never used upstream.
        assertThat(caseNumbers(SignalResponse.getDescriptor().getRealOneofs().get(0).getFields()))
                .isEqualTo(IntStream.rangeClosed(1, 31).filter(n -> n != 7).boxed().toList());
        assertThat(SignalResponse.getDescriptor().findFieldByNumber(19).getName()).isEqualTo("reconnect");
        assertThat(SignalResponse.getDescriptor().findFieldByNumber(20).getName()).isEqualTo("pong_resp");
    }

    @Test
    void theEnumsTheEngineActsOnHaveUpstreamValues() {
        assertThat(LeaveRequest.Action.RESUME.getNumber()).isEqualTo(1);
        assertThat(LeaveRequest.Action.RECONNECT.getNumber()).isEqualTo(2);
        assertThat(DisconnectReason.MIGRATION.getNumber()).isEqualTo(8);
        assertThat(DisconnectReason.STATE_MISMATCH.getNumber()).isEqualTo(6);
        assertThat(DisconnectReason.CONNECTION_TIMEOUT.getNumber()).isEqualTo(14);
        assertThat(SignalTarget.SUBSCRIBER.getNumber()).isEqualTo(1);
        assertThat(ReconnectReason.RR_SIGNAL_DISCONNECTED.getNumber()).isEqualTo(1);
    }

    private static List<Integer> caseNumbers(List<FieldDescriptor> fields) {
        return fields.stream().map(FieldDescriptor::getNumber).sorted().toList();
    }
}
