package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ReconnectReason;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.testkit.room.IceFallback.Preference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** LiveKit's TCP fallback rule (pkg/rtc/transportmanager.go, handleConnectionFailed), with the time given. */
class IceFallbackTest {

    private static final Instant T0 = Instant.parse("2026-12-03T00:00:00Z");
    private static final Duration PING_TIMEOUT = Duration.ofSeconds(15);

    private final List<Preference> changes = new ArrayList<>();

    private ParticipantIce participant(Preference cached, boolean supportsTcp) {
        return new ParticipantIce(cached, supportsTcp, T0, changes::add);
    }

    @Test
    void aShortLivedConnectionThatFailsSwitchesToTcpAtOnce() {
        ParticipantIce ice = participant(Preference.ANY, true);
        ice.connected(SignalTarget.SUBSCRIBER, T0.plusSeconds(1));
        ice.signalArrived(T0.plusSeconds(30));
        ice.failed(SignalTarget.SUBSCRIBER, T0.plusSeconds(40), PING_TIMEOUT);
        assertThat(ice.preferTcp()).isTrue();
        assertThat(changes).containsExactly(Preference.TCP);
        // Switched once: a second failure does not switch again (isTransportReconfigured).
        ice.failed(SignalTarget.PUBLISHER, T0.plusSeconds(41), PING_TIMEOUT);
        assertThat(changes).containsExactly(Preference.TCP);
    }

    @Test
    void aLongLivedConnectionSwitchesAtTheSecondFailureWithinAMinute() {
        ParticipantIce ice = participant(Preference.ANY, true);
        ice.connected(SignalTarget.SUBSCRIBER, T0);
        Instant late = T0.plusSeconds(120);
        ice.signalArrived(late);
        ice.failed(SignalTarget.SUBSCRIBER, late, PING_TIMEOUT);
        assertThat(ice.preferTcp()).isFalse();
        ice.signalArrived(late.plusSeconds(59));
        ice.failed(SignalTarget.SUBSCRIBER, late.plusSeconds(59), PING_TIMEOUT);
        assertThat(ice.preferTcp()).isTrue();
    }

    @Test
    void failuresMoreThanAMinuteApartNeverSwitch() {
        IceFallback rule = new IceFallback(Preference.ANY, true);
        assertThat(rule.connectionFailed(false, true, T0)).isFalse();
        assertThat(rule.connectionFailed(false, true, T0.plusSeconds(61))).isFalse();
        assertThat(rule.connectionFailed(false, true, T0.plusSeconds(130))).isFalse();
        assertThat(rule.preference()).isEqualTo(Preference.ANY);
    }

    @Test
    void aFailureWithoutARecentSignalCountsForNothingAndClearsTheCount() {
        IceFallback rule = new IceFallback(Preference.ANY, true);
        assertThat(rule.connectionFailed(false, true, T0)).isFalse();
        assertThat(rule.connectionFailed(false, false, T0.plusSeconds(10))).isFalse();
        assertThat(rule.connectionFailed(false, true, T0.plusSeconds(20))).isFalse();
        assertThat(rule.preference()).isEqualTo(Preference.ANY);
        // The signal gone stale in ParticipantIce terms: last message older than the ping timeout.
        ParticipantIce ice = participant(Preference.ANY, true);
        ice.connected(SignalTarget.SUBSCRIBER, T0);
        ice.failed(SignalTarget.SUBSCRIBER, T0.plusSeconds(20), PING_TIMEOUT);
        assertThat(ice.preferTcp()).isFalse();
    }

    @Test
    void aClientThatCannotDoActiveTcpStaysOnUdp() {
        assertThat(IceFallback.supportsTcp("go", "2.0.0")).isFalse();
        assertThat(IceFallback.supportsTcp("swift", "1.0.4")).isFalse();
        assertThat(IceFallback.supportsTcp("swift", "1.0.5")).isTrue();
        assertThat(IceFallback.supportsTcp("java", "0.1.0")).isTrue();
        IceFallback rule = new IceFallback(Preference.ANY, false);
        assertThat(rule.connectionFailed(true, true, T0)).isFalse();
        assertThat(rule.preference()).isEqualTo(Preference.ANY);
    }

    /**
     * The upstream quirk: a resume whose reason says the publisher failed on a short-lived connection switches to
     * TCP inside HandleClientReconnect, and the same resume's ICE restart applies the configuration the cache held
     * before the resume, so the switch does not last. The short-connection clocks restart, so the server's own
     * next failure is counted, not short.
     */
    @Test
    void aClientFailureReportAloneIsUndoneByTheSameResume() {
        ParticipantIce ice = participant(Preference.ANY, true);
        ice.connected(SignalTarget.PUBLISHER, T0);
        ice.connected(SignalTarget.SUBSCRIBER, T0);
        ice.resumed(ReconnectReason.RR_PUBLISHER_FAILED, Preference.ANY, T0.plusSeconds(5));
        assertThat(changes).containsExactly(Preference.TCP, Preference.ANY);
        assertThat(ice.preferTcp()).isFalse();

        ice.failed(SignalTarget.PUBLISHER, T0.plusSeconds(19), PING_TIMEOUT);
        assertThat(ice.preferTcp()).as("not short-lived any more: first failure only counted").isFalse();
        ice.signalArrived(T0.plusSeconds(30));
        ice.failed(SignalTarget.SUBSCRIBER, T0.plusSeconds(35), PING_TIMEOUT);
        assertThat(ice.preferTcp()).isTrue();
    }

    @Test
    void aResumeKeepsAFallbackTheCacheHeld() {
        ParticipantIce ice = participant(Preference.ANY, true);
        ice.connected(SignalTarget.SUBSCRIBER, T0);
        ice.failed(SignalTarget.SUBSCRIBER, T0.plusSeconds(10), PING_TIMEOUT);
        assertThat(ice.preferTcp()).isTrue();
        ice.resumed(ReconnectReason.RR_SIGNAL_DISCONNECTED, Preference.TCP, T0.plusSeconds(11));
        assertThat(ice.preferTcp()).isTrue();
        assertThat(changes).containsExactly(Preference.TCP);
    }

    @Test
    void theCacheRemembersAPreferenceForFiveMinutesPerRoomAndIdentity() {
        IceConfigCache cache = new IceConfigCache();
        cache.put("room", "alice", Preference.TCP, T0);
        assertThat(cache.get("room", "alice", T0.plusSeconds(299))).isEqualTo(Preference.TCP);
        assertThat(cache.get("room", "bob", T0.plusSeconds(1))).isEqualTo(Preference.ANY);
        assertThat(cache.get("other", "alice", T0.plusSeconds(1))).isEqualTo(Preference.ANY);
        assertThat(cache.get("room", "alice", T0.plusSeconds(300))).isEqualTo(Preference.ANY);
    }
}
