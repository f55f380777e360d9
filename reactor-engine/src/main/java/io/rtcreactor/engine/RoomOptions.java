package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.reconnect.ReconnectPolicy;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.time.Duration;
import java.util.Objects;
import reactor.core.scheduler.Scheduler;

/**
 * How a {@link Room} behaves. Immutable: every {@code with*} returns a copy. Every default is listed here and in
 * docs/reconnect.md.
 *
 * <table>
 *   <caption>Defaults</caption>
 *   <tr><td>autoSubscribe</td><td>{@link AutoSubscribe#AUDIO_ONLY}: every audio track, no video (what an agent wants; LiveKit's agents do the same)</td></tr>
 *   <tr><td>adaptiveStream</td><td>false</td></tr>
 *   <tr><td>connectTimeout</td><td>15 s: TCP + WebSocket upgrade of one signal connection (LiveKit's server upgrades only once the join produced its first response, after up to three attempts of 3, 4 and 5 s; LiveKit's JS client waits 15 s)</td></tr>
 *   <tr><td>responseTimeout</td><td>5 s: upgrade → JoinResponse or ReconnectResponse</td></tr>
 *   <tr><td>recoveryTimeout</td><td>15 s: response → transports connected (and tracks republished)</td></tr>
 *   <tr><td>sdpStepTimeout</td><td>5 s: each create/apply of a description</td></tr>
 *   <tr><td>answerTimeout</td><td>10 s: an offer of ours waiting for the server's answer</td></tr>
 *   <tr><td>publishTimeout</td><td>10 s: AddTrack waiting for TrackPublishedResponse; also the wait for the server's answer to a name, metadata or attribute update</td></tr>
 *   <tr><td>peerDisconnectedGrace</td><td>5 s: a transport DISCONNECTED this long counts as failed</td></tr>
 *   <tr><td>pathSilenceLimit</td><td>3 s: while connected, a transport whose ICE pair answered none of the
 *   connectivity checks sent on it for this long (five at least) counts as failed, without waiting for libwebrtc
 *   to call it DISCONNECTED (after 5 s more) and the grace above; read from the connection's stats once a second
 *   (every third of the limit when that is shorter). {@link Duration#ZERO} switches it off</td></tr>
 *   <tr><td>disconnectTimeout</td><td>2 s: bound of {@link Room#disconnect()}; closing the peer connections gets
 *       three quarters of it, so that a close that hangs is reported as such within the bound</td></tr>
 *   <tr><td>joinTimeout</td><td>30 s: bound of the first {@link Room#connect()}, retries included (never more than
 *   the reconnect policy's deadline); a machine where media can never connect fails with
 *   {@link JoinTimeoutException} saying so, instead of running the whole reconnect policy</td></tr>
 *   <tr><td>defaultPingInterval / defaultPingTimeout</td><td>5 s / 15 s, used when the server sends zero or less</td></tr>
 *   <tr><td>reconnectPolicy</td><td>{@link ReconnectPolicy#defaults()}: at once, then 300 ms doubling to 7 s, jittered, 10 attempts, 60 s</td></tr>
 *   <tr><td>eventBuffer</td><td>1024 events per {@link Room#events()} subscriber; the oldest is dropped beyond</td></tr>
 *   <tr><td>audioBuffer</td><td>50 frames (500 ms) per remote-audio subscriber; the oldest is dropped beyond</td></tr>
 *   <tr><td>signalQueue</td><td>1024 outgoing signal messages; requests made during a reconnect wait in it</td></tr>
 *   <tr><td>metrics</td><td>none: {@code EngineMetrics.NONE}; {@code MicrometerMetrics.bind(registry)} records
 *   sessions, reconnect episodes, signal messages, data gaps and RPC calls</td></tr>
 *   <tr><td>flightRecorder</td><td>256 entries: the last signal messages and state changes {@link Room#diagnostics()}
 *   gives (never payloads, SDP or tokens), dumped at WARN when the session ends other than by {@code disconnect()}</td></tr>
 *   <tr><td>reliableBuffer</td><td>1024 sent reliable packets kept for re-sending after a resume</td></tr>
 *   <tr><td>scheduler</td><td>the engine's timer scheduler (Reactor's parallel); inject a virtual-time one in tests</td></tr>
 *   <tr><td>callbackScheduler</td><td>Reactor's boundedElastic: where subscribers of events, data and audio frames run</td></tr>
 *   <tr><td>rtcRuntime</td><td>null: the process-wide shared WebRTC runtime</td></tr>
 *   <tr><td>sdpStepHook</td><td>none; fault tests use it to stall SDP steps</td></tr>
 *   <tr><td>regionFailover</td><td>true: a join the server refused (503, timeout, unreachable) goes next to the regions the server named (its Leaves) or listed (LiveKit Cloud's {@code /settings/regions}), in order</td></tr>
 *   <tr><td>tlsTrust</td><td>{@link TlsTrust#system()}: a {@code wss://} server must present a certificate the JVM's
 *   trust store accepts, for the URL's host; give a private CA or a self-signed server's certificate with
 *   {@link TlsTrust#pem(java.nio.file.Path)}. Host names are always checked</td></tr>
 *   <tr><td>regionSettingsUrl</td><td>null: {@code https://<host>/settings/regions} for LiveKit Cloud hosts ({@code *.livekit.cloud}, {@code *.livekit.run}), none elsewhere</td></tr>
 * </table>
 */
