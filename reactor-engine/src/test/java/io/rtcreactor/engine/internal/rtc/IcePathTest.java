package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IcePathTest {

    @Test
    void theSelectedPairOnTheCurrentCredentialsMeansConnected() {
        assertThat(new IcePath("new1", "succeeded", Set.of()).connectedOn("new1")).isTrue();
        assertThat(new IcePath("new1", "in-progress", Set.of()).connectedOn("new1")).isFalse();
    }

    @Test
    void theOldPathStillSelectedIsNotConnectedOnTheNewCredentials() {
        assertThat(new IcePath("old0", "succeeded", Set.of("old0")).connectedOn("new1")).isFalse();
    }

    @Test
    void aNominatedPairOfTheNewGenerationCountsWhileAnIdleTransportKeepsTheOldPairSelected() {
        // libwebrtc's controlled side switches its selected pair only once data arrives on the new one.
        assertThat(new IcePath("old0", "succeeded", Set.of("old0", "new1")).connectedOn("new1")).isTrue();
    }

    @Test
    void statsThatDoNotNameTheGenerationProveNothing() {
        // A succeeded pair without a ufrag may be the old path: missing evidence never counts as connected.
        assertThat(new IcePath("", "succeeded", Set.of()).connectedOn("new1")).isFalse();
        assertThat(IcePath.NONE.connectedOn("new1")).isFalse();
        assertThat(new IcePath("new1", "succeeded", Set.of("new1")).connectedOn("")).isFalse();
    }

    /** A report as libwebrtc gives it after an ICE restart: the old pair still selected, a new pair beside it. */
    private static RTCStatsReport restarted(String newPairState, boolean nominated, long packetsReceived) {
        Map<String, RTCStats> stats = new HashMap<>();
        put(stats, RTCStatsType.TRANSPORT, "T", Map.of("selectedCandidatePairId", "P-old"));
        put(stats, RTCStatsType.LOCAL_CANDIDATE, "L-old", Map.of("usernameFragment", "old0"));
        put(stats, RTCStatsType.LOCAL_CANDIDATE, "L-new", Map.of("usernameFragment", "new1"));
        put(stats, RTCStatsType.CANDIDATE_PAIR, "P-old", Map.of("state", "succeeded", "localCandidateId", "L-old",
                "nominated", true, "packetsReceived", 5000L));
        put(stats, RTCStatsType.CANDIDATE_PAIR, "P-new", Map.of("state", newPairState, "localCandidateId", "L-new",
                "nominated", nominated, "packetsReceived", packetsReceived));
        return new RTCStatsReport(stats, 0) { };
    }

    private static void put(Map<String, RTCStats> stats, RTCStatsType type, String id, Map<String, Object> values) {
        stats.put(id, new RTCStats(0, type, id, values) { });
    }

    @Test
    void theSelectedPairsCheckCountersAreRead() {
        Map<String, RTCStats> stats = new HashMap<>();
        put(stats, RTCStatsType.TRANSPORT, "T", Map.of("selectedCandidatePairId", "P-sel"));
        put(stats, RTCStatsType.LOCAL_CANDIDATE, "L", Map.of("usernameFragment", "u1"));
        // libwebrtc's counters arrive as unsigned 64-bit values: any Number will do.
        put(stats, RTCStatsType.CANDIDATE_PAIR, "P-sel", Map.of("state", "in-progress", "localCandidateId", "L",
                "requestsSent", java.math.BigInteger.valueOf(86), "responsesReceived", 4L));
        put(stats, RTCStatsType.CANDIDATE_PAIR, "P-other", Map.of("state", "waiting", "localCandidateId", "L",
                "requestsSent", 9L, "responsesReceived", 9L));
        IcePath path = IcePath.from(new RTCStatsReport(stats, 0) { });
        assertThat(path.checks()).isEqualTo(new IcePath.Checks("P-sel", 86, 4));
        assertThat(IcePath.NONE.checks()).isEqualTo(IcePath.Checks.NONE);
    }

    @Test
    void aNewPairThatSucceededAndReceivedPayloadCountsBeforeTheControlledSideMovesItsSelection() {
        IcePath path = IcePath.from(restarted("succeeded", false, 12));
        assertThat(path.localUfrag()).as("the old pair is still selected").isEqualTo("old0");
        assertThat(path.connectedOn("new1")).isTrue();
    }

    @Test
    void aNewPairThatSucceededAndWasNominatedCountsWithoutPayload() {
        assertThat(IcePath.from(restarted("succeeded", true, 0)).connectedOn("new1")).isTrue();
    }

    @Test
    void checksAloneProveNothing() {
        // Succeeded but neither nominated nor carrying payload: the remote side may still send on the old path.
        assertThat(IcePath.from(restarted("succeeded", false, 0)).connectedOn("new1")).isFalse();
        // Payload on a pair whose checks have not succeeded is not a working path either.
        assertThat(IcePath.from(restarted("in-progress", false, 12)).connectedOn("new1")).isFalse();
        assertThat(IcePath.from(restarted("in-progress", true, 12)).connectedOn("new1")).isFalse();
    }
}
