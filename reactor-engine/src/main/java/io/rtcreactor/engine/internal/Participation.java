package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.ParticipantPermissions;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantPermission;
import io.rtcreactor.engine.proto.TrackSource;
import io.rtcreactor.engine.rtc.IcePolicy;
import java.time.Duration;

/**
 * Who this session is in the room and what the server told it: identity and sids from the JoinResponse, the
 * newest token ({@code refresh_token} replaces it), ICE servers, keepalive values, and the server's
 * {@code last_message_seq} of the last resume. Lane-confined; the room name, sids and identity are also read by
 * the application's threads, hence volatile.
 */
final class Participation {

    private volatile String token;
    private volatile String identity = "";
    private volatile String localSid = "";
    private volatile String roomName = "";
    private volatile String roomSid = "";
    private volatile ParticipantPermissions permissions = ParticipantPermissions.UNKNOWN;
    private IcePolicy ice = IcePolicy.OPEN;
    private Duration pingInterval;
    private Duration pingTimeout;
    private long lastMessageSeq;

    Participation(String token, Duration pingInterval, Duration pingTimeout) {
        this.token = token;
        this.pingInterval = pingInterval;
        this.pingTimeout = pingTimeout;
    }

    /** The newest access token; never logged. */
    String token() {
        return token;
    }

    void token(String value) {
        this.token = value;
    }

    String identity() {
        return identity;
    }

    String localSid() {
        return localSid;
    }

    /** Who we are, from a JoinResponse. */
    void joined(String identity, String localSid) {
        this.identity = identity;
        this.localSid = localSid;
    }

    /** What the server allows us, as it last said. */
    ParticipantPermissions permissions() {
        return permissions;
    }

    /**
     * Takes the permission of a ParticipantInfo about us (JoinResponse, ParticipantUpdate, RoomMovedResponse);
     * true if it changed. An info without one (a server that omits it) changes nothing.
     */
    boolean permissions(ParticipantInfo self) {
        if (!self.hasPermission()) {
            return false;
        }
        ParticipantPermission p = self.getPermission();
        ParticipantPermissions now = new ParticipantPermissions(p.getCanPublish(), p.getCanSubscribe(),
                p.getCanPublishData(), p.getCanPublishSourcesList().stream().map(TrackSource::name)
                        .collect(java.util.stream.Collectors.toSet()), p.getCanUpdateMetadata(), p.getHidden());
        boolean changed = !now.equals(permissions);
        permissions = now;
        return changed;
    }

    String roomName() {
        return roomName;
    }

    String roomSid() {
        return roomSid;
    }

    void room(String name, String sid) {
        this.roomName = name;
        this.roomSid = sid;
    }

    IcePolicy ice() {
        return ice;
    }

    void ice(IcePolicy policy) {
        this.ice = policy;
    }

    Duration pingInterval() {
        return pingInterval;
    }

    Duration pingTimeout() {
        return pingTimeout;
    }

    void ping(Duration interval, Duration timeout) {
        this.pingInterval = interval;
        this.pingTimeout = timeout;
    }

    /** The last reliable sequence the server had from us at the last resume ({@code last_message_seq}). */
    long lastMessageSeq() {
        return lastMessageSeq;
    }

    void lastMessageSeq(long value) {
        this.lastMessageSeq = value;
    }
}
