package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ClientConfigSetting;
import io.rtcreactor.engine.proto.ClientConfiguration;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.ICEServer;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.TrickleRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.fault.ArmedFaults;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.internal.Ids;
import io.rtcreactor.testkit.media.ParticipantMedia;
import io.rtcreactor.testkit.media.TcpPreferenceGate;
import io.rtcreactor.testkit.signal.ConnectParams;
import io.rtcreactor.testkit.signal.SignalSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server core: rooms, the record and armed faults of every identity, and the join and resume paths of
 * LiveKit's server. Lane-confined: the HTTP layer hops onto the lane before calling in.
 */
public final class RoomRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(RoomRegistry.class);

    /** What to do with an upgrade request. */
    public sealed interface Admission {
        /** Upgrade and serve. */
        record Proceed() implements Admission {
        }

        /** Answer with this HTTP status and body instead. */
        record Refuse(int status, String body) implements Admission {
        }

        /** Answer {@code after} later (null: never). */
        record Hang(Duration after) implements Admission {
        }
    }

    private final ServerContext context;
    private final Map<String, ServerRoom> rooms = new LinkedHashMap<>();
    private final Map<String, ParticipantRecord> records = new LinkedHashMap<>();
    private final Map<String, ArmedFaults> faults = new LinkedHashMap<>();
    private final Map<String, Integer> lastRefusal = new LinkedHashMap<>();
    final Tracks tracks;
    final IceConfigCache iceConfigs = new IceConfigCache();
    private final Resumes resumes;
    final DataRouting data;
    /** Removed participants whose peer connections are still closing (or still opening); touched off the lane. */
    private final AtomicInteger mediaClosing = new AtomicInteger();
    private boolean closing;

    private final RoomWatch watch;

    public RoomRegistry(ServerContext context) {
        this.context = context;
        this.tracks = new Tracks(context);
        this.resumes = new Resumes(this);
        this.data = new DataRouting();
        this.watch = new RoomWatch(context, rooms::values);
    }

    public ServerContext context() {
        return context;
    }

    public Collection<ServerRoom> rooms() {
        return rooms.values();
    }

    /** Every room that exists or had a participant since the last reset, by name (for the console). */
    public java.util.SortedSet<String> roomNames() {
        java.util.SortedSet<String> names = new java.util.TreeSet<>(rooms.keySet());
        records.keySet().forEach(key -> names.add(key.substring(0, key.indexOf('\u0000'))));
        return names;
    }

    public ServerRoom room(String name) {
        return rooms.get(name);
    }

    /** The record of an identity in a room (created on first use). */
    public ParticipantRecord record(String room, String identity) {
        return records.computeIfAbsent(room + "\u0000" + identity, k -> new ParticipantRecord(identity));
    }

    /** Records of a room, in first-seen order. */
    public List<ParticipantRecord> records(String room) {
        List<ParticipantRecord> out = new ArrayList<>();
        records.forEach((key, value) -> {
            if (key.startsWith(room + "\u0000")) {
                out.add(value);
            }
        });
        return out;
    }

    /** The room called {@code name}, made now if there is none (as a join would make it). */
    ServerRoom roomFor(String name) {
        return rooms.computeIfAbsent(name, n -> new ServerRoom(n, context.nowMillis(), context.options().syncStreams()));
    }

    /** An identity's record and armed faults follow it to another room. */
    void rekey(String from, String to, String identity) {
        ParticipantRecord record = records.remove(from + "\u0000" + identity);
        if (record != null) {
            records.put(to + "\u0000" + identity, record);
        }
        ArmedFaults armed = faults.remove(from + "\u0000" + identity);
        if (armed != null) {
            faults.put(to + "\u0000" + identity, armed);
        }
    }

    /** The participant currently holding {@code identity} in {@code room}, or null. */
    public Participant participant(String room, String identity) {
        ServerRoom serverRoom = rooms.get(room);
        return serverRoom == null ? null : serverRoom.participant(identity);
    }

    public ArmedFaults faults(String room, String identity) {
        return faults.computeIfAbsent(room + "\u0000" + identity, k -> new ArmedFaults());
    }

    /** Decides an upgrade: an armed {@code refuse} or {@code hang_upgrade} acts here. */
    public Admission admit(String room, String identity) {
        record(room, identity).upgrades++;
        ArmedFaults armed = faults(room, identity);
        var refuse = armed.take(Fault.Refuse.class, context.clock().instant());
        if (refuse.isPresent()) {
            lastRefusal.put(room + "\u0000" + identity, refuse.get().status());
            return new Admission.Refuse(refuse.get().status(), refusalBody(refuse.get().status()));
        }
        var hang = armed.take(Fault.HangUpgrade.class, context.clock().instant());
        if (hang.isPresent()) {
            return new Admission.Hang(hang.get().after());
        }
        lastRefusal.remove(room + "\u0000" + identity);
        return new Admission.Proceed();
    }

    /** What {@code /rtc/validate} answers for a valid token: the refusal in force, if any. */
    public Admission validate(String room, String identity) {
        Integer status = lastRefusal.get(room + "\u0000" + identity);
        return status == null ? new Admission.Proceed() : new Admission.Refuse(status, refusalBody(status));
    }

    static String refusalBody(int status) {
        return switch (status) {
            case 401 -> "unauthorized: the testkit was told to refuse this participant (fault refuse 401)";
            case 403 -> "forbidden: permission denied (fault refuse 403)";
            case 404 -> "requested room does not exist (fault refuse 404)";
            default -> "service unavailable: server is at capacity, try again (fault refuse " + status + ")";
        };
    }

    /** A fresh join (no {@code reconnect=1}). */
    public void join(ConnectParams params, VerifiedToken token, SignalSocket socket) {
        if (refusedWhileClosing(socket)) {
            return;
        }
        String roomName = token.video().room();
        // The join that makes the room configures it: the server's sync_streams, or the token's roomConfig
        // (CreateRoom in pkg/service/roomallocator.go, from SetRoomConfiguration in pkg/service/utils.go).
        boolean syncStreams = context.options().syncStreams()
                || (token.roomConfig() != null && token.roomConfig().syncStreams());
        ServerRoom room = rooms.computeIfAbsent(roomName, name -> new ServerRoom(name, context.nowMillis(),
                syncStreams));
        ParticipantRecord record = record(roomName, token.identity());
        ArmedFaults armed = faults(roomName, token.identity());
        Participant previous = room.participant(token.identity());
        boolean staleSocket = previous != null && armed.take(Fault.StaleSocket.class, context.clock().instant()).isPresent();
        if (previous != null) {
            SignalSocket oldSocket = previous.socket();
            if (staleSocket) {
                // Kept open for the stale messages: removing the participant must not close it.
                previous.releaseSocket();
            } else {
                previous.sendLeave(LeaveRequest.Action.DISCONNECT, DisconnectReason.DUPLICATE_IDENTITY, true);
            }
            remove(previous, DisconnectReason.DUPLICATE_IDENTITY);
            if (staleSocket && oldSocket != null) {
                FaultActions.staleSocket(previous, oldSocket);
            }
        }
        if (record.joins > 0) {
            record.fullReconnects++;
        }
        record.joins++;
        record.client = params.client();
        Participant participant = new Participant(context, this, room, token, params.autoSubscribe(), socket,
                record, armed, Ids.participant());
        participant.signals = new ParticipantSignals(participant);
        participant.protocol = params.protocol();
        participant.clientProtocol = params.clientProtocol();
        participant.capabilities = params.capabilities();
        participant.subscriberPrimary = params.protocol() > 2 && participant.canSubscribe();
        participant.ice = new ParticipantIce(iceConfigs.get(roomName, token.identity(), context.clock().instant()),
                IceFallback.supportsTcp(params.sdk(), params.version()), context.clock().instant(),
                preference -> iceChanged(participant, preference));
        ParticipantIce ice = participant.ice;
        record.icePreference = ice.preference().name();
        participant.media = new ParticipantMedia(token.identity(), context.runtime(), context.lane(),
                context.options().stepTimeout(), context.options().offerAnswerTimeout(),
                new TcpPreferenceGate(context.relay().gateFor(participant.sid()), ice::preferTcp),
                participant.signals);
        room.add(participant);
        LOG.info("{} joined room {} as {} (join #{})", token.identity(), roomName, participant.sid(), record.joins);
        Duration silence = silentDelay(armed, Fault.Silence.JOIN_RESPONSE);
        if (silence == null) {
            completeJoin(participant);
        } else if (!silence.isNegative()) {
            participant.joinTimer = participant.later(silence.toMillis(), () -> completeJoin(participant));
        }
    }

    private void completeJoin(Participant participant) {
        ServerRoom room = participant.room;
        JoinResponse.Builder join = JoinResponse.newBuilder()
                .setRoom(room.toProto())
                .setParticipant(participant.info())
                .addAllOtherParticipants(room.othersInfo(participant))
                .setServerVersion(ServerContext.VERSION)
                .setServerRegion("loopback")
                .setServerInfo(context.serverInfo())
                .setSubscriberPrimary(participant.subscriberPrimary())
                // LiveKit: canPublish && !hasICEFallback (Room.createJoinResponseLocked, pkg/rtc/room.go): a
                // participant that joins on a cached TCP fallback is not asked to publish early.
                .setFastPublish(participant.canPublish()
                        && participant.ice.preference() == IceFallback.Preference.ANY)
                .setClientConfiguration(clientConfiguration())
                .setPingInterval((int) context.options().pingInterval().toSeconds())
                .setPingTimeout((int) context.options().pingTimeout().toSeconds())
                .addAllIceServers(List.<ICEServer>of());
        FaultActions.shapeJoin(participant, join);
        for (ParticipantInfo other : join.getOtherParticipantsList()) {
            participant.knownParticipants.add(other.getSid());
        }
        participant.send(SignalResponse.newBuilder().setJoin(join).build());
        sendRefreshToken(participant);
        participant.changed();
        participant.joinTimer = participant.later(context.options().joinTimeout().toMillis(), () -> {
            if (participant.state() != ParticipantInfo.State.ACTIVE) {
                LOG.info("{} did not connect within {}; removing it", participant, context.options().joinTimeout());
                participant.sendLeave(LeaveRequest.Action.DISCONNECT, DisconnectReason.JOIN_FAILURE, true);
                remove(participant, DisconnectReason.JOIN_FAILURE);
            }
        });
        // LiveKit makes the subscriber's data channels at join only when the subscriber is primary
        // (NewTransportManager → createDataChannelsForSubscriber, pkg/rtc/transportmanager.go), and those are what
        // make its first offer: a publisher-primary participant gets no subscriber offer until it subscribes.
        boolean primary = participant.subscriberPrimary();
        participant.media.start(primary).subscribe(null,
                error -> participant.signals.negotiationFailed(SignalTarget.SUBSCRIBER, "start", error),
                () -> {
                    tracks.subscribeToExisting(participant);
                    if (primary) {
                        participant.media.negotiateSubscriber(false);
                    }
                });
    }

    /**
     * LiveKit's {@code GetClientConfiguration}, sent in every Join- and ReconnectResponse: {@code force_relay} is
     * ENABLED once a participant is on TURN/TLS ({@code pkg/rtc/participant.go}); the testkit has no TURN and
     * sends it when its options say so.
     */
    ClientConfiguration clientConfiguration() {
        return context.options().forceRelay()
                ? ClientConfiguration.newBuilder().setForceRelay(ClientConfigSetting.ENABLED).build()
                : ClientConfiguration.getDefaultInstance();
    }

    /** LiveKit's {@code OnICEConfigChanged} → {@code iceConfigCache.Put} ({@code pkg/service/roommanager.go}). */
    private void iceChanged(Participant participant, IceFallback.Preference preference) {
        LOG.info("{}: ICE preference now {} (LiveKit's TCP fallback); remembered for {} in room {}", participant,
                preference, IceConfigCache.TTL, participant.room.name());
        iceConfigs.put(participant.room.name(), participant.identity(), preference, context.clock().instant());
        participant.record.icePreference = preference.name();
    }

    /** A fresh token with {@code token}'s claims, as LiveKit's server mints for {@code refresh_token}. */
    String mint(VerifiedToken token) {
        return AccessToken.builder(context.options().apiKey(), context.options().apiSecret())
                .identity(token.identity()).name(token.name()).metadata(token.metadata())
                .attributes(token.attributes()).grant(token.video()).roomConfig(token.roomConfig())
                .kind(AccessToken.KINDS.contains(token.kind()) ? token.kind() : null).ttl(Duration.ofHours(6))
                .clock(context.clock()).build().toJwt();
    }

    void sendRefreshToken(Participant participant) {
        String refreshed = mint(participant.token());
        participant.send(SignalResponse.newBuilder().setRefreshToken(refreshed).build());
        participant.refreshTimer = participant.later(context.options().refreshTokenInterval().toMillis(),
                () -> sendRefreshToken(participant));
    }

    /** A resume ({@code reconnect=1&sid=…}): see {@link Resumes}. */
    public void resume(ConnectParams params, VerifiedToken token, SignalSocket socket, Runnable onRefused) {
        resumes.resume(params, token, socket, onRefused);
    }

    /** Routes one client request to the participant that owns {@code socket}; stale sockets are ignored. */
    public void request(String roomName, String identity, SignalSocket socket, SignalRequest request) {
        Participant participant = owner(roomName, identity, socket);
        ParticipantRecord record = participant != null ? participant.record : record(roomName, identity);
        String type = request.getMessageCase().name().toLowerCase(java.util.Locale.ROOT);
        int offerId = request.hasOffer() ? request.getOffer().getId() : request.hasAnswer() ? request.getAnswer().getId() : 0;
        if (participant == null || participant.socket() != socket) {
            record.note("in-stale", type, offerId, context.nowMillis(), socket.id());
            return;
        }
        record.note("in", type, offerId, context.nowMillis(), socket.id());
        participant.signals.handle(request);
    }

    /**
     * The participant a socket belongs to: the one its token names, or, after an administrator moved it
     * ({@link RoomMove}), the one in another room that holds this very socket. A socket stays with its participant
     * session whatever room that is in, as on LiveKit's server.
     */
    private Participant owner(String roomName, String identity, SignalSocket socket) {
        ServerRoom room = rooms.get(roomName);
        Participant named = room == null ? null : room.participant(identity);
        if (named != null && named.socket() == socket) {
            return named;
        }
        for (ServerRoom other : rooms.values()) {
            Participant holder = other.participant(identity);
            if (holder != null && holder.socket() == socket) {
                return holder;
            }
        }
        return named;
    }

    /** A frame that could not be decoded. */
    public void badFrame(String roomName, String identity, SignalSocket socket, String reason) {
        ParticipantRecord record = record(roomName, identity);
        record.badFrames++;
        record.note("in-bad", reason, 0, context.nowMillis(), socket.id());
    }

    /** The client side of a socket went away (without a leave); the participant lives on while its PCs do. */
    public void socketClosed(String roomName, String identity, SignalSocket socket) {
        Participant participant = owner(roomName, identity, socket);
        if (participant != null) {
            participant.socketClosed(socket);
        }
    }

    /** Removes a participant: tells the others, stops its tracks, closes its media and socket. */
    public void remove(Participant participant, DisconnectReason reason) {
        if (participant.isGone()) {
            return;
        }
        participant.cancelTimers();
        participant.markGone();
        participant.record.lastSid = participant.sid();
        ServerRoom room = participant.room;
        room.remove(participant);
        tracks.participantLeft(participant);
        room.broadcast(participant);
        mediaClosing.incrementAndGet();
        participant.media.close(false)
                .doFinally(signal -> context.relay().forget(participant.sid()))
                .doFinally(signal -> mediaClosing.decrementAndGet())
                .subscribe(null, e -> LOG.debug("close media of {}: {}", participant, e.toString()));
        SignalSocket socket = participant.socket();
        if (socket != null && socket.isOpen()) {
            socket.close(1000, "participant removed: " + reason);
        }
        LOG.info("{} left room {} ({})", participant, room.name(), reason);
    }

    /**
     * Removed participants whose peer connections are not closed yet, including ones still being opened: the
     * server releases its WebRTC runtime only once this is 0.
     */
    public int mediaClosing() {
        return mediaClosing.get();
    }

    /** Applies a fault; returns the HTTP status the control API answers with. */
    public int apply(String roomName, String identity, Fault fault) {
        ServerRoom room = rooms.get(roomName);
        Participant participant = room == null ? null : room.participant(identity);
        if (participant == null && !fault.actsOnFutureConnection()) {
            return 404;
        }
        if (fault instanceof Fault.Move move) {
            return RoomMove.move(this, participant, move.destinationRoom());
        }
        if (!FaultActions.actNow(this, participant, fault)) {
            faults(roomName, identity).arm(fault, context.clock().instant());
        }
        LOG.info("fault {} applied to {}/{}", fault, roomName, identity);
        return 200;
    }

    /**
     * The server is closing: drops everyone, and refuses every join and resume from now on, including those of
     * upgrades accepted a moment ago, whose media would otherwise outlive the server's WebRTC runtime.
     */
    public void close() {
        closing = true;
        watch.dispose();
        reset();
    }

    boolean refusedWhileClosing(SignalSocket socket) {
        if (closing) {
            socket.close(1001, "server closing");
        }
        return closing;
    }

    /** Drops every room, record and fault. */
    public void reset() {
        for (ServerRoom room : List.copyOf(rooms.values())) {
            for (Participant participant : List.copyOf(room.participants())) {
                participant.sendLeave(LeaveRequest.Action.DISCONNECT, DisconnectReason.ROOM_DELETED, true);
                remove(participant, DisconnectReason.ROOM_DELETED);
            }
        }
        rooms.clear();
        records.clear();
        faults.clear();
        lastRefusal.clear();
    }

    /** A trickle message for the client. */
    static SignalResponse trickle(SignalTarget target, String candidateJson) {
        return SignalResponse.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setTarget(target).setCandidateInit(candidateJson)).build();
    }

    /** null: no silence in force; negative: silent forever; else how long to wait. */
    Duration silentDelay(ArmedFaults armed, Fault.Silence what) {
        return armed.silenceRemaining(what, context.clock().instant());
    }
}
