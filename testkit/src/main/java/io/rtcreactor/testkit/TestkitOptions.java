package io.rtcreactor.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link LoopbackServer} behaves. Immutable; each {@code with*} returns a copy. The defaults are LiveKit's
 * open-source server's (PROTOCOL.md, "Server timers worth knowing"), so that clients meet the same timing as in
 * production unless a test shortens it.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>host</td><td>127.0.0.1</td></tr>
 *   <tr><td>port</td><td>0 (an ephemeral port)</td></tr>
 *   <tr><td>apiKey / apiSecret</td><td>devkey / secret (LiveKit's development pair)</td></tr>
 *   <tr><td>pingInterval / pingTimeout</td><td>5 s / 15 s, sent in the JoinResponse</td></tr>
 *   <tr><td>resumeGrace</td><td>5 s: a participant whose PC failed is dropped if it does not resume</td></tr>
 *   <tr><td>migrationSubscriberClose</td><td>3 s: after a migration leave the subscriber PC closes unless resumed</td></tr>
 *   <tr><td>offerAnswerTimeout</td><td>15 s: an unanswered subscriber offer forces a full reconnect</td></tr>
 *   <tr><td>joinTimeout</td><td>60 s: a join must reach a connected primary PC (LiveKit: Room.Join, one minute)</td></tr>
 *   <tr><td>refreshTokenInterval</td><td>5 min: {@code refresh_token} is sent at join and then this often</td></tr>
 *   <tr><td>websocketPingInterval</td><td>10 s: WebSocket ping frames, as LiveKit's server sends</td></tr>
 *   <tr><td>stepTimeout</td><td>10 s: deadline of each server-side SDP step</td></tr>
 *   <tr><td>maxFrameBytes</td><td>2 MiB: larger signal requests are refused (LiveKit's {@code limit.signal_message_size_limit}); responses are not limited by it</td></tr>
 *   <tr><td>syncStreams</td><td>false: stream ids {@code PA_…|TR_…}; true as LiveKit's {@code room.sync_streams}</td></tr>
 *   <tr><td>forceRelay</td><td>false: no {@code client_configuration.force_relay}; true sends it ENABLED</td></tr>
 *   <tr><td>regions</td><td>none: Leaves name no regions (LiveKit's open-source server); given, every RESUME and RECONNECT Leave names them, as LiveKit Cloud's do</td></tr>
 *   <tr><td>tls</td><td>none: plain {@code ws://}; {@link TestkitTls} serves {@code wss://}</td></tr>
 *   <tr><td>leaveCloseDelay</td><td>0: a Leave that closes the socket closes it right after the Leave, as LiveKit's server does; a positive value holds the close back this long</td></tr>
 * </table>
 */
public final class TestkitOptions {

    private final String host;
    private final int port;
    private final String apiKey;
    private final String apiSecret;
    private final Duration pingInterval;
    private final Duration pingTimeout;
    private final Duration resumeGrace;
    private final Duration migrationSubscriberClose;
    private final Duration offerAnswerTimeout;
    private final Duration joinTimeout;
    private final Duration refreshTokenInterval;
    private final Duration websocketPingInterval;
    private final Duration stepTimeout;
    private final int maxFrameBytes;
    private final Duration leaveCloseDelay;
    private final boolean syncStreams;
    private final boolean forceRelay;
    private final List<Region> regions;
    private final TestkitTls tls;

    private TestkitOptions(String host, int port, String apiKey, String apiSecret, Duration pingInterval,
                           Duration pingTimeout, Duration resumeGrace, Duration migrationSubscriberClose,
                           Duration offerAnswerTimeout, Duration joinTimeout, Duration refreshTokenInterval,
                           Duration websocketPingInterval, Duration stepTimeout, int maxFrameBytes,
                           Duration leaveCloseDelay, boolean syncStreams, boolean forceRelay,
                           List<Region> regions, TestkitTls tls) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
        this.resumeGrace = resumeGrace;
        this.migrationSubscriberClose = migrationSubscriberClose;
        this.offerAnswerTimeout = offerAnswerTimeout;
        this.joinTimeout = joinTimeout;
        this.refreshTokenInterval = refreshTokenInterval;
        this.websocketPingInterval = websocketPingInterval;
        this.stepTimeout = stepTimeout;
        this.maxFrameBytes = maxFrameBytes;
        this.leaveCloseDelay = leaveCloseDelay;
        this.syncStreams = syncStreams;
        this.forceRelay = forceRelay;
        this.regions = List.copyOf(regions);
        this.tls = tls;
    }

    /** LiveKit's defaults on an ephemeral loopback port. */
    public static TestkitOptions defaults() {
        return new TestkitOptions("127.0.0.1", 0, "devkey", "secret", Duration.ofSeconds(5), Duration.ofSeconds(15),
                Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofSeconds(15), Duration.ofSeconds(60),
                Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 2 * 1024 * 1024,
                Duration.ZERO, false, false, List.of(), null);
    }

    private TestkitOptions copy(String host, int port, String apiKey, String apiSecret, Duration pingInterval,
                                Duration pingTimeout, Duration resumeGrace, Duration migrationSubscriberClose,
                                Duration offerAnswerTimeout, Duration joinTimeout) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval,
                websocketPingInterval, stepTimeout, maxFrameBytes, leaveCloseDelay, syncStreams, forceRelay, regions, tls);
    }

    public TestkitOptions withHost(String value) {
        return copy(value, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace, migrationSubscriberClose,
                offerAnswerTimeout, joinTimeout);
    }

    /** The TCP port; 0 picks a free one. */
    public TestkitOptions withPort(int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + value);
        }
        return copy(host, value, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace, migrationSubscriberClose,
                offerAnswerTimeout, joinTimeout);
    }

    public TestkitOptions withApiKey(String key, String secret) {
        return copy(host, port, key, secret, pingInterval, pingTimeout, resumeGrace, migrationSubscriberClose,
                offerAnswerTimeout, joinTimeout);
    }

    /** The keepalive values sent in every JoinResponse (whole seconds on the wire). */
    public TestkitOptions withPing(Duration interval, Duration timeout) {
        return copy(host, port, apiKey, apiSecret, interval, timeout, resumeGrace, migrationSubscriberClose,
                offerAnswerTimeout, joinTimeout);
    }

    public TestkitOptions withResumeGrace(Duration value) {
        return copy(host, port, apiKey, apiSecret, pingInterval, pingTimeout, value, migrationSubscriberClose,
                offerAnswerTimeout, joinTimeout);
    }

    public TestkitOptions withMigrationSubscriberClose(Duration value) {
        return copy(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace, value, offerAnswerTimeout,
                joinTimeout);
    }

    public TestkitOptions withOfferAnswerTimeout(Duration value) {
        return copy(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace, migrationSubscriberClose,
                value, joinTimeout);
    }

    public TestkitOptions withJoinTimeout(Duration value) {
        return copy(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace, migrationSubscriberClose,
                offerAnswerTimeout, value);
    }

    public TestkitOptions withRefreshTokenInterval(Duration value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, value, websocketPingInterval, stepTimeout,
                maxFrameBytes, leaveCloseDelay, syncStreams, forceRelay, regions, tls);
    }

    public TestkitOptions withMaxFrameBytes(int value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, value, leaveCloseDelay, syncStreams, forceRelay, regions, tls);
    }

    /** How long after a Leave with {@code close_socket} the socket is closed. */
    public TestkitOptions withLeaveCloseDelay(Duration value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, maxFrameBytes, value, syncStreams, forceRelay, regions, tls);
    }

    /**
     * Rooms made as if LiveKit's {@code room.sync_streams} were configured: a participant's audio and video reach
     * subscribers under one stream id ({@code PA_…|camera}). A token's {@code roomConfig.syncStreams} does the same
     * for the room its join makes.
     */
    public TestkitOptions withSyncStreams(boolean value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, maxFrameBytes, leaveCloseDelay, value, forceRelay, regions, tls);
    }

    /**
     * Every Join- and ReconnectResponse carries {@code client_configuration.force_relay = ENABLED}, as LiveKit's
     * server sends once it has moved a participant to TURN/TLS ({@code pkg/rtc/participant.go}). The testkit serves
     * no TURN, so a client that obeys gathers no candidate it could use.
     */
    public TestkitOptions withForceRelay(boolean value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, maxFrameBytes, leaveCloseDelay, syncStreams, value, regions, tls);
    }

    /**
     * Other servers to name as regions in every Leave that asks for a resume or a reconnect, as LiveKit Cloud does
     * ({@code LeaveRequest.regions}, filled by {@code ParticipantImpl.sendLeaveRequest}, pkg/rtc/participant_signal.go;
     * the open-source server's helper returns none, so the default is none).
     */
    public TestkitOptions withRegions(List<Region> value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, maxFrameBytes, leaveCloseDelay, syncStreams, forceRelay, value, tls);
    }

    /**
     * Serves {@code wss://} and {@code https://} with this certificate ({@code null}, the default: plain
     * {@code ws://} and {@code http://}).
     */
    public TestkitOptions withTls(TestkitTls value) {
        return new TestkitOptions(host, port, apiKey, apiSecret, pingInterval, pingTimeout, resumeGrace,
                migrationSubscriberClose, offerAnswerTimeout, joinTimeout, refreshTokenInterval, websocketPingInterval,
                stepTimeout, maxFrameBytes, leaveCloseDelay, syncStreams, forceRelay, regions, value);
    }

    /** The TLS the server serves with, or null for plain connections. */
    public TestkitTls tls() {
        return tls;
    }

    public List<Region> regions() {
        return regions;
    }

    /** A region as LiveKit's {@code RegionInfo} names it: its name and its server's URL. */
    public record Region(String name, String url) {
        public Region {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(url, "url");
        }
    }

    public boolean forceRelay() {
        return forceRelay;
    }

    public boolean syncStreams() {
        return syncStreams;
    }

    public Duration leaveCloseDelay() {
        return leaveCloseDelay;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String apiKey() {
        return apiKey;
    }

    public String apiSecret() {
        return apiSecret;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    public Duration pingTimeout() {
        return pingTimeout;
    }

    public Duration resumeGrace() {
        return resumeGrace;
    }

    public Duration migrationSubscriberClose() {
        return migrationSubscriberClose;
    }

    public Duration offerAnswerTimeout() {
        return offerAnswerTimeout;
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    public Duration refreshTokenInterval() {
        return refreshTokenInterval;
    }

    public Duration websocketPingInterval() {
        return websocketPingInterval;
    }

    public Duration stepTimeout() {
        return stepTimeout;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    @Override
    public String toString() {
        return "TestkitOptions{" + host + ":" + port + ", apiKey=" + apiKey + ", ping=" + pingInterval + "/"
                + pingTimeout + "}";
    }
}
