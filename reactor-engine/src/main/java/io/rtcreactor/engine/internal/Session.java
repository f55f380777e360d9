package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.ParticipantPermissions;
import io.rtcreactor.engine.PermissionDeniedException;
import io.rtcreactor.engine.RemoteParticipant;
import io.rtcreactor.engine.RoomDisconnectedException;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.rtc.PeerFactory;
import io.rtcreactor.engine.internal.signal.RegionDirectory;
import io.rtcreactor.engine.internal.signal.SignalConnector;
import io.rtcreactor.engine.internal.supervisor.Phase;
import io.rtcreactor.engine.internal.supervisor.Supervisor;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.internal.supervisor.SupervisorRunner;
import io.rtcreactor.engine.proto.UpdateParticipantMetadata;
import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import io.rtcreactor.engine.stream.ByteStream;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One participant session: the serial owner of all engine state, where the pipeline of DESIGN.md comes together.
 *
 * <pre>
 *  signal connections ──► SignalInbound ──► inputs (epoch) ──────┐
 *  transports ──► Transports ──► MediaEvents ──► inputs (generation) ┼─► SupervisorRunner ─► Supervisor (pure)
 *  PathWatch (stats read on transport events) ──► PathConnected ──┤        │ commands, in order
 *  PathSilence (stats read once a second) ──► PathSilent ─────────┤        │
 *  timers the supervisor armed ───────────────────────────────────┘        ▼
 *        SessionEffects ─► SignalLink · Transports · RecoverySteps · PathWatch · PathSilence · DataLane · EventHub
 *  application calls (publish, data, mute, disconnect) ─► Publications · DataLane · the runner
 * </pre>
 *
 * Everything runs on the lane, a serial scheduler that never blocks: SDP work happens on the transports' native
 * workers and only its results come back, so a stuck step can never hold back a Leave, a pong or a closed socket
 * (invariant 1). This class only builds the parts and answers the application; docs/architecture.md says what
 * each part owns.
 */
