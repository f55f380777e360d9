package io.rtcreactor.engine.rtc;

import java.util.List;

/**
 * How a peer connection may find its path: the STUN/TURN servers LiveKit handed out, and whether only relayed
 * candidates may be used.
 *
 * <p>{@code relayOnly} is LiveKit's {@code ClientConfiguration.force_relay = ENABLED} (sent in the JoinResponse
 * and the ReconnectResponse; its server sets it once it has moved a participant to TURN/TLS,
 * {@code pkg/rtc/participant.go}, on an ICE config change). LiveKit's JS client answers it with
 * {@code iceTransportPolicy: 'relay'}; so does this engine: no host or server-reflexive candidate is gathered.
 *
 * <p>TCP candidates are always allowed: LiveKit's server falls back to ICE over TCP after UDP failed
 * ({@code TransportManager.handleConnectionFailed}, {@code pkg/rtc/transportmanager.go}) and from then on offers
 * only TCP candidates, which a client gathering no TCP candidates can never reach.
 */
public record IcePolicy(List<IceServer> servers, boolean relayOnly) {

    /** No ICE servers, any candidate type: what a loopback test or a server without STUN/TURN gives. */
    public static final IcePolicy OPEN = new IcePolicy(List.of(), false);

    public IcePolicy {
        servers = List.copyOf(servers);
    }

    /** The given servers, any candidate type. */
    public static IcePolicy of(List<IceServer> servers) {
        return new IcePolicy(servers, false);
    }
}
