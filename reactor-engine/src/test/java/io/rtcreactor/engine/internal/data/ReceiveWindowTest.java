package io.rtcreactor.engine.internal.data;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 11, receiving side: duplicates dropped by (sender, sequence), holes reported. */
class ReceiveWindowTest {

    @Test
    void inOrderPacketsPassAndDuplicatesOfTheSameSenderAreDropped() {
        ReceiveWindow window = new ReceiveWindow();
        assertThat(window.offer("PA_a", 1).accept()).isTrue();
        assertThat(window.offer("PA_a", 2).accept()).isTrue();
        assertThat(window.offer("PA_a", 2).accept()).as("a redelivery").isFalse();
        assertThat(window.offer("PA_a", 1).accept()).as("an older one").isFalse();
        assertThat(window.offer("PA_b", 1).accept()).as("another sender's numbering is its own").isTrue();
        assertThat(window.lastSequences()).containsEntry("PA_a", 2L).containsEntry("PA_b", 1L);
    }

    @Test
    void aHoleIsReportedWithItsRangeAndThePacketAfterItStillPasses() {
        ReceiveWindow window = new ReceiveWindow();
        window.offer("PA_a", 1);
        ReceiveWindow.Verdict verdict = window.offer("PA_a", 5);
        assertThat(verdict.accept()).isTrue();
        assertThat(verdict.hasGap()).isTrue();
        assertThat(verdict.gapFrom()).isEqualTo(2);
        assertThat(verdict.gapTo()).isEqualTo(4);
        assertThat(window.offer("PA_a", 3).accept()).as("a late packet of the hole is not taken after").isFalse();
    }

    @Test
    void theFirstPacketOfASenderIsNeverAHoleAndUnnumberedPacketsAlwaysPass() {
        ReceiveWindow window = new ReceiveWindow();
        assertThat(window.offer("PA_late", 40).hasGap()).as("we joined after its first packets").isFalse();
        assertThat(window.offer("PA_late", 0).accept()).isTrue();
        assertThat(window.offer("PA_late", 0).accept()).isTrue();
        assertThat(window.lastSequences()).containsEntry("PA_late", 40L);
    }
}
