package io.rtcreactor.engine.internal.data;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 11, sending side: numbered from 1, kept until the server has seen them, re-sent in order. */
class ReliableBufferTest {

    private static byte[] packet(int n) {
        return ("p" + n).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void packetsAreNumberedFromOneInOrder() {
        ReliableBuffer buffer = new ReliableBuffer(10);
        assertThat(buffer.nextSequence()).isEqualTo(1);
        assertThat(buffer.sent(packet(1))).isEqualTo(1);
        assertThat(buffer.sent(packet(2))).isEqualTo(2);
        assertThat(buffer.lastSequence()).isEqualTo(2);
        assertThat(buffer.size()).isEqualTo(2);
    }

    @Test
    void aResumeResendsEverythingAboveWhatTheServerSawInOrder() {
        ReliableBuffer buffer = new ReliableBuffer(10);
        for (int i = 1; i <= 5; i++) {
            buffer.sent(packet(i));
        }
        ReliableBuffer.Replay replay = buffer.acknowledge(3);
        assertThat(replay.hasGap()).isFalse();
        assertThat(replay.resend()).extracting(ReliableBuffer.Sent::sequence).containsExactly(4L, 5L);
        assertThat(new String(replay.resend().get(0).packet(), StandardCharsets.UTF_8)).isEqualTo("p4");
        // What the server saw is forgotten; a second resume acknowledging the same resends the same.
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(buffer.acknowledge(3).resend()).extracting(ReliableBuffer.Sent::sequence).containsExactly(4L, 5L);
    }

    @Test
    void aServerThatSawEverythingGetsNothingAgain() {
        ReliableBuffer buffer = new ReliableBuffer(10);
        buffer.sent(packet(1));
        buffer.sent(packet(2));
        ReliableBuffer.Replay replay = buffer.acknowledge(2);
        assertThat(replay.resend()).isEmpty();
        assertThat(replay.hasGap()).isFalse();
        assertThat(buffer.size()).isZero();
    }

    @Test
    void whatTheBufferNoLongerHoldsIsAGapNamedByItsRange() {
        ReliableBuffer buffer = new ReliableBuffer(2);
        for (int i = 1; i <= 7; i++) {
            buffer.sent(packet(i));
        }
        ReliableBuffer.Replay replay = buffer.acknowledge(2);
        assertThat(replay.hasGap()).isTrue();
        assertThat(replay.missingFrom()).isEqualTo(3);
        assertThat(replay.missingTo()).isEqualTo(5);
        assertThat(replay.resend()).extracting(ReliableBuffer.Sent::sequence).containsExactly(6L, 7L);
    }

    @Test
    void aServerThatSawNothingNeedsEverythingFromOne() {
        ReliableBuffer buffer = new ReliableBuffer(3);
        for (int i = 1; i <= 4; i++) {
            buffer.sent(packet(i));
        }
        ReliableBuffer.Replay replay = buffer.acknowledge(0);
        assertThat(replay.missingFrom()).isEqualTo(1);
        assertThat(replay.missingTo()).isEqualTo(1);
        assertThat(replay.resend()).extracting(ReliableBuffer.Sent::sequence).containsExactly(2L, 3L, 4L);
    }
}
