package io.rtcreactor.engine.internal.rtc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class MsidTest {

    private static final String SDP = String.join("\r\n",
            "v=0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:0",
            "a=sendonly",
            "a=msid:PA_a|TR_one TR_one",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=mid:1",
            "a=inactive",
            "m=audio 0 UDP/TLS/RTP/SAVPF 111",
            "a=mid:2",
            "a=sendonly",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111",
            "a=msid:PA_a|TR_four TR_four",
            "a=mid:3",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
            "a=mid:4",
            "a=recvonly ",
            "");

    @Test
    void readsTheStreamIdOfASection() {
        assertThat(Msid.streamId(SDP, "0")).isEqualTo("PA_a|TR_one");
        assertThat(Msid.streamId(SDP, "3")).isEqualTo("PA_a|TR_four");
        assertThat(Msid.streamId(SDP, "1")).isEmpty();
        assertThat(Msid.streamId(SDP, "9")).isEmpty();
    }

    @Test
    void aSectionSendsUnlessItsDirectionSaysOtherwiseOrItIsRejected() {
        assertThat(Msid.sends(SDP, "0")).as("sendonly").isTrue();
        assertThat(Msid.sends(SDP, "1")).as("inactive").isFalse();
        assertThat(Msid.sends(SDP, "2")).as("port 0: rejected").isFalse();
        assertThat(Msid.sends(SDP, "3")).as("no direction: sendrecv").isTrue();
        assertThat(Msid.sends(SDP, "4")).as("recvonly, last section, trailing space").isFalse();
        assertThat(Msid.sends(SDP, "9")).as("no such section").isFalse();
        assertThat(Msid.sends(SDP, null)).isFalse();
    }
}
