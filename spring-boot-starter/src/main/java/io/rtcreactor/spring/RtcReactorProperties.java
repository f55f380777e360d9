package io.rtcreactor.spring;

import io.rtcreactor.engine.AutoSubscribe;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code rtc-reactor.*} properties. Every engine option left unset keeps the engine's default (listed in
 * {@code RoomOptions} and docs/reconnect.md), so there is one place where defaults live.
 *
 * @param url       the LiveKit server, e.g. {@code wss://my-project.livekit.cloud} or {@code ws://127.0.0.1:7880}
 * @param apiKey    the API key tokens are signed for; needed only to mint tokens here
 * @param apiSecret the API secret tokens are signed with; never logged, never in toString()
 * @param token     what tokens minted by {@link RoomConnector} grant
 * @param options   the engine's options for every room the connector creates
 */
@ConfigurationProperties("rtc-reactor")
public record RtcReactorProperties(String url, String apiKey, String apiSecret, @DefaultValue Token token,
                                   @DefaultValue Options options) {

    /**
     * What a minted token grants besides joining its room.
     *
     * @param ttl                  how long a token is valid (LiveKit's default, 6 h)
     * @param agent                whether the participant joins as an agent (LiveKit's participant kind AGENT)
     * @param canUpdateOwnMetadata whether it may set its own attributes, metadata and name (agents publish their
     *                             state as the attribute {@code lk.agent.state})
     */
    public record Token(@DefaultValue("6h") Duration ttl, @DefaultValue("true") boolean agent,
                        @DefaultValue("true") boolean canUpdateOwnMetadata) {
    }

    /**
     * The engine's options; each one unset keeps the engine's default.
     *
     * @param autoSubscribe         which remote tracks to subscribe to (engine default: AUDIO_ONLY)
     * @param connectTimeout        TCP and WebSocket upgrade of one signal connection (15 s)
     * @param responseTimeout       upgrade to the server's join or reconnect response (5 s)
     * @param recoveryTimeout       response to transports connected (15 s)
     * @param sdpStepTimeout        each create or apply of a session description (5 s)
     * @param answerTimeout         an offer of ours waiting for the server's answer (10 s)
     * @param publishTimeout        a track or metadata update waiting for the server's confirmation (10 s)
     * @param peerDisconnectedGrace a transport disconnected this long counts as failed (5 s)
     * @param pathSilenceLimit      while connected, a transport whose ICE pair answered no connectivity check for
     *                              this long counts as failed (3 s; 0 switches the watch off)
     * @param disconnectTimeout     the bound of a disconnect, also on shutdown (2 s)
     * @param joinTimeout           the bound of a first join, retries included (30 s)
     * @param eventBuffer           events buffered per events() subscriber, the oldest dropped beyond (1024)
     * @param audioBuffer           frames buffered per remote-audio subscriber (50, that is 500 ms)
     * @param signalQueue           outgoing signal messages queued, e.g. during a reconnect (1024)
     * @param reliableBuffer        sent reliable packets kept for re-sending after a resume (1024)
     * @param flightRecorder        signal messages and state changes each session keeps for diagnostics (256)
     * @param regionFailover        whether a refused join tries the next region the server named (true)
     * @param tlsTrust              a PEM file of the certificates a wss:// server may present, e.g. a private CA or a
     *                              self-signed server's own (unset: the JVM's trust store); host names are always
     *                              checked
     * @param reconnect             the reconnect policy's bounds
     */
    public record Options(AutoSubscribe autoSubscribe, Duration connectTimeout, Duration responseTimeout,
                          Duration recoveryTimeout, Duration sdpStepTimeout, Duration answerTimeout,
                          Duration publishTimeout, Duration peerDisconnectedGrace, Duration pathSilenceLimit,
                          Duration disconnectTimeout,
                          Duration joinTimeout, Integer eventBuffer, Integer audioBuffer, Integer signalQueue, Integer reliableBuffer,
                          Integer flightRecorder, Boolean regionFailover, java.nio.file.Path tlsTrust,
                          @DefaultValue Reconnect reconnect) {
    }

    /**
     * The reconnect policy (a jittered backoff); each one unset keeps the engine's default.
     *
     * @param baseDelay   the delay before the second attempt, doubled after each (300 ms; the first is at once)
     * @param maxDelay    the longest delay between attempts (7 s)
     * @param maxAttempts attempts before giving up (10)
     * @param deadline    the whole episode's bound (60 s)
     */
    public record Reconnect(Duration baseDelay, Duration maxDelay, Integer maxAttempts, Duration deadline) {
    }

    /** Says whether a key and secret are set; never shows the secret. */
    @Override
    public String toString() {
        return "RtcReactorProperties{url=" + url + ", apiKey=" + apiKey + ", apiSecret="
                + (apiSecret == null || apiSecret.isEmpty() ? "unset" : "(set)") + ", token=" + token + ", options="
                + options + "}";
    }
}
