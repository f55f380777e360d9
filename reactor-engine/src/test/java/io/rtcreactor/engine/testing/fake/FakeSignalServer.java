package io.rtcreactor.engine.testing.fake;

import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.signal.SignalChannel;
import io.rtcreactor.engine.internal.signal.SignalClosed;
import io.rtcreactor.engine.internal.signal.SignalConnection;
import io.rtcreactor.engine.internal.signal.SignalConnector;
import io.rtcreactor.engine.internal.signal.SignalFrame;
import io.rtcreactor.engine.proto.ClientConfiguration;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.Pong;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.proto.RegionSettings;
import io.rtcreactor.engine.proto.Room;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.engine.proto.TrackType;
import io.rtcreactor.engine.signal.SignalConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A signal server that answers as LiveKit's does, on a (virtual) scheduler: a join gets a JoinResponse and a
 * subscriber offer; a resume of the participant it has gets a ReconnectResponse, the whole room and a subscriber
 * ICE-restart offer (LiveKit's Room.ResumeParticipant: response, update, room update, ICE restart); an offer gets
 * its answer (with new credentials when it restarts ICE); a ping its pong; an AddTrack its TrackPublishedResponse.
 * The test can refuse or silence connections, close them, or send anything on them.
 */
public final class FakeSignalServer implements SignalConnector {

    /** One connection the client opened. */
    public final class Connection implements SignalChannel {
        private final int number;
        private final boolean resume;
        private final Sinks.Many<SignalFrame> inbound = Sinks.many().unicast().onBackpressureBuffer();
        private final Sinks.One<SignalClosed> closed = Sinks.one();
        private final List<SignalRequest> received = new CopyOnWriteArrayList<>();
        private volatile boolean open = true;

        Connection(int number, boolean resume) {
            this.number = number;
            this.resume = resume;
        }

        @Override
        public Flux<SignalFrame> inbound() {
            return inbound.asFlux();
        }

        @Override
        public Mono<SignalClosed> closed() {
            return closed.asMono();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public boolean send(SignalRequest request) {
            if (!open) {
                return false;
            }
            received.add(request);
            later(() -> handle(this, request));
            return true;
        }

        @Override
        public void close() {
            end(new SignalClosed(1000, "client closing", true));
        }

        /** The server sends {@code message} on this connection (after a millisecond of "network"). */
        public void send(SignalResponse message) {
            later(() -> {
                if (open) {
                    inbound.tryEmitNext(new SignalFrame.Message(message));
                }
            });
        }

        /** The server drops this connection (abruptly: no close frame). */
        public void drop() {
            later(() -> end(new SignalClosed(-1, "connection dropped", false)));
        }

        public boolean resume() {
            return resume;
        }

        public int number() {
            return number;
        }

        /** What the client sent on this connection, in order. */
        public List<SignalRequest> received() {
            return List.copyOf(received);
        }

        private void end(SignalClosed how) {
            if (open) {
                open = false;
                closed.tryEmitValue(how);
                inbound.tryEmitComplete();
            }
        }
    }

    private final Scheduler scheduler;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<ParticipantInfo> others = new ArrayList<>();
    private String sid = "";
    private int joins;
    private int subscriberOffers;
    private int publisherCredentials;
    private String lastClientOfferUfrag = "";
    private long lastMessageSeq;
    private int refusals;
    private boolean silentResume;
    private ClientConfiguration clientConfiguration = ClientConfiguration.getDefaultInstance();
    private boolean fastPublish;
    private boolean withholdAnswers;
    private final List<SignalResponse> withheld = new ArrayList<>();

    private boolean refuseTracks;
    private final List<String> urls = new ArrayList<>();

    public FakeSignalServer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public Mono<SignalChannel> connect(SignalConnection.Target target) {
        return Mono.defer(() -> {
            urls.add(target.baseUrl());
            if (refusals > 0) {
                refusals--;
                return Mono.error(new SignalConnectException(SignalConnectException.Kind.UNAVAILABLE, 503,
                        "refused by the fake server", null));
            }
            boolean resume = "1".equals(target.query().get("reconnect"));
            Connection connection = new Connection(connections.size() + 1, resume);
            connections.add(connection);
            if (resume) {
                resumed(connection, target.query().get("sid"));
            } else {
                joined(connection);
            }
            return Mono.just((SignalChannel) connection);
        });
    }

    // ---- knobs ----

    /** Refuse the next {@code count} connections with 503. */
    public FakeSignalServer refuse(int count) {
        this.refusals = count;
        return this;
    }

    /** The next resume gets no ReconnectResponse. */
    public FakeSignalServer silentOnNextResume() {
        this.silentResume = true;
        return this;
    }

    /** Publisher answers wait until {@link #releaseAnswers()}. */
    /** From now on every AddTrack is refused with NOT_ALLOWED (a revoked publish permission). */
    public FakeSignalServer refuseTracks(boolean value) {
        this.refuseTracks = value;
        return this;
    }

    public FakeSignalServer withholdAnswers(boolean value) {
        this.withholdAnswers = value;
        return this;
    }

    /** Sends the answers withheld so far, on the newest connection. */
    public void releaseAnswers() {
        withholdAnswers = false;
        withheld.forEach(latest()::send);
        withheld.clear();
    }

    /** The {@code fast_publish} of every JoinResponse from now on. */
    public FakeSignalServer fastPublish(boolean value) {
        this.fastPublish = value;
        return this;
    }

    /** The {@code client_configuration} of every Join- and ReconnectResponse from now on. */
    public FakeSignalServer clientConfiguration(ClientConfiguration value) {
        this.clientConfiguration = value;
        return this;
    }

    /** The {@code last_message_seq} the next ReconnectResponse reports: the reliable packets the server saw. */
    public FakeSignalServer lastMessageSeq(long value) {
        this.lastMessageSeq = value;
        return this;
    }

    /** Another participant in the room, announced to whoever joins or resumes. */
    public FakeSignalServer withOther(String identity, String participantSid) {
        others.add(ParticipantInfo.newBuilder().setIdentity(identity).setSid(participantSid)
                .setState(ParticipantInfo.State.ACTIVE).setVersion(1).build());
        return this;
    }

    /** A Leave on the newest connection. */
    public void leave(LeaveRequest.Action action, DisconnectReason reason) {
        latest().send(SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder().setAction(action)
                .setReason(reason).setCanReconnect(action != LeaveRequest.Action.DISCONNECT)).build());
    }

    // ---- what happened ----

    /** The URL of every connection the client tried, refused ones included, in order. */
    public List<String> urls() {
        return List.copyOf(urls);
    }

    /** A Leave on the newest connection that names the server's regions, as LiveKit Cloud's do. */
    public void leave(LeaveRequest.Action action, DisconnectReason reason, RegionSettings regions) {
        latest().send(SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder().setAction(action)
                .setReason(reason).setCanReconnect(true).setRegions(regions)).build());
    }

    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    public Connection latest() {
        return connections.get(connections.size() - 1);
    }

    /** The participant sid the server has now (a new one after every fresh join). */
    public String sid() {
        return sid;
    }

    public int joins() {
        return joins;
    }

    /** Every request of {@code type} the client sent, over all connections, in order. */
    public List<SignalRequest> received(SignalRequest.MessageCase type) {
        List<SignalRequest> out = new ArrayList<>();
        connections.forEach(c -> c.received().stream().filter(r -> r.getMessageCase() == type).forEach(out::add));
        return out;
    }

    private void joined(Connection connection) {
        joins++;
        sid = "PA_fake" + joins;
        connection.send(SignalResponse.newBuilder().setJoin(JoinResponse.newBuilder()
                .setRoom(Room.newBuilder().setName("fake-room").setSid("RM_fake"))
                .setParticipant(ParticipantInfo.newBuilder().setSid(sid).setIdentity("agent")
                        .setState(ParticipantInfo.State.JOINED))
                .addAllOtherParticipants(others).setPingInterval(5).setPingTimeout(15)
                .setSubscriberPrimary(true).setFastPublish(fastPublish)
                .setClientConfiguration(clientConfiguration)).build());
        subscriberOffer(connection);
    }

    private void resumed(Connection connection, String resumeSid) {
        if (!sid.equals(resumeSid)) {
            // LiveKit answers a resume of a participant it does not have with leave{RECONNECT} first.
            connection.send(SignalResponse.newBuilder().setLeave(LeaveRequest.newBuilder()
                    .setAction(LeaveRequest.Action.RECONNECT).setReason(DisconnectReason.STATE_MISMATCH)
                    .setCanReconnect(true)).build());
            connection.drop();
            return;
        }
        if (silentResume) {
            silentResume = false;
            return;
        }
        connection.send(SignalResponse.newBuilder().setReconnect(ReconnectResponse.newBuilder()
                .setLastMessageSeq((int) lastMessageSeq).setClientConfiguration(clientConfiguration)).build());
        ParticipantUpdate.Builder everyone = ParticipantUpdate.newBuilder().addParticipants(
                ParticipantInfo.newBuilder().setSid(sid).setIdentity("agent").setState(ParticipantInfo.State.ACTIVE)
                        .setVersion(joins * 100 + connections.size()));
        everyone.addAllParticipants(others);
        connection.send(SignalResponse.newBuilder().setUpdate(everyone).build());
        subscriberOffer(connection);
    }

    /** A subscriber offer with new credentials (the first of a join, or the ICE restart of a resume). */
    private void subscriberOffer(Connection connection) {
        subscriberOffers++;
        connection.send(SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer")
                .setId(subscriberOffers).setSdp("v=0\r\na=ice-ufrag:srvsub" + subscriberOffers + "\r\n")).build());
    }

    private void handle(Connection connection, SignalRequest request) {
        switch (request.getMessageCase()) {
            case OFFER -> {
                String ufrag = Sdp.offer(request.getOffer().getSdp()).iceUfrag();
                if (!ufrag.equals(lastClientOfferUfrag)) {
                    publisherCredentials++;
                    lastClientOfferUfrag = ufrag;
                }
                SignalResponse answer = SignalResponse.newBuilder().setAnswer(SessionDescription.newBuilder()
                        .setType("answer").setId(request.getOffer().getId())
                        .setSdp("v=0\r\na=ice-ufrag:srvpub" + publisherCredentials + "\r\n")).build();
                if (withholdAnswers) {
                    withheld.add(answer);
                } else {
                    connection.send(answer);
                }
            }
            case PING_REQ -> connection.send(SignalResponse.newBuilder().setPongResp(Pong.newBuilder()
                    .setLastPingTimestamp(request.getPingReq().getTimestamp())).build());
            case ADD_TRACK -> connection.send(refuseTracks ? SignalResponse.newBuilder().setRequestResponse(
                    io.rtcreactor.engine.proto.RequestResponse.newBuilder()
                            .setReason(io.rtcreactor.engine.proto.RequestResponse.Reason.NOT_ALLOWED)
                            .setAddTrack(request.getAddTrack())).build() : SignalResponse.newBuilder().setTrackPublished(
                    TrackPublishedResponse.newBuilder().setCid(request.getAddTrack().getCid()).setTrack(TrackInfo
                            .newBuilder().setSid("TR_" + request.getAddTrack().getCid()).setType(TrackType.AUDIO)
                            .setName(request.getAddTrack().getName()))).build());
            case LEAVE -> connection.end(new SignalClosed(1000, "client left", false));
            default -> {
            }
        }
    }

    private void later(Runnable task) {
        scheduler.schedule(task, 1, TimeUnit.MILLISECONDS);
    }
}
