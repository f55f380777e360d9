package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a transport's ICE stands, read from its stats: the candidate pair it uses now, and the ICE generations
 * (local ufrags) on which a pair is proven to work.
 *
 * <p>Both matter after an ICE restart. The old path can still say "connected" for seconds, so the selected pair
 * tells whether the transport already runs on the new credentials. But libwebrtc's controlled side (our
 * subscriber) moves its selected pair late: once the controlling side's nomination arrives with one of its paced
 * checks, or once data arrives on the new pair. So a pair of the new generation also counts when it
 * <b>succeeded</b> (its connectivity checks were answered: it works both ways) and either
 * <ul>
 *   <li>was <b>nominated</b>: an idle transport (a subscriber with nothing to receive but quiet data channels)
 *       keeps the old pair selected while the new one is checked and nominated; or</li>
 *   <li>has <b>received payload</b>: the remote side sends its media or data over it, so its own selected pair is
 *       on the new generation. libwebrtc counts only non-STUN packets as received on a pair
 *       ({@code Connection::OnReadPacket}), so connectivity checks alone never count.</li>
 * </ul>
 *
 * <p>The selected pair's connectivity-check counters tell, in steady state, whether the path is still alive
 * ({@code PathSilence}): libwebrtc keeps checking the pair it uses, and a live remote end answers every check.
 *
 * @param localUfrag   the ICE username fragment of the selected pair's local candidate (changes with every ICE
 *                     restart), or empty if the stats do not tell
 * @param state        the selected pair's state ({@code succeeded} once it carries traffic), or empty
 * @param workingUfrags the local ufrags of every pair that succeeded and was nominated or received payload
 * @param checks       the selected pair's connectivity checks, or {@link Checks#NONE}
 */
public record IcePath(String localUfrag, String state, Set<String> workingUfrags, Checks checks) {

    /** No pair selected yet. */
    public static final IcePath NONE = new IcePath("", "", Set.of());

    /**
     * The connectivity checks sent on one candidate pair and the answers received ({@code requestsSent} and
     * {@code responsesReceived} of its {@code candidate-pair} stats).
     *
     * @param pairId   the pair's stats id, empty if no pair is selected
     */
    public record Checks(String pairId, long sent, long answered) {
        public static final Checks NONE = new Checks("", 0, 0);
    }

    public IcePath {
        workingUfrags = Set.copyOf(workingUfrags);
        checks = checks == null ? Checks.NONE : checks;
    }

    /** Without check counters (fakes, and stats that do not select a pair). */
    public IcePath(String localUfrag, String state, Set<String> workingUfrags) {
        this(localUfrag, state, workingUfrags, Checks.NONE);
    }

    public boolean selected() {
        return !state.isEmpty();
    }

    /**
     * True if the transport is connected on the ICE generation whose local ufrag is {@code ufrag}. Missing evidence
     * never counts: stats that do not name the selected pair's ufrag prove nothing about which generation it is on.
     */
    public boolean connectedOn(String ufrag) {
        if (ufrag == null || ufrag.isEmpty()) {
            return false;
        }
        boolean selectedOnIt = selected() && "succeeded".equals(state) && localUfrag.equals(ufrag);
        return selectedOnIt || workingUfrags.contains(ufrag);
    }

    static IcePath from(RTCStatsReport report) {
        Map<String, RTCStats> stats = report.getStats();
        Set<String> working = new HashSet<>();
        for (RTCStats pair : stats.values()) {
            Map<String, Object> a = pair.getAttributes();
            if (pair.getType() == RTCStatsType.CANDIDATE_PAIR && "succeeded".equals(String.valueOf(a.get("state")))
                    && (Boolean.TRUE.equals(a.get("nominated")) || positive(a.get("packetsReceived")))) {
                String ufrag = localUfrag(stats, pair);
                if (ufrag != null) {
                    working.add(ufrag);
                }
            }
        }
        for (RTCStats transport : stats.values()) {
            if (transport.getType() != RTCStatsType.TRANSPORT) {
                continue;
            }
            Object pairId = transport.getAttributes().get("selectedCandidatePairId");
            RTCStats pair = pairId == null ? null : stats.get(pairId.toString());
            if (pair == null) {
                continue;
            }
            String ufrag = localUfrag(stats, pair);
            Object transportUfrag = transport.getAttributes().get("iceLocalUsernameFragment");
            String value = ufrag != null ? ufrag : transportUfrag != null ? transportUfrag.toString() : "";
            Object state = pair.getAttributes().get("state");
            Checks checks = new Checks(pairId.toString(), count(pair.getAttributes().get("requestsSent")),
                    count(pair.getAttributes().get("responsesReceived")));
            return new IcePath(value, state == null ? "" : state.toString(), working, checks);
        }
        return new IcePath("", "", working);
    }

    private static long count(Object counter) {
        return counter instanceof Number n ? n.longValue() : 0;
    }

    private static boolean positive(Object counter) {
        return counter instanceof Number n && n.doubleValue() > 0;
    }

    private static String localUfrag(Map<String, RTCStats> stats, RTCStats pair) {
        Object localId = pair.getAttributes().get("localCandidateId");
        RTCStats local = localId == null ? null : stats.get(localId.toString());
        Object ufrag = local == null ? null : local.getAttributes().get("usernameFragment");
        return ufrag == null ? null : ufrag.toString();
    }
}
