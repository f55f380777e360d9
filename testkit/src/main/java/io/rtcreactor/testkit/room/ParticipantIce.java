package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.SignalTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One participant's side of LiveKit's TCP fallback: when each of its transports first connected (what makes a
 * failure "short-lived"), when its last signal message arrived, and the {@link IceFallback} rule. Changes of
 * preference go to {@code onChanged} (the {@link IceConfigCache}). Used on the server's lane only.
 */
final class ParticipantIce {

    private final IceFallback fallback;
    private final Consumer<IceFallback.Preference> onChanged;
    private final Map<SignalTarget, Instant> firstConnected = new EnumMap<>(SignalTarget.class);
    private Instant lastSignal;
    private boolean signalValid = true;

    ParticipantIce(IceFallback.Preference cached, boolean clientSupportsTcp, Instant now,
                   Consumer<IceFallback.Preference> onChanged) {
        this.fallback = new IceFallback(cached, clientSupportsTcp);
        this.onChanged = onChanged;
        this.lastSignal = now;
    }

    /** True when the server offers only TCP candidates (LiveKit's {@code PCTransport.SetPreferTCP}). */
    boolean preferTcp() {
        return fallback.preference() == IceFallback.Preference.TCP;
    }

    IceFallback.Preference preference() {
        return fallback.preference();
    }

    /** LiveKit's {@code UpdateLastSeenSignal}: any message from the client. */
    void signalArrived(Instant now) {
        lastSignal = now;
        signalValid = true;
    }

    /** LiveKit's {@code SetSignalSourceValid(false)} when the signal connection closes. */
    void signalClosed() {
        signalValid = false;
    }

    /** LiveKit's {@code setICEConnectedAt}: only the first connection counts. */
    void connected(SignalTarget target, Instant now) {
        firstConnected.putIfAbsent(target, now);
    }

    /**
     * A server transport failed ({@code PCTransport.handleConnectionFailed}): short-lived if it first connected less
     * than 90 s ago. {@code freshWithin} is LiveKit's window for a recent signal message (its ping timeout).
     */
    void failed(SignalTarget target, Instant now, Duration freshWithin) {
        boolean fresh = signalValid && Duration.between(lastSignal, now).compareTo(freshWithin) < 0;
        if (fallback.connectionFailed(isShort(target, now), fresh, now)) {
            onChanged.accept(fallback.preference());
        }
    }

    /**
     * A resume ({@code Room.ResumeParticipant}, {@code pkg/rtc/room.go}). First LiveKit's
     * {@code TransportManager.HandleClientReconnect}: a client that says its publisher or subscriber failed on a
     * short-lived connection is switched at once, and the short-connection clocks restart
     * ({@code ResetShortConnOnICERestart}). Then the ICE restart applies {@code beforeResume}, the preference the
     * cache held when the resume arrived ({@code RoomManager} reads it first, {@code pkg/service/roommanager.go}),
     * which undoes that switch: on LiveKit's server a client's failure report alone never makes a lasting switch;
     * the server's own transport failures do.
     */
    void resumed(ReconnectReason reason, IceFallback.Preference beforeResume, Instant now) {
        SignalTarget failed = switch (reason) {
            case RR_PUBLISHER_FAILED -> SignalTarget.PUBLISHER;
            case RR_SUBSCRIBER_FAILED -> SignalTarget.SUBSCRIBER;
            default -> null;
        };
        signalValid = true;
        lastSignal = now;
        if (failed != null) {
            if (isShort(failed, now)) {
                fallback.reset(fallback.preference());
                if (fallback.connectionFailed(true, true, now)) {
                    onChanged.accept(fallback.preference());
                }
            }
            firstConnected.clear();
        }
        IceFallback.Preference current = fallback.preference();
        fallback.reset(beforeResume);
        if (current != beforeResume) {
            onChanged.accept(beforeResume);
        }
    }

    private boolean isShort(SignalTarget target, Instant now) {
        Instant first = firstConnected.get(target);
        return first != null && Duration.between(first, now).compareTo(IceFallback.SHORT_CONNECTION) < 0;
    }
}
