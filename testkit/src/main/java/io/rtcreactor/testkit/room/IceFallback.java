package io.rtcreactor.testkit.room;

import java.time.Duration;
import java.time.Instant;

/**
 * LiveKit's TCP fallback for one participant, as its {@code TransportManager} decides it
 * ({@code pkg/rtc/transportmanager.go}, {@code handleConnectionFailed} and {@code configureICE}): when a peer
 * connection fails, a participant whose connection was short-lived (first ICE-connected less than 90 s before,
 * {@code shortConnectionThreshold} in {@code pkg/rtc/transport.go}) is switched to ICE over TCP at once; otherwise
 * the switch comes at the second failure within a minute ({@code failureCountThreshold = 2},
 * {@code preferNextByFailureWindow = 1 min}). A failure while the signal connection is not fresh counts for nothing
 * and clears the count ("the failure might be caused by a network interrupt"). Once switched, the participant is
 * not switched again until its configuration is set anew ({@code isTransportReconfigured}). From TCP the next step
 * would be TURN/TLS, which the testkit does not serve (LiveKit: "keep the current config" without TURNS).
 *
 * <p>The switch only applies to clients that can do active ICE-TCP: LiveKit's {@code ClientInfo.SupportsICETCP}
 * ({@code pkg/rtc/clientinfo.go}) says every SDK but Go, and Swift before 1.0.5.
 *
 * <p>Pure bookkeeping: the caller gives the time and what it knows of the connection; no clock of its own.
 */
final class IceFallback {

    /** Where candidates may come from: LiveKit's {@code ICECandidateType} ICT_NONE (any) or ICT_TCP. */
    enum Preference { ANY, TCP }

    static final Duration SHORT_CONNECTION = Duration.ofSeconds(90);
    static final int FAILURE_THRESHOLD = 2;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    private final boolean clientSupportsTcp;
    private Preference preference;
    private boolean reconfigured;
    private int failures;
    private Instant lastFailure;

    IceFallback(Preference initial, boolean clientSupportsTcp) {
        this.preference = initial;
        this.clientSupportsTcp = clientSupportsTcp;
    }

    Preference preference() {
        return preference;
    }

    /**
     * A peer connection failed. {@code shortLived}: it first connected less than {@link #SHORT_CONNECTION} ago;
     * {@code signalFresh}: a signal message arrived within the ping timeout. Returns true when the preference
     * changed (LiveKit then stores it for the room and identity and calls {@code onICEConfigChanged}).
     */
    boolean connectionFailed(boolean shortLived, boolean signalFresh, Instant now) {
        if (reconfigured) {
            return false;
        }
        if (!signalFresh) {
            failures = 0;
            lastFailure = null;
            return false;
        }
        if (!shortLived) {
            failures++;
            Instant previous = lastFailure;
            lastFailure = now;
            if (failures < FAILURE_THRESHOLD || previous == null
                    || Duration.between(previous, now).compareTo(FAILURE_WINDOW) > 0) {
                return false;
            }
        }
        Preference next = preference == Preference.ANY && clientSupportsTcp ? Preference.TCP : preference;
        if (next == preference) {
            return false;
        }
        reconfigured = true;
        preference = next;
        return true;
    }

    /**
     * The configuration is set anew, as LiveKit's {@code SetICEConfig} does at join and at every resume (with what
     * its cache held before the resume): counts cleared, and a switch is possible again.
     */
    void reset(Preference to) {
        failures = 0;
        lastFailure = null;
        reconfigured = false;
        preference = to;
    }

    /** LiveKit's {@code ClientInfo.SupportsICETCP}: every SDK but Go, and Swift from 1.0.5 on. */
    static boolean supportsTcp(String sdk, String version) {
        if (sdk.equalsIgnoreCase("go")) {
            return false;
        }
        if (sdk.equalsIgnoreCase("swift")) {
            return compare(version, "1.0.5") >= 0;
        }
        return true;
    }

    private static int compare(String version, String other) {
        String[] a = version.split("\\.");
        String[] b = other.split("\\.");
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? number(a[i]) : 0;
            int y = i < b.length ? number(b[i]) : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    private static int number(String part) {
        try {
            return Integer.parseInt(part.replaceAll("\\D.*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