public final class RoomOptions {

    private static final RoomOptions DEFAULTS = new RoomOptions(new Builder());

    private final AutoSubscribe autoSubscribe;
    private final boolean adaptiveStream;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Duration recoveryTimeout;
    private final Duration sdpStepTimeout;
    private final Duration answerTimeout;
    private final Duration publishTimeout;
    private final Duration peerDisconnectedGrace;
    private final Duration pathSilenceLimit;
    private final Duration disconnectTimeout;
    private final Duration joinTimeout;
    private final Duration defaultPingInterval;
    private final Duration defaultPingTimeout;
    private final ReconnectPolicy reconnectPolicy;
    private final int eventBuffer;
    private final int audioBuffer;
    private final int signalQueue;
    private final int flightRecorder;
    private final int reliableBuffer;
    private final Scheduler scheduler;
    private final Scheduler callbackScheduler;
    private final RtcRuntime rtcRuntime;
    private final TlsTrust tlsTrust;
    private final SdpStepHook sdpStepHook;
    private final io.rtcreactor.engine.metrics.EngineMetrics metrics;
    private final boolean regionFailover;
    private final String regionSettingsUrl;

    private RoomOptions(Builder b) {
        this.autoSubscribe = b.autoSubscribe;
        this.adaptiveStream = b.adaptiveStream;
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.recoveryTimeout = b.recoveryTimeout;
        this.sdpStepTimeout = b.sdpStepTimeout;
        this.answerTimeout = b.answerTimeout;
        this.publishTimeout = b.publishTimeout;
        this.peerDisconnectedGrace = b.peerDisconnectedGrace;
        this.pathSilenceLimit = b.pathSilenceLimit;
        this.disconnectTimeout = b.disconnectTimeout;
        this.joinTimeout = b.joinTimeout;
        this.defaultPingInterval = b.defaultPingInterval;
        this.defaultPingTimeout = b.defaultPingTimeout;
        this.reconnectPolicy = b.reconnectPolicy;
        this.eventBuffer = b.eventBuffer;
        this.audioBuffer = b.audioBuffer;
        this.signalQueue = b.signalQueue;
        this.flightRecorder = b.flightRecorder;
        this.reliableBuffer = b.reliableBuffer;
        this.scheduler = b.scheduler;
        this.callbackScheduler = b.callbackScheduler;
        this.rtcRuntime = b.rtcRuntime;
        this.tlsTrust = b.tlsTrust;
        this.sdpStepHook = b.sdpStepHook;
        this.metrics = b.metrics;
        this.regionFailover = b.regionFailover;
        this.regionSettingsUrl = b.regionSettingsUrl;
    }

    /** The defaults listed above. */
    public static RoomOptions defaults() {
        return DEFAULTS;
    }

    private RoomOptions with(java.util.function.Consumer<Builder> change) {
        Builder builder = new Builder(this);
        change.accept(builder);
        return new RoomOptions(builder);
    }

