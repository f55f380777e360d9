package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantPermission;
import io.rtcreactor.engine.proto.RegionInfo;
import io.rtcreactor.engine.proto.RegionSettings;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackSource;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.fault.ArmedFaults;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.media.ParticipantMedia;
import io.rtcreactor.testkit.signal.SignalSocket;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * One participant as the server keeps it: identity, sid, state, published tracks, subscriptions, its current
 * signal socket and its server-side media. Signal requests are handled by {@link ParticipantSignals}; this class
 * holds the state and the outgoing side. Lane-confined.
 */
public final class Participant {

    private static final Logger LOG = LoggerFactory.getLogger(Participant.class);

    final ServerContext context;
    final RoomRegistry registry;
    /** The room it is in; changes only when an administrator moves it ({@link RoomMove}). */
    ServerRoom room;
    final ParticipantRecord record;
    final ArmedFaults faults;
    private final String sid;
    private final String identity;
    private VerifiedToken token;
    private final boolean autoSubscribe;
    private final long joinedAtMillis;
    final Map<String, TrackInfo> pendingTracks = new LinkedHashMap<>();
    final Map<String, TrackInfo> publishedTracks = new LinkedHashMap<>();
    /** Published track sid → the client's track id (cid, the msid track id in its SDP). */
    final Map<String, String> cidBySid = new LinkedHashMap<>();
    final Set<String> subscribedTracks = new LinkedHashSet<>();
    /** Sids of the other participants this client was told about and not told have left. */
    final Set<String> knownParticipants = new LinkedHashSet<>();
    ParticipantMedia media;
    ParticipantSignals signals;
    /** LiveKit's TCP fallback for this participant (set at join). */
    ParticipantIce ice;
    private ParticipantInfo.State state = ParticipantInfo.State.JOINING;
    private int version;
    private SignalSocket socket;
    int lastReliableSequence;
    boolean migrated;
    /** Resumed after a migration and its SyncState not seen yet: the channels are "recreated" from it. */
    boolean syncAfterMigration;
    /** Track sids whose downtrack is being added (asynchronously): a second subscribe meanwhile adds none. */
    final Set<String> addingDowntracks = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The protocol version the client's join named (what LiveKit sends depends on it). */
    int protocol;
    /**
     * The client's {@code client_protocol} and {@code capabilities}, passed on to the others in ParticipantInfo as
     * LiveKit's ParticipantImpl.ToProto does: senders choose RPC over data streams and data streams v2 by them.
     */
    int clientProtocol;
    java.util.List<io.rtcreactor.engine.proto.ClientInfo.Capability> capabilities = java.util.List.of();
    /** Set once at join: see {@link #subscriberPrimary()}. */
    boolean subscriberPrimary = true;
    /** Name, metadata and attributes: the token's, then as the participant updated them. */
    String name;
    String metadata;
    final Map<String, String> attributes = new java.util.TreeMap<>();
    /** canPublish as an administrator set it at run time; null: the token's grant. */
    private Boolean publishPermission;
    /** Labels of publisher channels the new node recreated with another id than the client's: data on them is lost. */
    final Set<String> lostChannels = new LinkedHashSet<>();
    boolean mediaBlackHoled;
    private boolean gone;
    Disposable dropTimer;
    Disposable subscriberCloseTimer;
    Disposable refreshTimer;
    Disposable joinTimer;

    Participant(ServerContext context, RoomRegistry registry, ServerRoom room, VerifiedToken token,
                boolean autoSubscribe, SignalSocket socket, ParticipantRecord record, ArmedFaults faults, String sid) {
        this.context = context;
        this.registry = registry;
        this.room = room;
        this.token = token;
        this.name = token.name();
        this.metadata = token.metadata();
        this.attributes.putAll(token.attributes());
        this.identity = token.identity();
        this.sid = sid;
        this.autoSubscribe = autoSubscribe;
        this.socket = socket;
        this.record = record;
        this.faults = faults;
        this.joinedAtMillis = context.nowMillis();
    }

    public String sid() {
        return sid;
    }

    public String identity() {
        return identity;
    }

