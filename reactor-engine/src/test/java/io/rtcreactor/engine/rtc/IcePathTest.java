package io.rtcreactor.engine.rtc;

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
}
