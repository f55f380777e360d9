package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.proto.ClientConfiguration;
import io.rtcreactor.engine.proto.DataChannelInfo;
import io.rtcreactor.engine.proto.ICEServer;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.SyncState;
import io.rtcreactor.engine.proto.UpdateSubscription;
import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.IceServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of an accepted attempt: after a JoinResponse ({@link #rejoin}) and after a ReconnectResponse
 * ({@link #resync}). They do what the supervisor commanded and report back as inputs; whether the attempt has
 * recovered is the supervisor's to decide. Lane-confined.
 */
final class RecoverySteps {

    private static final Logger LOG = LoggerFactory.getLogger(RecoverySteps.class);

    private final String name;
    private final RoomOptions options;
    private final Consumer<SupervisorInput> supervisor;
    private final Consumer<RoomEvent> events;
    private final Participation participation;
    private final SignalLink signal;
    private final SignalInbound inbound;
    private final Transports transports;
    private final Roster roster;
    private final Publications publications;
    private final DataLane data;
    private final Subscriptions subscriptions;

    RecoverySteps(String name, RoomOptions options, Consumer<SupervisorInput> supervisor, Consumer<RoomEvent> events,
                  Participation participation, SignalLink signal, SignalInbound inbound, Transports transports,
                  Roster roster, Publications publications, DataLane data, Subscriptions subscriptions) {
        this.name = name;
        this.options = options;
        this.supervisor = supervisor;
        this.events = events;
        this.participation = participation;
        this.signal = signal;
        this.inbound = inbound;
        this.transports = transports;
        this.roster = roster;
        this.publications = publications;
        this.data = data;
        this.subscriptions = subscriptions;
    }

    /** After a JoinResponse: who we are, the room as it is, a new subscriber transport, every track again. */
    void rejoin(int epoch, int generation, JoinResponse join) {
        participation.joined(join.getParticipant().getIdentity(), join.getParticipant().getSid());
        participation.permissions(join.getParticipant());
        participation.room(join.getRoom().getName(), join.getRoom().getSid());
        participation.ice(new IcePolicy(iceServers(join.getIceServersList()),
                relayOnly(join.getClientConfiguration(), false)));
        participation.ping(pingValue(join.getPingInterval(), "ping_interval", options.defaultPingInterval()),
                pingValue(join.getPingTimeout(), "ping_timeout", options.defaultPingTimeout()));
        roster.selfSid(join.getParticipant().getSid());
        signal.keepalive(epoch, participation.pingInterval(), participation.pingTimeout());
        subscriptions.rejoining();
        roster.applySnapshot(join.getOtherParticipantsList(), events);
        subscriptions.rejoined(track -> roster.publisherOf(track) != null);
        transports.start(generation, participation.ice()).subscribe(null,
                error -> supervisor.accept(new SupervisorInput.StepFailed(epoch, error)),
                () -> {
                    signal.flushPending();
                    if (!join.getSubscriberPrimary() || join.getFastPublish()) {
                        // A token that may not subscribe makes the publisher primary (LiveKit's
                        // ParticipantImpl.setupTransportManager): the server waits for our offer and may never offer
                        // on the subscriber. fast_publish (LiveKit: canPublish and no ICE fallback remembered,
                        // Room.createJoinResponseLocked) invites the client to negotiate its publisher at join, as
                        // LiveKit's JS client then does (RTCEngine.join: "!subscriberPrimary || fastPublish"): the
                        // first publish needs no negotiation of its own. Either way the publisher is set up and
                        // offered at once; the session then counts it among the transports it is connected by.
                        LOG.info("{}: {}; offering on the publisher now", name, join.getSubscriberPrimary()
                                ? "the server invites an early publisher (fast_publish)"
                                : "the publisher is the primary transport (the token may not subscribe)");
                        transports.publisher().subscribe(peer -> transports.negotiatePublisher(),
                                error -> supervisor.accept(new SupervisorInput.StepFailed(epoch, error)));
                    }
                    if (publications.any()) {
                        publications.republishAll(() -> supervisor.accept(
                                new SupervisorInput.RepublishCompleted(generation)));
                    } else {
                        supervisor.accept(new SupervisorInput.RepublishCompleted(generation));
                    }
                });
    }

    /**
     * After a ReconnectResponse (protocol, "Resume" 3–4): new ICE servers, the negotiation messages that waited for
     * a connection, SyncState, and only then the publisher's ICE restart.
     */
    void resync(int epoch, ReconnectResponse response) {
        IcePolicy before = participation.ice();
        participation.ice(new IcePolicy(
                response.getIceServersCount() > 0 ? iceServers(response.getIceServersList()) : before.servers(),
                response.hasClientConfiguration()
                        ? relayOnly(response.getClientConfiguration(), before.relayOnly()) : before.relayOnly()));
        participation.lastMessageSeq(Integer.toUnsignedLong(response.getLastMessageSeq()));
        signal.keepalive(epoch, participation.pingInterval(), participation.pingTimeout());
        inbound.expectSnapshot();
        transports.setIcePolicy(participation.ice());
        signal.flushPending();
        signal.send(SignalRequest.newBuilder().setSyncState(syncState()).build());
        if (transports.publisherInUse()) {
            transports.restartPublisher();
        }
    }

    private SyncState syncState() {
        SyncState.Builder sync = SyncState.newBuilder();
        Sdp offer = transports.lastSubscriberOffer();
        Sdp answer = transports.lastSubscriberAnswer();
        int offerId = transports.lastSubscriberOfferId();
        if (offer != null) {
            sync.setOffer(SessionDescription.newBuilder().setType("offer").setSdp(offer.sdp()).setId(offerId));
        }
        if (answer != null) {
            sync.setAnswer(SessionDescription.newBuilder().setType("answer").setSdp(answer.sdp()).setId(offerId));
        }
        List<String> subscribed = new ArrayList<>();
        roster.audioTracks().forEach(track -> subscribed.add(track.sid()));
        sync.setSubscription(UpdateSubscription.newBuilder().addAllTrackSids(subscribed).setSubscribe(true));
        sync.addAllPublishTracks(publications.syncState());
        // Every open channel of both transports with its SCTP stream id, as LiveKit's clients send them: after a
        // migration the new node recreates our publisher channels as negotiated channels with exactly these ids
        // (TransportManager.SetMigrateInfo and ProcessPendingPublisherDataChannels in pkg/rtc/transportmanager.go);
        // without them it opens id 0 and whatever we send on our channels goes nowhere.
        for (SignalTarget target : List.of(SignalTarget.PUBLISHER, SignalTarget.SUBSCRIBER)) {
            transports.channelIds(target).forEach((label, id) -> sync.addDataChannels(
                    DataChannelInfo.newBuilder().setLabel(label).setId(id).setTarget(target)));
        }
        sync.addAllDatachannelReceiveStates(data.receiveStates());
        return sync.build();
    }

    /** Protocol rule: "Validate the values: zero or negative must not crash or spin". */
    private Duration pingValue(int seconds, String field, Duration fallback) {
        if (seconds <= 0) {
            events.accept(new RoomEvent.InputRejected("join", field + " " + seconds + " s replaced by "
                    + fallback.toSeconds() + " s"));
            return fallback;
        }
        return Duration.ofSeconds(seconds);
    }

    /**
     * LiveKit's {@code ClientConfiguration.force_relay}: ENABLED once its server moved the participant to TURN/TLS
     * ({@code pkg/rtc/participant.go}, on an ICE config change), DISABLED or UNSET otherwise. A ReconnectResponse
     * that leaves it UNSET keeps what we had, as the JS client keeps its configuration.
     */
    private static boolean relayOnly(ClientConfiguration config, boolean before) {
        return switch (config.getForceRelay()) {
            case ENABLED -> true;
            case DISABLED -> false;
            default -> before;
        };
    }

    private static List<IceServer> iceServers(List<ICEServer> servers) {
        return servers.stream().map(s -> new IceServer(s.getUrlsList(), s.getUsername(), s.getCredential())).toList();
    }
}
