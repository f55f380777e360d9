package io.rtcreactor.testkit.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.internal.rtc.AnsweringNegotiator;
import io.rtcreactor.engine.internal.rtc.AudioPath;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.OfferingNegotiator;
import io.rtcreactor.engine.internal.rtc.PeerTransport;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.rtc.TransportEvent;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.SdpStepHook;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.testing.ToneDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The media half of a test client, as a LiveKit client runs it in two-PC mode (PROTOCOL.md, "Two peer
 * connections"), on real webrtc-java peer connections:
 * <ul>
 *   <li>a <b>subscriber</b> PC (receive factory) that answers the server's offers in order, each with its id,
 *       receives forwarded audio and the server's downstream {@code _reliable} / {@code _lossy} data;</li>
 *   <li>on {@link #connectPublisher()}, a <b>publisher</b> PC (send factory) with {@code _reliable} (ordered) and
 *       {@code _lossy} (unordered, no retransmits) channels, numbered offers, and audio tracks fed with a tone.</li>
 * </ul>
 * Candidates are trickled both ways. The media speaks through one {@link ProtocolClient} at a time and moves to a
 * new one on {@link #attach} (a resume keeps the PCs); messages of a connection it left are ignored. It records
 * what it sees — PC states with times, offers with their ICE ufrag, data packets, audio energy — for tests to
 * assert on with bounded waits.
 *
 * <p>Threads: negotiation and signal handling run on this client's own serial lane; every native call goes through
 * {@link PeerTransport}, which runs it on the runtime's native pool; audio is pushed from one pump thread per
 * client. Media tests must run in the private network namespace ({@code NetworkNamespace.requireIsolated()}).
 */
public final class ClientMedia implements AutoCloseable {

    /** A peer connection's state, as the client saw it change. */
    public record StateChange(SignalTarget target, PeerState state, long atNanos) {
    }

    /** A subscriber offer the server sent (and this client answered, in order). */
    public record OfferSeen(int id, String iceUfrag, long atNanos) {
    }

    /** A data packet the server forwarded to this client. */
    public record DataReceived(String label, DataPacket packet, long atNanos) {
    }

    /** The bound of each local SDP step and native call. */
    private static final Duration STEP = Duration.ofSeconds(10);
    /** The bound of media waits (ICE, DTLS, first audio): generous on a loaded two-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TONE_AMPLITUDE = 10_000;

    private final String name;
    private final RtcRuntime runtime;
    private final Scheduler lane;
    private final Scheduler pump;
    private final Scheduler listening;
    private final PeerTransport subscriber;
    private final AnsweringNegotiator subscriberNegotiation;
    private final List<StateChange> states = new CopyOnWriteArrayList<>();
    private final List<OfferSeen> offers = new CopyOnWriteArrayList<>();
    private final List<Integer> subscriberAnswersSent = new CopyOnWriteArrayList<>();
    private final List<Integer> publisherOffersSent = new CopyOnWriteArrayList<>();
    private final List<Integer> publisherAnswersApplied = new CopyOnWriteArrayList<>();
    private final List<Integer> publisherAnswersDropped = new CopyOnWriteArrayList<>();
    private final List<String> rejectedCandidates = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final Map<String, DataChannel.State> channelStates = new ConcurrentHashMap<>();
    private final List<DataReceived> data = new CopyOnWriteArrayList<>();
    private final Map<String, AudioTap> audio = new ConcurrentHashMap<>();
    private final List<Disposable> disposables = new CopyOnWriteArrayList<>();
    private volatile PeerTransport publisher;
    private volatile boolean answering = true;
    // Lane-confined.
    private OfferingNegotiator publisherNegotiation;
    private final List<IceCandidate> earlyPublisherCandidates = new ArrayList<>();
    private ProtocolClient signal;
    private Disposable signalSubscription;

    private ClientMedia(String name, RtcRuntime runtime, Scheduler lane, PeerTransport subscriber) {
        this.name = name;
        this.runtime = runtime;
        this.lane = lane;
        this.pump = Schedulers.newSingle(name + "-pump", true);
        this.listening = Schedulers.newSingle(name + "-listen", true);
        this.subscriber = subscriber;
        this.subscriberNegotiation = new AnsweringNegotiator(subscriber, lane, STEP, SdpStepHook.NONE,
                new AnsweringNegotiator.Listener() {
                    @Override
                    public void answerReady(int offerId, Sdp answer) {
                        subscriberAnswersSent.add(offerId);
                        send(Requests.answer(offerId, answer.sdp()));
                    }

                    @Override
                    public void failed(String step, int offerId, Throwable error) {
                        failures.add("subscriber " + step + " (offer " + offerId + "): " + error);
                    }
                });
        disposables.add(subscriber.events().publishOn(lane).subscribe(e -> onEvent(SignalTarget.SUBSCRIBER, e)));
    }

    /** Opens the subscriber PC on the process's shared WebRTC runtime (released again by {@link #close()}). */
    public static ClientMedia open(String name) {
        RtcRuntime runtime = RtcRuntime.shared().block(STEP);
        Scheduler lane = Schedulers.newSingle(name + "-media", true);
        try {
            PeerTransport subscriber = PeerTransport.open(runtime, AudioPath.RECEIVE, name + "-sub", List.of())
                    .block(STEP);
            return new ClientMedia(name, runtime, lane, subscriber);
        } catch (RuntimeException e) {
            lane.dispose();
            runtime.release().block(STEP);
            throw e;
        }
    }

    /**
     * Speaks through {@code next} from now on: handles every message it has received and will receive (offers,
     * answers, candidates) and sends answers, offers and candidates on it. The previous connection is ignored.
     */
    public ClientMedia attach(ProtocolClient next) {
        next.media(this);
        onLane(() -> {
            if (signalSubscription != null) {
                signalSubscription.dispose();
            }
            if (signal != null && signal != next) {
                signal.media(null);
            }
            signal = next;
            signalSubscription = next.inbound().filter(Inbound::decoded).map(Inbound::message)
                    .publishOn(lane).subscribe(this::onSignal);
        });
        return this;
    }

    // ---------------------------------------------------------------------------------------------- signal in

    private void onSignal(SignalResponse message) {
        switch (message.getMessageCase()) {
            case OFFER -> {
                Sdp offer = Sdp.offer(message.getOffer().getSdp());
                offers.add(new OfferSeen(message.getOffer().getId(), offer.iceUfrag(), System.nanoTime()));
                if (answering) {
                    subscriberNegotiation.offer(message.getOffer().getId(), offer);
                }
            }
            case ANSWER -> {
                if (publisherNegotiation != null) {
                    publisherNegotiation.answer(message.getAnswer().getId(), Sdp.answer(message.getAnswer().getSdp()));
                }
            }
            case TRICKLE -> remoteCandidate(message.getTrickle().getTarget(), message.getTrickle().getCandidateInit());
            default -> {
            }
        }
    }

    private void remoteCandidate(SignalTarget target, String json) {
        IceCandidate candidate;
        try {
            candidate = IceCandidate.fromJson(json);
        } catch (IllegalArgumentException e) {
            rejectedCandidates.add(json);
            return;
        }
        if (target == SignalTarget.SUBSCRIBER) {
            subscriber.addIceCandidate(candidate).subscribe(null, this::candidateFailed);
        } else if (publisher != null && publisherNegotiation != null) {
            publisher.addIceCandidate(candidate).subscribe(null, this::candidateFailed);
        } else {
            earlyPublisherCandidates.add(candidate);
        }
    }

    private void candidateFailed(Throwable error) {
        failures.add("candidate: " + error);
    }

    private void send(SignalRequest request) {
        ProtocolClient current = signal;
        if (current != null) {
            current.send(request);
        }
    }

    // ---------------------------------------------------------------------------------------------- events

    private void onEvent(SignalTarget target, TransportEvent event) {
        if (event instanceof TransportEvent.CandidateGathered gathered) {
            send(Requests.trickle(target, gathered.candidate().toJson()));
        } else if (event instanceof TransportEvent.StateChanged changed) {
            states.add(new StateChange(target, changed.state(), System.nanoTime()));
        } else if (event instanceof TransportEvent.ChannelAnnounced announced) {
            // A channel the server opened may be open already when it is announced: no state change follows.
            String key = target + "/" + announced.channel().label();
            announced.channel().state().subscribe(state -> channelStates.putIfAbsent(key, state),
                    e -> failures.add("channel state: " + e));
        } else if (event instanceof TransportEvent.ChannelStateChanged channel) {
            channelStates.put(target + "/" + channel.label(), channel.state());
        } else if (event instanceof TransportEvent.ChannelMessageReceived message && target == SignalTarget.SUBSCRIBER) {
            try {
                data.add(new DataReceived(message.label(), DataPacket.parseFrom(message.data()), System.nanoTime()));
            } catch (InvalidProtocolBufferException e) {
                failures.add("undecodable data packet on " + message.label());
            }
        } else if (event instanceof TransportEvent.TrackReceived track && track.audio() != null) {
            AudioTap tap = new AudioTap();
            audio.put(track.streamId(), tap);
            track.audio().start().subscribe(null, e -> failures.add("audio start: " + e));
            disposables.add(track.audio().frames(200).publishOn(listening).subscribe(tap::add));
        }
    }

    // ---------------------------------------------------------------------------------------------- publishing

    /**
     * Opens the publisher PC with {@code _reliable} and {@code _lossy}, sends its first offer and waits until it
     * is connected and both channels are open.
     */
    public ClientMedia connectPublisher() {
        startPublisher();
        awaitState(SignalTarget.PUBLISHER, PeerState.CONNECTED);
        awaitChannelOpen(SignalTarget.PUBLISHER, "_reliable");
        awaitChannelOpen(SignalTarget.PUBLISHER, "_lossy");
        return this;
    }

    /** Opens the publisher PC with its two channels and sends its first offer; returns without waiting for more. */
    public ClientMedia startPublisher() {
        if (publisher == null) {
            PeerTransport transport = PeerTransport.open(runtime, AudioPath.SEND, name + "-pub", List.of()).block(STEP);
            disposables.add(transport.events().publishOn(lane).subscribe(e -> onEvent(SignalTarget.PUBLISHER, e)));
            transport.createDataChannel("_reliable", true, -1).block(STEP);
            transport.createDataChannel("_lossy", false, 0).block(STEP);
            publisher = transport;
            onLaneAndWait(() -> {
                publisherNegotiation = new OfferingNegotiator(transport, lane, STEP, Duration.ZERO, SdpStepHook.NONE,
                        new PublisherListener());
                earlyPublisherCandidates.forEach(c -> transport.addIceCandidate(c).subscribe(null, this::candidateFailed));
                earlyPublisherCandidates.clear();
                publisherNegotiation.negotiate(false);
            });
        }
        return this;
    }

    /** Sends the publisher's next offer (an ICE restart with {@code iceRestart}); returns at once. */
    public void renegotiatePublisher(boolean iceRestart) {
        onLaneAndWait(() -> publisherNegotiation.negotiate(iceRestart));
    }

    /**
     * Publishes an endless tone as LiveKit clients publish: AddTrack, wait for TrackPublished, add the track
     * (msid track id = {@code cid}), renegotiate, then push 10 ms frames once the answer is applied.
     *
     * @return the TrackPublishedResponse's track sid
     */
    public String publishTone(String cid, double hz) {
        ProtocolClient current = Mono.fromCallable(() -> signal).subscribeOn(lane).block(STEP);
        current.send(Requests.addAudioTrack(cid, "tone-" + (int) hz));
        String trackSid = current.await("track_published for " + cid,
                m -> m.hasTrackPublished() && m.getTrackPublished().getCid().equals(cid))
                .getTrackPublished().getTrack().getSid();
        LocalAudio track = publisher.addAudioTrack(cid, List.of(name + "-stream")).block(STEP);
        int applied = publisherAnswersApplied.size();
        renegotiatePublisher(false);
        until("the publisher answer after adding " + cid, () -> publisherAnswersApplied.size() > applied);
        disposables.add(Flux.interval(Duration.ofMillis(10), pump)
                .subscribe(i -> track.push(Tone.frame(hz, TONE_AMPLITUDE, i))));
        return trackSid;
    }

    /** Sends a data packet on the publisher's {@code _reliable} or {@code _lossy} channel. */
    public void sendData(boolean reliable, DataPacket packet) {
        DataChannel channel = publisher.channel(reliable ? "_reliable" : "_lossy");
        channel.send(packet.toByteArray(), true).block(STEP);
    }

    private final class PublisherListener implements OfferingNegotiator.Listener {
        @Override
        public void offerReady(int offerId, Sdp offer, Map<String, String> midToTrackId) {
            publisherOffersSent.add(offerId);
            send(Requests.offer(offerId, offer.sdp()));
        }

        @Override
        public void answerApplied(int offerId) {
            publisherAnswersApplied.add(offerId);
        }

        @Override
        public void answerDropped(int answerId, String reason) {
            publisherAnswersDropped.add(answerId);
        }

        @Override
        public void failed(String step, int offerId, Throwable error) {
            failures.add("publisher " + step + " (offer " + offerId + "): " + error);
        }
    }

    // ---------------------------------------------------------------------------------------------- observing

    /** Every PC state change seen so far, in order. */
    public List<StateChange> states() {
        return List.copyOf(states);
    }

    /** The latest state of that PC, or NEW. */
    public PeerState state(SignalTarget target) {
        PeerState latest = PeerState.NEW;
        for (StateChange change : states) {
            if (change.target() == target) {
                latest = change.state();
            }
        }
        return latest;
    }

    /** Waits until that PC has reached {@code state} (at any time since it was opened). */
    public StateChange awaitState(SignalTarget target, PeerState state) {
        return awaitStateAfter(target, Set.of(state), 0);
    }

    /** Waits for the first change of that PC into one of {@code wanted} seen at or after {@code afterNanos}. */
    public StateChange awaitStateAfter(SignalTarget target, Set<PeerState> wanted, long afterNanos) {
        Supplier<StateChange> find = () -> states.stream().filter(c -> c.target() == target
                && wanted.contains(c.state()) && c.atNanos() >= afterNanos).findFirst().orElse(null);
        until(target + " PC in " + wanted + " (states so far " + states + ")", () -> find.get() != null);
        return find.get();
    }

    /** Waits until the channel of that PC is open. */
    public void awaitChannelOpen(SignalTarget target, String label) {
        until(target + " channel " + label + " open (channels " + channelStates + ")",
                () -> channelStates.get(target + "/" + label) == DataChannel.State.OPEN);
    }

    /** The subscriber offers the server sent, in arrival order. */
    /**
     * Until {@link #answerOffers()}, subscriber offers are recorded but neither applied nor answered: as if they had
     * been lost with a signal connection that closed right after the server sent them.
     */
    public void ignoreOffers() {
        answering = false;
    }

    public void answerOffers() {
        answering = true;
    }

    public List<OfferSeen> offers() {
        return List.copyOf(offers);
    }

    /** Ids of the subscriber offers answered, in order. */
    public List<Integer> subscriberAnswersSent() {
        return List.copyOf(subscriberAnswersSent);
    }

    public List<Integer> publisherOffersSent() {
        return List.copyOf(publisherOffersSent);
    }

    public List<Integer> publisherAnswersApplied() {
        return List.copyOf(publisherAnswersApplied);
    }

    /** Publisher answers the negotiator dropped (stale or duplicate ids). */
    public List<Integer> publisherAnswersDropped() {
        return List.copyOf(publisherAnswersDropped);
    }

    /** Candidate JSON the client could not parse (e.g. without {@code sdpMid}). */
    public List<String> rejectedCandidates() {
        return List.copyOf(rejectedCandidates);
    }

    /** Negotiation and native failures seen, as text. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Data packets received so far, in order. */
    public List<DataReceived> data() {
        return List.copyOf(data);
    }

    /** Waits until {@code count} received packets match, and returns every matching one so far. */
    public List<DataReceived> awaitData(String what, Predicate<DataReceived> matching, int count) {
        until(count + " × " + what + " (data so far " + texts() + ")",
                () -> data.stream().filter(matching).count() >= count);
        return data.stream().filter(matching).toList();
    }

    /** Payload texts received so far, for failure messages. */
    public List<String> texts() {
        return data.stream().map(d -> d.packet().getSequence() + ":" + Requests.text(d.packet())).toList();
    }

    /** Stream ids ({@code <PA_…>|<TR_…>}) of the audio tracks received. */
    public Set<String> audioStreams() {
        return Set.copyOf(audio.keySet());
    }

    /** Frames with sound received on that stream so far. */
    public long voicedFrames(String streamId) {
        AudioTap tap = audio.get(streamId);
        return tap == null ? 0 : tap.voiced.get();
    }

    /** A detector fed with the next second of sound (100 voiced frames) received on that stream. */
    public ToneDetector listen(String streamId) {
        AudioTap tap = audio.get(streamId);
        if (tap == null) {
            throw new AssertionError("no audio stream " + streamId + " (streams " + audio.keySet() + ")");
        }
        return tap.listen();
    }

    /** Waits (within {@link #WAIT}) until {@code condition} holds. */
    public static void until(String what, java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await(what).atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(condition);
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    private void onLane(Runnable task) {
        lane.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.add("lane task: " + e);
            }
        });
    }

    private void onLaneAndWait(Runnable task) {
        Mono.fromRunnable(task).subscribeOn(lane).block(STEP);
    }

    /** Stops audio, closes both PCs and releases the runtime. */
    @Override
    public void close() {
        disposables.forEach(Disposable::dispose);
        onLaneAndWait(() -> {
            if (signalSubscription != null) {
                signalSubscription.dispose();
            }
            subscriberNegotiation.close();
            if (publisherNegotiation != null) {
                publisherNegotiation.close();
            }
        });
        PeerTransport pub = publisher;
        Mono.when(subscriber.close(), pub == null ? Mono.empty() : pub.close()).block(STEP);
        runtime.release().block(STEP);
        lane.dispose();
        pump.dispose();
        listening.dispose();
    }

    @Override
    public String toString() {
        return "ClientMedia{" + name + ", states " + states + "}";
    }

    /** Received audio of one stream: a count of frames with sound, and detectors that take the next second. */
    private static final class AudioTap {
        private final AtomicLong voiced = new AtomicLong();
        private final List<ToneDetector> listeners = new CopyOnWriteArrayList<>();

        void add(AudioFrame frame) {
            if (frame.rms() < ToneDetector.SILENCE_RMS) {
                return;
            }
            voiced.incrementAndGet();
            for (ToneDetector detector : listeners) {
                // A detector keeps one second; feeding it beyond that only costs time on this thread.
                if (detector.voicedFrames() < 100) {
                    detector.add(frame);
                } else {
                    listeners.remove(detector);
                }
            }
        }

        ToneDetector listen() {
            ToneDetector detector = new ToneDetector();
            listeners.add(detector);
            return detector;
        }
    }
}