    public RoomOptions withAutoSubscribe(AutoSubscribe value) {
        return with(b -> b.autoSubscribe = Objects.requireNonNull(value, "autoSubscribe"));
    }

    /** {@code true}: {@link AutoSubscribe#ALL}; {@code false}: {@link AutoSubscribe#NONE}. */
    public RoomOptions withAutoSubscribe(boolean value) {
        return withAutoSubscribe(value ? AutoSubscribe.ALL : AutoSubscribe.NONE);
    }

    public RoomOptions withAdaptiveStream(boolean value) {
        return with(b -> b.adaptiveStream = value);
    }

    public RoomOptions withConnectTimeout(Duration value) {
        return with(b -> b.connectTimeout = positive(value, "connectTimeout"));
    }

    public RoomOptions withResponseTimeout(Duration value) {
        return with(b -> b.responseTimeout = positive(value, "responseTimeout"));
    }

    public RoomOptions withRecoveryTimeout(Duration value) {
        return with(b -> b.recoveryTimeout = positive(value, "recoveryTimeout"));
    }

    public RoomOptions withSdpStepTimeout(Duration value) {
        return with(b -> b.sdpStepTimeout = positive(value, "sdpStepTimeout"));
    }

    public RoomOptions withAnswerTimeout(Duration value) {
        return with(b -> b.answerTimeout = positive(value, "answerTimeout"));
    }

    public RoomOptions withPublishTimeout(Duration value) {
        return with(b -> b.publishTimeout = positive(value, "publishTimeout"));
    }

    public RoomOptions withPeerDisconnectedGrace(Duration value) {
        return with(b -> b.peerDisconnectedGrace = positive(value, "peerDisconnectedGrace"));
    }

    /**
     * How long an ICE pair in use may leave every connectivity check unanswered before its transport counts as
     * failed while the session is connected; {@link Duration#ZERO} switches the watch off (the transport then
     * fails only as libwebrtc reports it, DISCONNECTED for {@link #peerDisconnectedGrace()} or FAILED).
     */
    public RoomOptions withPathSilenceLimit(Duration value) {
        Objects.requireNonNull(value, "pathSilenceLimit");
        if (value.isNegative() || (!value.isZero() && value.toMillis() < 300)) {
            throw new IllegalArgumentException("pathSilenceLimit must be zero (off) or at least 300 ms, was " + value);
        }
        return with(b -> b.pathSilenceLimit = value);
    }

    public RoomOptions withDisconnectTimeout(Duration value) {
        return with(b -> b.disconnectTimeout = positive(value, "disconnectTimeout"));
    }

    public RoomOptions withJoinTimeout(Duration value) {
        return with(b -> b.joinTimeout = positive(value, "joinTimeout"));
    }

    /** Keepalive values used when the server's JoinResponse carries zero or negative ones; at least 1 ms each. */
    public RoomOptions withDefaultPing(Duration interval, Duration timeout) {
        // The keepalive counts whole milliseconds and refuses less (a 0 ms ping loop would spin): refuse it here,
        // when the options are made, rather than when a server sends ping_interval 0.
        if (positive(interval, "defaultPingInterval").toMillis() < 1 || positive(timeout, "defaultPingTimeout").toMillis() < 1) {
            throw new IllegalArgumentException("defaultPingInterval and defaultPingTimeout must be at least 1 ms");
        }
        return with(b -> {
            b.defaultPingInterval = interval;
            b.defaultPingTimeout = timeout;
        });
    }

    public RoomOptions withReconnectPolicy(ReconnectPolicy value) {
        return with(b -> b.reconnectPolicy = Objects.requireNonNull(value, "reconnectPolicy"));
    }

    public RoomOptions withEventBuffer(int value) {
        return with(b -> b.eventBuffer = atLeastOne(value, "eventBuffer"));
    }

    public RoomOptions withAudioBuffer(int value) {
        return with(b -> b.audioBuffer = atLeastOne(value, "audioBuffer"));
    }

    public RoomOptions withSignalQueue(int value) {
        return with(b -> b.signalQueue = atLeastOne(value, "signalQueue"));
    }

