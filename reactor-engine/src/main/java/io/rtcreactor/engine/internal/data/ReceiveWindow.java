package io.rtcreactor.engine.internal.data;

import java.util.HashMap;
import java.util.Map;

/**
 * Receive-side de-duplication of reliable packets by (sender sid, sequence) (invariant 11: "incoming duplicates
 * are dropped by (sender, sequence)"), and detection of holes in a sender's sequence. Packets without a sequence
 * (0) always pass. Not thread-safe: the session's lane owns it.
 */
public final class ReceiveWindow {

    /** The verdict on one packet. {@code gapFrom..gapTo} is non-empty when packets before it never arrived. */
    public record Verdict(boolean accept, long gapFrom, long gapTo) {
        public boolean hasGap() {
            return gapFrom > 0 && gapTo >= gapFrom;
        }
    }

    private final Map<String, Long> lastBySender = new HashMap<>();

    public Verdict offer(String senderSid, long sequence) {
        if (sequence <= 0) {
            return new Verdict(true, 0, 0);
        }
        Long last = lastBySender.get(senderSid);
        if (last != null && sequence <= last) {
            return new Verdict(false, 0, 0);
        }
        lastBySender.put(senderSid, sequence);
        if (last != null && sequence > last + 1) {
            return new Verdict(true, last + 1, sequence - 1);
        }
        return new Verdict(true, 0, 0);
    }

    /** The last sequence accepted per sender (reported in SyncState's {@code datachannel_receive_states}). */
    public Map<String, Long> lastSequences() {
        return Map.copyOf(lastBySender);
    }
}
