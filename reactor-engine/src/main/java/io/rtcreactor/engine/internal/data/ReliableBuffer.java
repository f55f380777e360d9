package io.rtcreactor.engine.internal.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Our reliable packets, numbered 1, 2, 3… and kept until a resume tells what the server has seen
 * (DESIGN.md invariant 11: "outgoing reliable packets are sequence-numbered and kept until the server has seen
 * them; after a resume they are re-sent from {@code last_message_seq + 1}"). Bounded: beyond {@code capacity} the
 * oldest is forgotten, and a resume that needs it reports a gap. Not thread-safe: the session's lane owns it.
 */
public final class ReliableBuffer {

    /** A packet as sent: its sequence and its encoded DataPacket. */
    public record Sent(long sequence, byte[] packet) {
    }

    /** What a resume must re-send, and what it cannot. */
    public record Replay(List<Sent> resend, long missingFrom, long missingTo) {
        public boolean hasGap() {
            return missingFrom > 0 && missingTo >= missingFrom;
        }
    }

    private final int capacity;
    private final Deque<Sent> kept = new ArrayDeque<>();
    private long lastSequence;

    public ReliableBuffer(int capacity) {
        this.capacity = capacity;
    }

    /** The sequence the next packet gets. */
    public long nextSequence() {
        return lastSequence + 1;
    }

    /** Records a packet sent with {@link #nextSequence()}; returns its sequence. */
    public long sent(byte[] packet) {
        long sequence = ++lastSequence;
        kept.addLast(new Sent(sequence, packet));
        while (kept.size() > capacity) {
            kept.removeFirst();
        }
        return sequence;
    }

    /**
     * The server saw everything up to {@code lastSeen}: forget those, return the rest to re-send in order, and
     * the range that was needed but already forgotten.
     */
    public Replay acknowledge(long lastSeen) {
        while (!kept.isEmpty() && kept.peekFirst().sequence() <= lastSeen) {
            kept.removeFirst();
        }
        long firstKept = kept.isEmpty() ? lastSequence + 1 : kept.peekFirst().sequence();
        long from = lastSeen + 1;
        long to = Math.min(firstKept - 1, lastSequence);
        return new Replay(new ArrayList<>(kept), to >= from ? from : 0, to >= from ? to : 0);
    }

    public long lastSequence() {
        return lastSequence;
    }

    public int size() {
        return kept.size();
    }
}