    public RoomOptions withFlightRecorder(int entries) {
        return with(b -> b.flightRecorder = atLeastOne(entries, "flightRecorder"));
    }

    public RoomOptions withReliableBuffer(int value) {
        return with(b -> b.reliableBuffer = atLeastOne(value, "reliableBuffer"));
    }

    /** The scheduler that serialises the session and runs its timers; a virtual-time one makes tests exact. */
    public RoomOptions withScheduler(Scheduler value) {
        return with(b -> b.scheduler = Objects.requireNonNull(value, "scheduler"));
    }

    /**
     * Where subscribers of {@link Room#events()}, {@link Room#dataReceived()}, {@link Room#states()} and
     * {@link RemoteAudioTrack#frames()} are called. They never run on the session's lane or WebRTC's threads.
     */
    public RoomOptions withCallbackScheduler(Scheduler value) {
        return with(b -> b.callbackScheduler = Objects.requireNonNull(value, "callbackScheduler"));
    }

    public Scheduler callbackScheduler() {
        return callbackScheduler;
    }

    /** A WebRTC runtime of the caller's (retained for the session, released at its end). */
    public RoomOptions withRtcRuntime(RtcRuntime value) {
        return with(b -> b.rtcRuntime = value);
    }

    /** Which certificates a {@code wss://} server may present (see {@link TlsTrust}). */
    public RoomOptions withTlsTrust(TlsTrust value) {
        return with(b -> b.tlsTrust = Objects.requireNonNull(value, "tlsTrust"));
    }

    public TlsTrust tlsTrust() {
        return tlsTrust;
    }

    /** Where the engine's counts and timings go: {@code MicrometerMetrics.bind(registry)}, shared among rooms. */
    public RoomOptions withMetrics(io.rtcreactor.engine.metrics.EngineMetrics value) {
        return with(b -> b.metrics = Objects.requireNonNull(value, "metrics"));
    }

    public io.rtcreactor.engine.metrics.EngineMetrics metrics() {
        return metrics;
    }

    /** A hook before every SDP step (fault tests). */
    public RoomOptions withSdpStepHook(SdpStepHook value) {
        return with(b -> b.sdpStepHook = Objects.requireNonNull(value, "sdpStepHook"));
    }

    /** Whether a refused join may go to another region (see the table above); false keeps to the URL given. */
    public RoomOptions withRegionFailover(boolean value) {
        return with(b -> b.regionFailover = value);
    }

    /**
     * Where to ask for the server's regions when a join is refused, for a deployment that serves LiveKit Cloud's
     * {@code /settings/regions} under another host; null derives it for LiveKit Cloud hosts only.
     */
    public RoomOptions withRegionSettingsUrl(String value) {
        return with(b -> b.regionSettingsUrl = value);
    }

    public boolean regionFailover() {
        return regionFailover;
    }

    /** The URL to ask for regions for a session on {@code serverUrl}, or null for none. */
    public String regionSettingsUrl(String serverUrl) {
        if (!regionFailover) {
            return null;
        }
        if (regionSettingsUrl != null) {
            return regionSettingsUrl;
        }
        return io.rtcreactor.engine.internal.signal.RegionDirectory.isCloud(serverUrl)
                ? io.rtcreactor.engine.internal.signal.RegionDirectory.settingsUrl(serverUrl) : null;
    }