    public ParticipantInfo.State state() {
        return state;
    }

    public boolean isGone() {
        return gone;
    }

    public SignalSocket socket() {
        return socket;
    }

    /** Now in {@code next}, with {@code grantFor}'s claims (the same, for the new room). */
    void movedTo(ServerRoom next, VerifiedToken grantFor) {
        this.room = next;
        this.token = grantFor;
    }

    public VerifiedToken token() {
        return token;
    }

    public Map<String, TrackInfo> publishedTracks() {
        return publishedTracks;
    }

    /** The last reliable sequence received from this participant (reported as {@code last_message_seq}). */
    public int lastReliableSequence() {
        return lastReliableSequence;
    }

    /**
     * The token's {@code kind} claim, as LiveKit's {@code ClaimGrants.GetParticipantKind} reads it (absent or
     * unknown: STANDARD). The video grant's {@code agent} flag does not set it, in LiveKit neither.
     */
    ParticipantInfo.Kind kind() {
        String claim = token.kind().toUpperCase(java.util.Locale.ROOT);
        for (ParticipantInfo.Kind kind : ParticipantInfo.Kind.values()) {
            if (kind != ParticipantInfo.Kind.UNRECOGNIZED && kind.name().equals(claim)) {
                return kind;
            }
        }
        return ParticipantInfo.Kind.STANDARD;
    }

    /**
     * Whether this participant's downtracks carry the sync stream id {@code PA_…|<stream>}: LiveKit's
     * {@code SupportsSyncStreamID} (pkg/rtc/participant.go) is protocol above 9 in a sync_streams room (and not
     * Firefox; the testkit does not read the browser).
     */
    boolean supportsSyncStreamId() {
        return room.syncStreams() && protocol > 9;
    }

    /**
     * Whether a new downtrack may take a transceiver an earlier one left free: LiveKit's
     * {@code SupportsTransceiverReuse} (pkg/rtc/participant.go) is protocol above 3 and no sync stream ids (and not
     * Safari, which the testkit does not detect).
     */
    boolean supportsTransceiverReuse() {
        return protocol > 3 && !supportsSyncStreamId();
    }

    /** Downtracks sent to this participant on a reused transceiver (LiveKit's transceiver reuse). */
    public int transceiversReused() {
        return media == null ? 0 : media.transceiversReused();
    }

    /** The sids of this participant's published tracks (a copy). */
    public java.util.Set<String> publishedTrackSids() {
        return java.util.Set.copyOf(publishedTracks.keySet());
    }

    /** The sids of the tracks this participant is subscribed to (a copy), as the server holds them. */
    public java.util.Set<String> subscriptions() {
        return java.util.Set.copyOf(subscribedTracks);
    }

    boolean autoSubscribe() {
        return autoSubscribe;
    }

    boolean hidden() {
        return token.video().isHidden();
    }

    boolean isPublisher() {
        return !publishedTracks.isEmpty();
    }

    boolean canSubscribe() {
        return token.video().maySubscribe();
    }

    /**
     * Whether the subscriber PC is this participant's primary transport, decided once at join as LiveKit decides it
     * in {@code ParticipantImpl.setupTransportManager} ({@code pkg/rtc/participant.go}): protocol above 2 and a
     * token that may subscribe. Otherwise the publisher is primary: the client must offer on it at join, the
     * server sends data on the client's publisher channels and no subscriber offer comes until something is
     * subscribed. "Primary connection does not change", even if a permission update later changes canSubscribe.
     */
    boolean subscriberPrimary() {
        return subscriberPrimary;
    }

    boolean canPublish() {
        return publishPermission != null ? publishPermission : token.video().mayPublish();
    }

    /** Whether a track of {@code source} may be published: canPublish, and the token's source list if it has one. */
    boolean canPublishSource(TrackSource source) {
        return canPublish() && token.video().mayPublishSource(source.name());
    }

    /** An administrator's permission change (LiveKit's SetPermission): replaces the token's canPublish. */
    void setCanPublish(boolean value) {
        publishPermission = value;
    }

    boolean mayUpdateOwnMetadata() {
        return token.video().mayUpdateOwnMetadata();
    }