public final class Session implements SessionEffects.Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    private final String name;
    private final String url;
    private final RoomOptions options;
    private final Scheduler lane;
    /** The lane's log context and the epoch it names (see {@link #logContext()}); lane only. */
    private Map<String, String> context;
    private int contextEpoch = -1;
    private final EventHub hub;
    private final Participation participation;
    private final SignalConnector connector;
    private final Roster roster;
    private final DataLane data;
    private final Rpcs rpcs;
    private final FlightRecorder recorder;
    private final IncomingStreams incomingStreams;
    private final OutgoingStreams outgoingStreams;
    private final Sinks.One<Void> connected = Sinks.one();
    private final Sinks.One<RoomEvent.Disconnected> ended = Sinks.one();
    private volatile Map<String, RemoteParticipant> participantsView = Map.of();
    private volatile List<io.rtcreactor.engine.RemoteAudioTrack> audioTracksView = List.of();
    // Built by start(), on the lane.
    private SupervisorRunner runner;
    private Transports transports;
    private Publications publications;
    private final MetadataUpdates metadataUpdates = new MetadataUpdates();
    private SignalLink signal;
    private Subscriptions subscriptions;
    private PathWatch paths;
    private Mono<Void> release;
    private boolean started;
    /** Set once, first thing when the session ends: every later operation is refused with it. */
    private volatile DisconnectReason endedWith;
    /** Set once the session has ended and released everything, just before {@code ended} is emitted. */
    private volatile boolean released;
    /** Set when the end could not close every transport or release the runtime within disconnectTimeout. */
    private volatile boolean releaseGaveUp;

    /** A session of the room named in {@code token}, connecting through {@code connector}. */
    public Session(String url, String token, RoomOptions options, String name, SignalConnector connector) {
        this.url = url;
        this.options = options;
        this.name = name;
        this.connector = connector;
        this.lane = EngineSchedulers.serialOn(options.scheduler(), this::logContext);
        this.hub = new EventHub(name, options.eventBuffer(), options.callbackScheduler(), options.metrics());
        this.participation = new Participation(token, options.defaultPingInterval(), options.defaultPingTimeout());
        this.roster = new Roster(options.audioBuffer(), options.callbackScheduler(), options.metrics());
        this.data = new DataLane(options.reliableBuffer());
        this.recorder = new FlightRecorder(name, options.flightRecorder(),
                () -> options.scheduler().now(java.util.concurrent.TimeUnit.MILLISECONDS), options.metrics());
        this.outgoingStreams = new OutgoingStreams(this::publishReliable, this::reliableUnsent, this::identity,
                options.scheduler());
        this.incomingStreams = new IncomingStreams(name, options.callbackScheduler(), this::emit);
        this.data.streams(incomingStreams);
        this.rpcs = new Rpcs(name, lane, options.scheduler(), this::publishReliable,
                (text, streamOptions) -> outgoingStreams.text(Flux.just(text), streamOptions,
                        OptionalLong.of(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)),
                roster::clientProtocol);
        this.data.rpc(rpcs);
        rpcs.metrics(options.metrics());
        // RPC version 2 travels on these topics; they are the engine's, not the application's.
        incomingStreams.registerText(RpcStreams.REQUEST_TOPIC, rpcs::requestStream);
        incomingStreams.registerText(RpcStreams.RESPONSE_TOPIC, rpcs::responseStream);
    }

    /**
     * Joins, making peer connections with {@code peers}; {@code release} runs once the session has ended and
     * closed them (it releases what the caller held for the session). Completes once connected; fails with the
     * reason the first join could not complete.
     */
    public Mono<Void> start(PeerFactory peers, Mono<Void> release) {
        lane.schedule(() -> {
            if (started) {
                release.subscribe();
                return;
            }
            started = true;
            this.release = release;
            OpenSessions.opened(this);
            build(peers);
            runner.input(new SupervisorInput.Start());
        });
        return connected.asMono();
    }

    /**
     * Builds the parts. Edges that would make a cycle (the signal link hears the inbound side, which answers pongs
     * on the signal link) go through this session's fields, resolved when used, never before the build is done.
     */
    private void build(PeerFactory peers) {
        Supervisor supervisor = new Supervisor(new Supervisor.Settings(options.reconnectPolicy(),
                options.responseTimeout(), options.recoveryTimeout(), options.peerDisconnectedGrace(),
                options.joinTimeout()));
        Consumer<SupervisorInput> inputs = input -> runner.input(input);
        paths = new PathWatch(lane, target -> transports.icePath(target), inputs);
        PathSilence silence = new PathSilence(lane, options.pathSilenceLimit(), target -> transports.icePath(target),
                inputs);
        MediaEvents media = new MediaEvents(name, inputs, this::emit, request -> signal.send(request), roster, data,
                paths, this::isConnected, label -> transports.channel(label), this::reply);
        transports = new Transports(name, peers, lane, options, media);
        publications = new Publications(lane, options.scheduler(), options.publishTimeout(),
                new PublishPort(() -> signal, transports, this::emit, participation));
        String settingsUrl = options.regionSettingsUrl(url);
        Regions.Directory directory = settingsUrl == null ? Regions.Directory.NONE : (answer, failed) ->
                RegionDirectory.fetch(settingsUrl, participation.token(), options.connectTimeout(),
                        options.tlsTrust())
                        .publishOn(lane)
                        .subscribe(answer, error -> {
                            LOG.info("{}: no regions from {}: {}", name, settingsUrl, error.getMessage());
                            failed.run();
                        });
        Regions regions = new Regions(name, url, options.regionFailover(), directory);
        SignalInbound inbound = new SignalInbound(name, inputs, this::emit, participation, transports, roster,
                publications, metadataUpdates, (epoch, sentAt) -> signal.pong(epoch, sentAt), regions);
        signal = new SignalLink(name, connector, lane, options.signalQueue(), inbound, recorder, options.metrics());
        subscriptions = new Subscriptions(options.autoSubscribe(), request -> {
            if (!signal.request(request)) {
                LOG.warn("{}: the signal queue is full; a subscription change was not sent", name);
            }
        });
        RecoverySteps steps = new RecoverySteps(name, options, inputs, this::emit, participation, signal, inbound,
                transports, roster, publications, data, subscriptions);
        SessionEffects effects = new SessionEffects(name, regions, options, participation, signal, transports, roster,
                data, steps, paths, silence, hub, this::emit, this, recorder);
        runner = new SupervisorRunner(name, supervisor, lane, effects, new StepLog(name, paths, recorder));
    }

    /** The server URL the session was created with. */
    public String url() {
        return url;
    }

    public RoomOptions options() {
        return options;
    }

    public EventHub hub() {
        return hub;
    }

    public Scheduler lane() {
        return lane;
    }

    public String localSid() {
        return participation.localSid();
    }

    /** What the server allows us, as it last said. */
    public ParticipantPermissions permissions() {
        return participation.permissions();
    }

    public String identity() {
        return participation.identity();
    }

    public String roomName() {
        return participation.roomName();
    }

    public String roomSid() {
        return participation.roomSid();
    }

    /** The supervisor's phase; for tests, from the lane. */
    Phase phase() {
        return runner == null ? Phase.CONNECTING : runner.state().phase();
    }

    /**
     * What every log line of the lane carries in the MDC: the session, and the newest signal epoch. Lane only; made
     * again only when the epoch changes (it is asked for before every lane task).
     */
    private Map<String, String> logContext() {
        SupervisorRunner current = runner;
        int epoch = current == null ? 0 : Math.max(current.state().liveEpoch(), current.state().attemptEpoch());
        if (epoch != contextEpoch || context == null) {
            context = Map.of("rtcr.session", name, "rtcr.epoch", Integer.toString(epoch));
            contextEpoch = epoch;
        }
        return context;
    }

    /** The flight recorder's entries now (see {@link io.rtcreactor.engine.Diagnostics}); safe from any thread. */
    public io.rtcreactor.engine.Diagnostics diagnostics() {
        return recorder.snapshot();
    }

    /** The session's Disconnected, once it has ended and released everything. */
    public Mono<RoomEvent.Disconnected> ended() {
        return ended.asMono();
    }

    /** Ends the session (bounded by {@code disconnectTimeout}); sends {@code leave{CLIENT_INITIATED}} if it can. */
    public Mono<Void> disconnect() {
        // A session that has ended (and released everything) has nothing left to finish: done at once.
        return Mono.defer(() -> released ? Mono.<Void>empty() : leave());
    }

    private Mono<Void> leave() {
        return Mono.defer(() -> {
                    lane.schedule(() -> {
                        if (runner == null) {
                            endedWith = DisconnectReason.CLIENT_INITIATED;
                            released = true;
                            hub.complete();
                            ended.tryEmitValue(new RoomEvent.Disconnected(DisconnectReason.CLIENT_INITIATED, null));
                        } else {
                            runner.input(new SupervisorInput.DisconnectRequested());
                        }
                    });
                    return ended.asMono().then();
                })
                .onErrorResume(RejectedExecutionException.class, e -> ended.asMono().then())
                .then(Mono.defer(() -> releaseGaveUp
                        ? Mono.error(io.rtcreactor.engine.DisconnectIncompleteException.releaseGaveUp(name,
                                options.releaseTimeout()))
                        : Mono.<Void>empty()))
                .timeout(options.disconnectTimeout(), Mono.defer(() -> {
                    LOG.warn("{}: disconnect did not finish within {}; it goes on in the background", name,
                            options.disconnectTimeout());
                    return Mono.error(new io.rtcreactor.engine.DisconnectIncompleteException(name,
                            options.disconnectTimeout()));
                }), options.scheduler());
    }

    /** The name this session logs under ({@code session-N}). */
    public String name() {
        return name;
    }

    /** The remote audio tracks subscribed now (a snapshot, safe from any thread). */
    public List<io.rtcreactor.engine.RemoteAudioTrack> audioTracks() {
        return audioTracksView;
    }

    /** The other participants by identity (a snapshot, safe from any thread). */
    public Map<String, RemoteParticipant> participants() {
        return participantsView;
    }

    /** Sends a name, metadata or attribute update; completes when the server accepted it. */
    public Mono<Void> updateMetadata(UpdateParticipantMetadata.Builder update) {
        Duration wait = options.publishTimeout();
        return guarded(() -> Mono.<Void>create(sink -> lane.schedule(() -> {
            RuntimeException refused = refusal();
            if (refused != null) {
                sink.error(refused);
                return;
            }
            if (!signal.request(metadataUpdates.request(update, sink))) {
                sink.error(new io.rtcreactor.engine.QueueFullException("the signal queue is full ("
                        + options.signalQueue() + " messages waiting for the session to reconnect); the update was not"
                        + " sent"));
            }
        })).timeout(wait, Mono.error(() -> new DeadlineExceededException("the server's answer to a metadata update",
                wait)), options.scheduler()));
    }

    /** Sends a user data packet; completes once it is handed to a data channel. */
    public Mono<Void> publishData(byte[] payload, DataOptions dataOptions) {
        return onDataLane((connectedNow, sink) ->
                data.publish(payload, dataOptions, transports::channel, connectedNow, sink));
    }

    /**
     * Sends a reliable packet of a kind other than user data (a DTMF tone, …): numbered, kept for re-sending after a
     * resume and queued during a reconnect exactly like reliable user data; completes once handed to a channel.
     */
    public Mono<Void> publishReliable(io.rtcreactor.engine.proto.DataPacket.Builder packet) {
        return onDataLane((connectedNow, sink) ->
                data.publishPacket(packet, true, transports::channel, connectedNow, sink));
    }

    /** One send on the data lane, given whether the session is connected now. Lane only. */
    @FunctionalInterface
    private interface DataSend {
        void send(boolean connectedNow, reactor.core.publisher.MonoSink<Void> sink);
    }

    /**
     * Runs {@code send} on the lane once the publisher (and its channels) is on its way; refused before or after.
     * A send cancelled before the lane took it (a {@code timeout()}, a disposed subscription) is not made at all; one
     * the lane has taken is delivered, since a reliable packet then holds its place in the sequence that receivers
     * check for gaps.
     */
    private Mono<Void> onDataLane(DataSend send) {
        return guarded(() -> {
            if (!participation.permissions().canPublishData()) {
                // LiveKit drops such a packet without a word (ParticipantImpl.onReceivedDataMessage).
                return Mono.error(new PermissionDeniedException("send data", "canPublishData"));
            }
            return Mono.<Void>create(sink -> {
                java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
                sink.onCancel(() -> cancelled.set(true));
                lane.schedule(() -> takeData(send, sink, cancelled));
            });
        });
    }

    private void takeData(DataSend send, reactor.core.publisher.MonoSink<Void> sink,
                          java.util.concurrent.atomic.AtomicBoolean cancelled) {
        if (cancelled.get()) {
            return;
        }
        RuntimeException refused = refusal();
        if (refused != null) {
            sink.error(refused);
            return;
        }
        boolean connectedNow = isConnected();
        publisherForData(connectedNow);
        send.send(connectedNow, sink);
    }

    /** Serves {@code method} with {@code handler} from now on (replacing an earlier handler of it). */
    public void registerRpcMethod(String method, java.util.function.Function<io.rtcreactor.engine.RpcInvocation,
            Mono<String>> handler) {
        rpcs.register(method, handler);
    }

    /** Stops serving {@code method}: later calls are answered UNSUPPORTED_METHOD. */
    public void unregisterRpcMethod(String method) {
        rpcs.unregister(method);
    }

    /** Calls {@code method} on {@code destination} (see {@link Rpcs}). */
    public Mono<String> performRpc(String destination, String method, String payload, Duration timeout) {
        return guarded(() -> rpcs.perform(destination, method, payload, timeout));
    }

    /** Receives text streams on {@code topic} with {@code handler}; one handler per topic. */
    public void registerTextStreamHandler(String topic, java.util.function.Consumer<TextStream> handler) {
        incomingStreams.registerText(topic, handler);
    }

    public void unregisterTextStreamHandler(String topic) {
        incomingStreams.unregisterText(topic);
    }

    /** Receives byte streams on {@code topic} with {@code handler}; one handler per topic. */
    public void registerByteStreamHandler(String topic, java.util.function.Consumer<ByteStream> handler) {
        incomingStreams.registerBytes(topic, handler);
    }

    public void unregisterByteStreamHandler(String topic) {
        incomingStreams.unregisterBytes(topic);
    }

    /** Sends {@code text} as one text stream (see {@link OutgoingStreams}). */
    public Mono<StreamInfo> sendTextStream(Flux<String> text, StreamOptions streamOptions, OptionalLong totalLength) {
        return guarded(() -> outgoingStreams.text(text, streamOptions, totalLength));
    }

    /** As {@link #sendTextStream(Flux, StreamOptions, OptionalLong)}, its trailer carrying {@code trailerAttributes}. */
    public Mono<StreamInfo> sendTextStream(Flux<String> text, StreamOptions streamOptions, OptionalLong totalLength,
                                           Map<String, String> trailerAttributes) {
        return guarded(() -> outgoingStreams.text(text, streamOptions, totalLength, trailerAttributes));
    }

    /** Sends {@code bytes} as one byte stream named {@code name} unless the options name it. */
    public Mono<StreamInfo> sendByteStream(Flux<byte[]> bytes, StreamOptions streamOptions, OptionalLong totalLength,
                                           String byteStreamName) {
        return guarded(() -> outgoingStreams.bytes(bytes, streamOptions, totalLength, byteStreamName));
    }

    /** Bytes the reliable channel has not sent yet (0 without one). */
    private Mono<Long> reliableUnsent() {
        return Mono.defer(() -> {
            io.rtcreactor.engine.internal.rtc.DataChannel channel = transports == null ? null : transports.channel("_reliable");
            return channel == null ? Mono.just(0L) : channel.bufferedAmount();
        }).subscribeOn(lane);
    }

    /** The publisher transport and its channels are made on first use, then negotiated. Lane only. */
    private void publisherForData(boolean connectedNow) {
        if (connectedNow && !transports.publisherInUse()) {
            transports.publisher().subscribe(t -> transports.negotiatePublisher(),
                    error -> LOG.warn("{}: publisher transport failed: {}", name, error.toString()));
        }
    }

    /** A reliable packet the engine answers with on its own (an RPC error); sent like user data. Lane only. */
    private void reply(io.rtcreactor.engine.proto.DataPacket.Builder packet) {
        if (runner == null || phase() == Phase.DISCONNECTED) {
            return;
        }
        boolean connectedNow = isConnected();
        publisherForData(connectedNow);
        Mono.<Void>create(sink -> data.publishPacket(packet, true, transports::channel, connectedNow, sink))
                .subscribe(null, error -> LOG.debug("{}: reply not sent: {}", name, error.toString()));
    }

    /** Publishes an audio track fed by {@code frames}. */
    public Mono<LocalTrackPublication> publishAudio(Flux<AudioFrame> frames, AudioPublishOptions publishOptions) {
        LocalTrackPublication.Control control = new LocalTrackPublication.Control() {
            @Override
            public Mono<Void> mute(LocalTrackPublication track, boolean muted) {
                return guarded(() -> Mono.<Void>fromRunnable(() -> publications.mute(track, muted)).subscribeOn(lane));
            }

            @Override
            public Mono<Void> unpublish(LocalTrackPublication track) {
                return guarded(() -> Mono.defer(() -> publications.unpublish(track)).subscribeOn(lane));
            }
        };
        return guarded(() -> Mono.<LocalTrackPublication>create(sink -> lane.schedule(() -> {
            RuntimeException refused = refusal();
            if (refused != null) {
                sink.error(refused);
                return;
            }
            publications.publish(frames, publishOptions, control, sink);
        })));
    }

    /**
     * Subscribes to ({@code subscribe}) or unsubscribes from a remote track of any kind; completes once the server
     * was asked. Unsubscribing ends the track's audio at once, with {@code TrackUnsubscribed}.
     */
    public Mono<Void> setSubscribed(String trackSid, boolean subscribe) {
        return guarded(() -> Mono.<Void>create(sink -> lane.schedule(() -> {
            RuntimeException refused = refusal();
            if (refused != null) {
                sink.error(refused);
                return;
            }
            if (subscribe && !participation.permissions().canSubscribe()) {
                sink.error(new PermissionDeniedException("subscribe to tracks", "canSubscribe"));
                return;
            }
            String owner = roster.publisherOf(trackSid);
            if (owner == null) {
                sink.error(new IllegalArgumentException("no participant in the room publishes track " + trackSid));
                return;
            }
            if (subscribe) {
                subscriptions.subscribe(owner, trackSid);
            } else {
                subscriptions.unsubscribe(owner, trackSid);
                roster.dropSubscription(trackSid, this::emit);
            }
            sink.success();
        })));
    }

    /** Our published tracks. */
    public List<LocalTrackPublication> localTracks() {
        return publications == null ? List.of() : publications.all();
    }

    /**
     * Why an operation cannot run now (lane only, or after the end): the room never connected, or it ended; null
     * while the session runs.
     */
    private RuntimeException refusal() {
        if (endedWith != null) {
            return new RoomDisconnectedException(endedWith);
        }
        return runner == null ? RoomDisconnectedException.notConnectedYet() : null;
    }

    /**
     * {@code operation}, refused at once with a typed error if the session has ended; also when it ends between that
     * check and the operation reaching the lane (the lane is disposed: Reactor's "Scheduler unavailable").
     */
    private <T> Mono<T> guarded(java.util.function.Supplier<Mono<T>> operation) {
        return Mono.defer(() -> endedWith != null ? Mono.<T>error(new RoomDisconnectedException(endedWith))
                        : operation.get())
                .onErrorMap(RejectedExecutionException.class, e -> endedWith != null
                        ? new RoomDisconnectedException(endedWith) : e);
    }

    private boolean isConnected() {
        return phase() == Phase.CONNECTED;
    }

    private void emit(RoomEvent event) {
        if (event instanceof RoomEvent.TrackPublished published) {
            subscriptions.published(published.participant().sid(), published.track());
        } else if (event instanceof RoomEvent.TrackUnpublished unpublished) {
            subscriptions.gone(unpublished.track().sid());
        } else if (event instanceof RoomEvent.ParticipantDisconnected left) {
            left.participant().tracks().forEach(track -> subscriptions.gone(track.sid()));
            rpcs.participantLeft(left.participant().identity());
            incomingStreams.senderLeft(left.participant().identity(), left.participant().sid());
        } else if (event instanceof RoomEvent.DataGap gap) {
            options.metrics().dataGap(gap.local(), gap.to() - gap.from() + 1);
        } else if (event instanceof RoomEvent.Reconnecting) {
            // A full reconnect: streams half sent to or from the old session cannot be completed.
            incomingStreams.sessionReplaced();
            outgoingStreams.sessionReplaced();
        }
        if (event instanceof RoomEvent.ParticipantConnected || event instanceof RoomEvent.ParticipantDisconnected
                || event instanceof RoomEvent.ParticipantUpdated || event instanceof RoomEvent.TrackPublished
                || event instanceof RoomEvent.TrackUnpublished || event instanceof RoomEvent.TrackMuteChanged
                || event instanceof RoomEvent.TrackSubscribed || event instanceof RoomEvent.TrackUnsubscribed
                || event instanceof RoomEvent.AttributesChanged) {
            participantsView = roster.participants();
        }
        if (event instanceof RoomEvent.TrackSubscribed || event instanceof RoomEvent.TrackUnsubscribed
                || event instanceof RoomEvent.ParticipantDisconnected || event instanceof RoomEvent.Disconnected) {
            audioTracksView = roster.audioTracks();
        }
        hub.emit(event);
    }

    @Override
    public void connected() {
        connected.tryEmitEmpty();
    }

    @Override
    public void connectFailed(Throwable error) {
        connected.tryEmitError(error);
    }

    /** Ends the session: everything stops, every native object is released, then the streams complete. */
    @Override
    public void finish(DisconnectReason reason, Throwable cause) {
        endedWith = reason;
        RuntimeException over = new io.rtcreactor.engine.RoomDisconnectedException(reason);
        publications.stopAll(over);
        metadataUpdates.failAll(over);
        data.abandon(over);
        rpcs.ended();
        incomingStreams.ended();
        outgoingStreams.ended();
        // Protocol: "When the client leaves it sends leave{DISCONNECT, CLIENT_INITIATED}".
        signal.closeAll(reason == DisconnectReason.CLIENT_INITIATED);
        roster.clear();
        LOG.info("{}: disconnected ({}{})", name, reason, cause == null ? "" : ": " + cause.getMessage());
        if (reason != DisconnectReason.CLIENT_INITIATED) {
            // Not ended by us: what an operator wants after a dropped call.
            io.rtcreactor.engine.Diagnostics last = recorder.snapshot();
            LOG.warn("{}: the session ended ({}); its last {} signal messages and state changes:\n{}", name, reason,
                    last.entries().size(), last);
        }
        RoomEvent.Disconnected disconnected = new RoomEvent.Disconnected(reason, cause);
        emit(disconnected);
        connected.tryEmitError(cause != null ? cause : new io.rtcreactor.engine.RoomDisconnectedException(reason));
        // The runtime is released even when a transport's close hangs: it keeps its factories while any connection
        // is open (NativeRuntime.dispose), and the hold must still be given back.
        transports.reset(0).onErrorResume(e -> {
                    releaseGaveUp = true;
                    return Mono.empty();
                }).then(release)
                .timeout(options.releaseTimeout(), options.scheduler())
                .onErrorResume(e -> {
                    releaseGaveUp = true;
                    LOG.warn("{}: releasing native resources did not finish: {}", name, e.toString());
                    return Mono.empty();
                })
                .doFinally(signalType -> {
                    released = true;
                    OpenSessions.ended(this);
                    hub.complete();
                    ended.tryEmitValue(disconnected);
                    lane.dispose();
                })
                .subscribe();
    }
}