    public AutoSubscribe autoSubscribe() {
        return autoSubscribe;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    public Duration recoveryTimeout() {
        return recoveryTimeout;
    }

    public Duration disconnectTimeout() {
        return disconnectTimeout;
    }

    /** How long closing the peer connections and releasing the runtime may take: ¾ of {@code disconnectTimeout}. */
    public Duration releaseTimeout() {
        return disconnectTimeout.multipliedBy(3).dividedBy(4);
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    public ReconnectPolicy reconnectPolicy() {
        return reconnectPolicy;
    }

    public boolean adaptiveStream() {
        return adaptiveStream;
    }

    public Duration sdpStepTimeout() {
        return sdpStepTimeout;
    }

    public Duration answerTimeout() {
        return answerTimeout;
    }

    public Duration publishTimeout() {
        return publishTimeout;
    }

    public Duration peerDisconnectedGrace() {
        return peerDisconnectedGrace;
    }

    public Duration pathSilenceLimit() {
        return pathSilenceLimit;
    }

    public Duration defaultPingInterval() {
        return defaultPingInterval;
    }

    public Duration defaultPingTimeout() {
        return defaultPingTimeout;
    }

    public int eventBuffer() {
        return eventBuffer;
    }

    public int audioBuffer() {
        return audioBuffer;
    }

    public int signalQueue() {
        return signalQueue;
    }

    public int flightRecorder() {
        return flightRecorder;
    }

    public int reliableBuffer() {
        return reliableBuffer;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public RtcRuntime rtcRuntime() {
        return rtcRuntime;
    }

    public SdpStepHook sdpStepHook() {
        return sdpStepHook;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }

    private static int atLeastOne(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1");
        }
        return value;
    }

    private static final class Builder {
        AutoSubscribe autoSubscribe = AutoSubscribe.AUDIO_ONLY;
        boolean adaptiveStream;
        Duration connectTimeout = Duration.ofSeconds(15);
        Duration responseTimeout = Duration.ofSeconds(5);
        Duration recoveryTimeout = Duration.ofSeconds(15);
        Duration sdpStepTimeout = Duration.ofSeconds(5);
        Duration answerTimeout = Duration.ofSeconds(10);
        Duration publishTimeout = Duration.ofSeconds(10);
        Duration peerDisconnectedGrace = Duration.ofSeconds(5);
        Duration pathSilenceLimit = Duration.ofSeconds(3);
        Duration disconnectTimeout = Duration.ofSeconds(2);
        Duration joinTimeout = Duration.ofSeconds(30);
        Duration defaultPingInterval = Duration.ofSeconds(5);
        Duration defaultPingTimeout = Duration.ofSeconds(15);
        ReconnectPolicy reconnectPolicy = ReconnectPolicy.defaults();
        int eventBuffer = 1024;
        int audioBuffer = 50;
        int signalQueue = 1024;
        int flightRecorder = 256;
        int reliableBuffer = 1024;
        Scheduler scheduler = EngineSchedulers.timer();
        Scheduler callbackScheduler = EngineSchedulers.callbacks();
        RtcRuntime rtcRuntime;
        TlsTrust tlsTrust = TlsTrust.system();
        SdpStepHook sdpStepHook = SdpStepHook.NONE;
        io.rtcreactor.engine.metrics.EngineMetrics metrics = io.rtcreactor.engine.metrics.EngineMetrics.NONE;
        boolean regionFailover = true;
        String regionSettingsUrl;

        Builder() {
        }

        Builder(RoomOptions o) {
            autoSubscribe = o.autoSubscribe;
            adaptiveStream = o.adaptiveStream;
            connectTimeout = o.connectTimeout;
            responseTimeout = o.responseTimeout;
            recoveryTimeout = o.recoveryTimeout;
            sdpStepTimeout = o.sdpStepTimeout;
            answerTimeout = o.answerTimeout;
            publishTimeout = o.publishTimeout;
            peerDisconnectedGrace = o.peerDisconnectedGrace;
            pathSilenceLimit = o.pathSilenceLimit;
            disconnectTimeout = o.disconnectTimeout;
            joinTimeout = o.joinTimeout;
            defaultPingInterval = o.defaultPingInterval;
            defaultPingTimeout = o.defaultPingTimeout;
            reconnectPolicy = o.reconnectPolicy;
            eventBuffer = o.eventBuffer;
            audioBuffer = o.audioBuffer;
            signalQueue = o.signalQueue;
            flightRecorder = o.flightRecorder;
            reliableBuffer = o.reliableBuffer;
            scheduler = o.scheduler;
            callbackScheduler = o.callbackScheduler;
            rtcRuntime = o.rtcRuntime;
            tlsTrust = o.tlsTrust;
            sdpStepHook = o.sdpStepHook;
            metrics = o.metrics;
            regionFailover = o.regionFailover;
            regionSettingsUrl = o.regionSettingsUrl;
        }
    }
}
