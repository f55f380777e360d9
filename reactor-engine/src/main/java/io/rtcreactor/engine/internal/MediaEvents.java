package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.rtc.TransportEvent;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.TrickleRequest;
import io.rtcreactor.engine.rtc.RtcStepException;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the transports report, sent where it belongs: negotiation results go out as signal messages, transport
 * facts become supervisor inputs (with their generation), remote media becomes tracks, data becomes packets, and
 * anything that may mean a new ICE path works wakes the {@link PathWatch}. No decision about reconnecting is made
 * here. Lane-confined.
 */
final class MediaEvents implements Transports.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEvents.class);

    private final String name;
    private final Consumer<SupervisorInput> supervisor;
    private final Consumer<RoomEvent> events;
    private final Consumer<SignalRequest> signal;
    private final Roster roster;
    private final DataLane data;
    private final PathWatch paths;
    private final BooleanSupplier connected;
    private final java.util.function.Function<String, DataChannel> channels;
    private final Consumer<io.rtcreactor.engine.proto.DataPacket.Builder> replies;

    /** @param signal sends a negotiation message (now, or first thing on the next connection) */
    MediaEvents(String name, Consumer<SupervisorInput> supervisor, Consumer<RoomEvent> events,
                Consumer<SignalRequest> signal,
                Roster roster, DataLane data, PathWatch paths, BooleanSupplier connected,
                java.util.function.Function<String, DataChannel> channels,
                Consumer<io.rtcreactor.engine.proto.DataPacket.Builder> replies) {
        this.name = name;
        this.supervisor = supervisor;
        this.events = events;
        this.signal = signal;
        this.roster = roster;
        this.data = data;
        this.paths = paths;
        this.connected = connected;
        this.channels = channels;
        this.replies = replies;
    }

    @Override
    public void opened(int generation, SignalTarget target) {
        supervisor.accept(new SupervisorInput.TransportOpened(generation, target));
    }

    @Override
    public void credentials(int generation, SignalTarget target, String ufrag) {
        supervisor.accept(new SupervisorInput.CredentialsSet(generation, target, ufrag));
    }

    private void candidate(SignalTarget target, IceCandidate candidate) {
        signal.accept(SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setTarget(target).setCandidateInit(candidate.toJson())).build());
    }

    @Override
    public void publisherOffer(int generation, int offerId, Sdp offer, Map<String, String> midToTrackId,
                               boolean iceRestart) {
        signal.accept(SignalRequest.newBuilder().setOffer(SessionDescription.newBuilder()
                .setType("offer").setSdp(offer.sdp()).setId(offerId).putAllMidToTrackId(midToTrackId)).build());
        supervisor.accept(new SupervisorInput.PublisherOfferSent(generation, offerId, iceRestart));
    }

    @Override
    public void publisherAnswerApplied(int generation, int offerId) {
        supervisor.accept(new SupervisorInput.AnswerApplied(generation, offerId));
        paths.changed(SignalTarget.PUBLISHER);
    }

    @Override
    public void publisherAnswerDropped(int generation, int answerId, String reason) {
        LOG.info("{}: dropped an answer with id {}: {}", name, answerId, reason);
        events.accept(new RoomEvent.AnswerDropped(answerId, reason));
    }

    @Override
    public void subscriberAnswer(int generation, int offerId, Sdp answer) {
        signal.accept(SignalRequest.newBuilder().setAnswer(SessionDescription.newBuilder()
                .setType("answer").setSdp(answer.sdp()).setId(offerId)).build());
        supervisor.accept(new SupervisorInput.SubscriberAnswered(generation, offerId));
        paths.changed(SignalTarget.SUBSCRIBER);
    }

    @Override
    public void negotiationFailed(int generation, SignalTarget target, String step, Throwable error) {
        LOG.info("{}: {} negotiation failed at {}: {}", name, target, step, error.getMessage());
        if (error instanceof RtcStepException refused && !refused.timedOut()
                && refused.step().startsWith("setRemoteDescription")) {
            // The server's description itself was refused: input we could not use, said as such.
            events.accept(new RoomEvent.InputRejected(target == SignalTarget.SUBSCRIBER ? "offer" : "answer",
                    refused.getMessage()));
        }
        supervisor.accept(new SupervisorInput.NegotiationFailed(generation, target, error));
    }

    @Override
    public void remoteCandidateAdded(int generation, SignalTarget target) {
        paths.changed(target);
    }

    @Override
    public void remoteCandidateRefused(int generation, SignalTarget target, Throwable error) {
        if (error instanceof RtcStepException refused && !refused.timedOut() && !refused.transportClosed()) {
            // The server's candidate itself was refused: input we could not use, the session carries on.
            events.accept(new RoomEvent.InputRejected("trickle", refused.getMessage()));
        } else {
            LOG.debug("{}: {} candidate not added: {}", name, target, error.toString());
        }
    }

    @Override
    public void event(int generation, SignalTarget target, TransportEvent event) {
        if (event instanceof TransportEvent.CandidateGathered gathered) {
            candidate(target, gathered.candidate());
            paths.changed(target);
        } else if (event instanceof TransportEvent.StateChanged changed) {
            LOG.debug("{}: {} transport {}", name, target, changed.state());
            supervisor.accept(new SupervisorInput.TransportStateChanged(generation, target, changed.state()));
            paths.changed(target);
        } else if (event instanceof TransportEvent.IceStateChanged
                || event instanceof TransportEvent.GatheringCompleted) {
            paths.changed(target);
        } else if (event instanceof TransportEvent.TrackReceived track && track.audio() != null) {
            roster.mediaArrived(track.streamId(), track.trackId(), track.audio(), events);
        } else if (event instanceof TransportEvent.ChannelMessageReceived message) {
            data.received(message.label(), message.data(), events, replies);
        } else if (event instanceof TransportEvent.ChannelStateChanged channel
                && channel.state() == DataChannel.State.OPEN && target == SignalTarget.PUBLISHER
                && connected.getAsBoolean()) {
            data.flushWaiting(channels);
        }
    }
}