    boolean canPublishData() {
        return token.video().mayPublishData();
    }

    /** The token's source list as LiveKit's enum (names it does not know left out, as LiveKit's parser does). */
    private java.util.List<TrackSource> publishSources() {
        java.util.List<String> names = token.video().canPublishSources();
        return names == null ? java.util.List.of() : names.stream()
                .map(n -> java.util.Arrays.stream(TrackSource.values()).filter(s -> s != TrackSource.UNRECOGNIZED
                        && s.name().equalsIgnoreCase(n)).findFirst().orElse(null))
                .filter(java.util.Objects::nonNull).toList();
    }

    /** The ParticipantInfo LiveKit sends: version rises with every change, so clients drop older updates. */
    ParticipantInfo info() {
        return ParticipantInfo.newBuilder()
                .setSid(sid)
                .setIdentity(identity)
                .setName(name)
                .setMetadata(metadata)
                .putAllAttributes(attributes)
                .setState(state)
                .addAllTracks(publishedTracks.values())
                .setJoinedAt(joinedAtMillis / 1000)
                .setJoinedAtMs(joinedAtMillis)
                .setVersion(version)
                .setIsPublisher(isPublisher())
                .setKind(kind())
                .setClientProtocol(clientProtocol)
                .addAllCapabilities(capabilities)
                .setPermission(ParticipantPermission.newBuilder()
                        .setCanSubscribe(canSubscribe())
                        .setCanPublish(canPublish())
                        .setCanPublishData(canPublishData())
                        .addAllCanPublishSources(publishSources())
                        .setCanUpdateMetadata(token.video().mayUpdateOwnMetadata())
                        .setHidden(hidden()))
                .build();
    }

    /** Records a change of this participant and tells the others. */
    void changed() {
        version++;
        if (!gone) {
            room.broadcast(this);
        }
    }

    void setState(ParticipantInfo.State next) {
        if (state != next && state != ParticipantInfo.State.DISCONNECTED) {
            state = next;
            changed();
        }
    }

    void markGone() {
        gone = true;
        state = ParticipantInfo.State.DISCONNECTED;
        version++;
    }

    /** Replaces the signal socket (a resume); the old one, if still open, is closed. */
    void swapSocket(SignalSocket next) {
        SignalSocket old = socket;
        socket = next;
        if (old != null && old != next && old.isOpen()) {
            old.close(1000, "resumed on another connection");
        }
    }

    /**
     * Lets go of the signal socket without closing it: a {@code leave} fault that removes the participant leaves
     * closing to the Leave itself ({@code leaveCloseDelay} later with {@code close_socket}, never without).
     */
    void releaseSocket() {
        socket = null;
    }

    void socketClosed(SignalSocket closed) {
        if (socket == closed) {
            socket = null;
            if (ice != null) {
                ice.signalClosed();
            }
        }
    }

    /**
     * Sends a ParticipantUpdate about {@code about} and remembers that this client knows it (unless it is itself).
     * Only an update that went out counts: one dropped while the socket was down (a migration) is what the resume's
     * update of "participants that left meanwhile" makes up for (PROTOCOL.md, "Resume", step 2).
     */
    void sendUpdate(SignalResponse update, ParticipantInfo about) {
        if (!send(update)) {
            return;
        }
        if (about.getSid().equals(sid)) {
            // an update about itself: not one of the "other participants" a resume reconciles
        } else if (about.getState() == ParticipantInfo.State.DISCONNECTED) {
            knownParticipants.remove(about.getSid());
        } else {
            knownParticipants.add(about.getSid());
        }
    }

    /**
     * Sends one message on the current socket, unless a {@code silent} fault withholds it; true if it went out
     * (false: withheld, or no open socket).
     */
    boolean send(SignalResponse message) {
        return send(socket, message);
    }

