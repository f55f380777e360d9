package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.Diagnostics;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class FlightRecorderTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final FlightRecorder recorder = new FlightRecorder("s1", 3, now::get);

    @Test
    void keepsTheLastEntriesOldestFirstWithTypesIdsAndEpochsButNeverAnSdp() {
        recorder.received(1, SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer")
                .setSdp("v=0 secret-looking-sdp").setId(7)).build());
        now.addAndGet(5);
        recorder.sent(1, SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer")
                .setSdp("v=0 secret-looking-sdp").setId(7)).build());
        recorder.received(1, SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setAction(LeaveRequest.Action.RESUME).setReason(DisconnectReason.MIGRATION)).build());
        recorder.state("RESUMING");
        Diagnostics diagnostics = recorder.snapshot();
        assertThat(diagnostics.session()).isEqualTo("s1");
        assertThat(diagnostics.entries()).extracting(Diagnostics.Entry::what)
                .containsExactly("answer", "leave", "RESUMING");
        assertThat(diagnostics.entries().get(0).offerId()).isEqualTo(7);
        assertThat(diagnostics.entries().get(0).kind()).isEqualTo(Diagnostics.Kind.SIGNAL_OUT);
        assertThat(diagnostics.entries().get(0).at().toEpochMilli()).isEqualTo(1_005);
        assertThat(diagnostics.entries().get(1).detail()).isEqualTo("RESUME MIGRATION");
        assertThat(diagnostics.toString()).doesNotContain("secret-looking-sdp")
                .contains("-> answer #1 offer 7").contains("<- leave #1 RESUME MIGRATION").contains("== RESUMING");
    }
}
