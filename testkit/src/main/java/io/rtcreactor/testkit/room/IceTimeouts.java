package io.rtcreactor.testkit.room;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When LiveKit's server gives up on a participant's peer connections: its pion transports are configured with
 * {@code SetICETimeouts(iceDisconnectedTimeout = 10 s, iceFailedTimeout = 5 s, …)} ({@code pkg/rtc/transport.go}),
 * so a transport that hears nothing from the client for 10 s is disconnected and 5 s later failed: 15 s after the
 * last packet ({@code iceFailedTimeoutTotal}). The testkit's own peer connections are libwebrtc's, whose timers
 * fail later (16–17 s measured); this clock follows LiveKit's instead, from the packets the media relay saw arrive
 * from each participant (STUN included: any packet keeps ICE alive).
 *
 * <p>Pure bookkeeping, fed by the caller with packet counts and the time: no clock, no scheduler of its own.
 */
final class IceTimeouts {

    /** LiveKit's {@code iceFailedTimeoutTotal}: 10 s disconnected + 5 s failed. */
    static final Duration FAILED_AFTER = Duration.ofSeconds(15);

    private record Activity(long packets, Instant since, boolean reported) {
    }

    private final Map<String, Activity> bySid = new HashMap<>();

    /**
     * One look: {@code packets} is, per participant sid being watched, how many packets arrived from it so far.
     * Returns the sids that have just gone {@link #FAILED_AFTER} without a packet, each once until packets arrive
     * again. Sids no longer watched are forgotten.
     */
    List<String> look(Map<String, Long> packets, Instant now) {
        bySid.keySet().retainAll(packets.keySet());
        List<String> failed = new ArrayList<>();
        packets.forEach((sid, count) -> {
            Activity before = bySid.get(sid);
            if (before == null || before.packets() != count) {
                bySid.put(sid, new Activity(count, now, false));
            } else if (!before.reported() && !now.isBefore(before.since().plus(FAILED_AFTER))) {
                bySid.put(sid, new Activity(count, before.since(), true));
                failed.add(sid);
            }
        });
        return failed;
    }
}