    boolean send(SignalSocket target, SignalResponse message) {
        String type = message.getMessageCase().name().toLowerCase(java.util.Locale.ROOT);
        int offerId = message.hasOffer() ? message.getOffer().getId()
                : message.hasAnswer() ? message.getAnswer().getId() : 0;
        boolean silenced = faults.silences(Fault.Silence.ALL, context.clock().instant())
                || (message.hasPongResp() || message.hasPong())
                && faults.silences(Fault.Silence.PONG, context.clock().instant());
        if (target == null || !target.isOpen()) {
            record.note("out-dropped", type, offerId, context.nowMillis(), target == null ? 0 : target.id());
            return false;
        }
        if (silenced) {
            record.note("out-withheld", type, offerId, context.nowMillis(), target.id());
            return false;
        }
        record.note("out", type, offerId, context.nowMillis(), target.id());
        target.send(message);
        return true;
    }

    /**
     * Sends {@code leave} and, if asked, closes the socket right after it, as LiveKit's server does: the deferred
     * close of {@code RTCService.serve} ({@code pkg/service/rtcservice.go}) lets the response pump flush what the
     * participant queued on its way out (the Leave) and then writes one close frame. No message can follow the
     * Leave on that socket. {@link io.rtcreactor.testkit.TestkitOptions#leaveCloseDelay()} (zero by default) can
     * hold the close back, for clients whose outcome depends on which of the two they notice first (LiveKit's
     * Rust client escalates a resume it has just begun when it then sees the server's close).
     */
    void sendLeave(LeaveRequest.Action action, DisconnectReason reason, boolean closeSocket) {
        SignalSocket current = socket;
        LeaveRequest.Builder leave = LeaveRequest.newBuilder().setAction(action).setReason(reason)
                .setCanReconnect(action != LeaveRequest.Action.DISCONNECT);
        RegionSettings regions = regionSettings(context.options());
        if (action != LeaveRequest.Action.DISCONNECT && regions != null) {
            leave.setRegions(regions);
        }
        send(current, SignalResponse.newBuilder().setLeave(leave).build());
        if (closeSocket && current != null) {
            closeAfterLeave(current, "leave " + action);
        }
    }

    /**
     * LiveKit's {@code sendLeaveRequest} names the regions in every RESUME or RECONNECT Leave, "just in case client
     * wants to a full reconnect despite server saying RESUME" ({@code pkg/rtc/participant_signal.go}); its helper
     * has regions only on LiveKit Cloud. Null when the options name none.
     */
    static RegionSettings regionSettings(io.rtcreactor.testkit.TestkitOptions options) {
        if (options.regions().isEmpty()) {
            return null;
        }
        RegionSettings.Builder settings = RegionSettings.newBuilder();
        long distance = 0;
        for (var region : options.regions()) {
            settings.addRegions(RegionInfo.newBuilder().setRegion(region.name()).setUrl(region.url())
                    .setDistance(distance++));
        }
        return settings.build();
    }

    /** A Leave as servers before protocol 13 sent it: no action, only {@code can_reconnect}. */
    void sendLegacyLeave(DisconnectReason reason, boolean canReconnect, boolean closeSocket) {
        SignalSocket current = socket;
        send(current, SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                .setReason(reason).setCanReconnect(canReconnect)).build());
        if (closeSocket && current != null) {
            closeAfterLeave(current, "legacy leave");
        }
    }

    private void closeAfterLeave(SignalSocket current, String why) {
        long delay = context.options().leaveCloseDelay().toMillis();
        if (delay <= 0) {
            // the Leave is already queued on the socket; the close frame goes out after it
            current.close(1000, why);
        } else {
            context.lane().schedule(() -> current.close(1000, why), delay, TimeUnit.MILLISECONDS);
        }
    }

    /** Schedules {@code task} on the lane after {@code millis}; it is skipped if this participant is gone. */
    Disposable later(long millis, Runnable task) {
        return context.lane().schedule(() -> {
            if (!gone) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("{}: timer task failed: {}", identity, e.toString());
                }
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    void cancelTimers() {
        for (Disposable timer : new Disposable[] {dropTimer, subscriberCloseTimer, refreshTimer, joinTimer}) {
            if (timer != null) {
                timer.dispose();
            }
        }
    }

    @Override
    public String toString() {
        return identity + "(" + sid + ")";
    }
}
