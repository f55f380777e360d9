package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.reconnect.Mode;
import io.rtcreactor.engine.reconnect.Supervisor;
import io.rtcreactor.engine.reconnect.SupervisorCommand;
import io.rtcreactor.engine.reconnect.SupervisorInput;
import io.rtcreactor.engine.reconnect.SupervisorState;
import io.rtcreactor.engine.rtc.IceServer;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.signal.SignalClient;
import io.rtcreactor.engine.signal.SignalCodec;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One participant session: the serial owner of all engine state, and the place where the pipeline of DESIGN.md
 * comes together.
 *
 * <pre>
 *  signal connections ──► frames (tagged with their epoch) ──┐
 *  publisher / subscriber ─► transport events (generation) ──┼─► lane ─► {@link Supervisor} (pure rules)
 *  keepalive, deadlines, backoff timers ──────────────────────┤            │ commands, run in order
 *  application calls (publish, data, mute, disconnect) ──────┘            ▼
 *                                            signal link · transports · publications · data lane · events
 * </pre>
 *
 * Everything runs on the lane, a serial scheduler that never blocks: SDP work happens on the transports' native
 * workers and only its results come back, so a stuck step can never hold back a Leave, a pong or a closed socket
 * (invariant 1). Inputs to the supervisor are queued and handled one at a time, each input's commands all run
 * before the next input (no re-entrancy).
 */
public final class Session {

    private static final Logger LOG = LoggerFactory.getLogger(Session.class);

    final String name;
    final RoomOptions options;
    final Scheduler lane;
    final EventHub hub;
    final SignalLink signal;
    Transports transports;
    final Roster roster;
    final Publications publications;
    final DataLane data;
    final SessionSignals signals;
    final SessionMedia media;
    private final String url;
    private RtcRuntime runtime;
    private final Supervisor supervisor;
    private final Deque<SupervisorInput> inbox = new ArrayDeque<>();
    private final Map<SupervisorCommand.Deadline, Disposable> deadlines = new EnumMap<>(SupervisorCommand.Deadline.class);
    private final Sinks.One<Void> connected = Sinks.one();
    private final Sinks.One<Void> ended = Sinks.one();
    private SupervisorState state = SupervisorState.initial();
    private volatile Map<String, io.rtcreactor.engine.RemoteParticipant> participantsView = Map.of();
    private boolean draining;
    private Disposable retryTimer;
    private Disposable episodeTimer;
    String token;
    String identity = "";
    String localSid = "";
    String roomName = "";
    String roomSid = "";
    JoinResponse join;
    List<IceServer> iceServers = List.of();
    long lastMessageSeq;
    java.time.Duration pingInterval;
    java.time.Duration pingTimeout;

    public Session(String url, String token, RoomOptions options, String name) {
        this.url = url;
        this.token = token;
        this.options = options;
        this.name = name;
        this.lane = EngineSchedulers.serialOn(options.scheduler());
        this.hub = new EventHub(name, options.eventBuffer(), options.callbackScheduler());
        this.supervisor = new Supervisor(new Supervisor.Settings(options.reconnectPolicy(), options.responseTimeout(),
                options.recoveryTimeout()));
        this.signals = new SessionSignals(this);
        this.media = new SessionMedia(this);
        this.signal = new SignalLink(name, new SignalClient(SignalCodec.defaults()), lane, options.signalQueue(),
                signals);
        this.roster = new Roster(options.audioBuffer(), options.callbackScheduler());
        this.publications = new Publications(lane, options.scheduler(), options.publishTimeout(), media);
        this.pingInterval = options.defaultPingInterval();
        this.pingTimeout = options.defaultPingTimeout();
        this.data = new DataLane(options.reliableBuffer());
    }

    /**
     * Joins using {@code rtc} (held for this session, released when it ends); completes once connected, fails
     * with the reason the first join could not complete.
     */
    public Mono<Void> start(RtcRuntime rtc) {
        lane.schedule(() -> {
            if (runtime != null) {
                rtc.release().subscribe();
                return;
            }
            runtime = rtc;
            transports = new Transports(name, rtc, lane, options, media);
            supervise(new SupervisorInput.Start());
        });
        return connected.asMono();
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
        return localSid;
    }

    public String identity() {
        return identity;
    }

    public String roomName() {
        return roomName;
    }

    public String roomSid() {
        return roomSid;
    }

    /** Completes when the session has ended and released everything. */
    public Mono<Void> ended() {
        return ended.asMono();
    }

    /** Ends the session (bounded by {@code disconnectTimeout}); sends {@code leave{CLIENT_INITIATED}} if it can. */
    public Mono<Void> disconnect() {
        return Mono.defer(() -> {
                    if (runtime == null) {
                        lane.schedule(() -> {
                            if (runtime == null) {
                                hub.complete();
                                ended.tryEmitEmpty();
                            }
                        });
                    } else if (state.phase() != io.rtcreactor.engine.reconnect.Phase.DISCONNECTED) {
                        lane.schedule(() -> supervise(new SupervisorInput.DisconnectRequested()));
                    }
                    return ended.asMono();
                })
                .onErrorResume(java.util.concurrent.RejectedExecutionException.class, e -> ended.asMono())
                .timeout(options.disconnectTimeout(), Mono.fromRunnable(() ->
                        LOG.warn("{}: disconnect did not finish within {}; resources may leak", name,
                                options.disconnectTimeout())));
    }

    /** Feeds the supervisor; inputs are handled one at a time, in order. Lane only. */
    void supervise(SupervisorInput input) {
        inbox.addLast(input);
        if (draining) {
            return;
        }
        draining = true;
        try {
            while (!inbox.isEmpty()) {
                SupervisorInput next = inbox.removeFirst();
                Supervisor.Step step = supervisor.next(state, next, now());
                if (!step.commands().isEmpty()) {
                    LOG.debug("{}: {} → {}", name, next, step.commands());
                }
                state = step.state();
                for (SupervisorCommand command : step.commands()) {
                    try {
                        execute(command);
                    } catch (RuntimeException e) {
                        LOG.error("{}: command {} failed", name, command, e);
                    }
                }
            }
        } finally {
            draining = false;
        }
    }

    SupervisorState state() {
        return state;
    }

    /** The epoch a steady-state or attempt failure belongs to. */
    int currentEpoch() {
        return state.attemptEpoch() != 0 ? state.attemptEpoch() : state.liveEpoch();
    }

    Instant now() {
        return Instant.ofEpochMilli(lane.now(TimeUnit.MILLISECONDS));
    }

    void emit(RoomEvent event) {
        if (event instanceof RoomEvent.ParticipantConnected || event instanceof RoomEvent.ParticipantDisconnected
                || event instanceof RoomEvent.ParticipantUpdated || event instanceof RoomEvent.TrackPublished
                || event instanceof RoomEvent.TrackUnpublished || event instanceof RoomEvent.TrackMuteChanged) {
            participantsView = roster.participants();
        }
        hub.emit(event);
    }

    /** The other participants by identity (a snapshot, safe from any thread). */
    public Map<String, io.rtcreactor.engine.RemoteParticipant> participants() {
        return participantsView;
    }

    /** Sends a user data packet; completes once it is handed to a data channel. */
    public Mono<Void> publishData(byte[] payload, io.rtcreactor.engine.DataOptions options) {
        return Mono.<Void>create(sink -> lane.schedule(() -> {
            if (state.phase() == io.rtcreactor.engine.reconnect.Phase.DISCONNECTED || transports == null) {
                sink.error(new IllegalStateException(transports == null ? "the room is not connected yet"
                        : "the session has ended"));
                return;
            }
            boolean connectedNow = state.phase() == io.rtcreactor.engine.reconnect.Phase.CONNECTED;
            if (connectedNow && !transports.publisherInUse()) {
                // The publisher transport and its channels are made on first use, then negotiated.
                transports.publisher().subscribe(t -> transports.negotiatePublisher(false),
                        error -> LOG.warn("{}: publisher transport failed: {}", name, error.toString()));
            }
            data.publish(payload, options, transports::channel, connectedNow, sink);
        }));
    }

    /** Publishes an audio track fed by {@code frames}. */
    public Mono<io.rtcreactor.engine.LocalTrackPublication> publishAudio(
            reactor.core.publisher.Flux<io.rtcreactor.engine.AudioFrame> frames,
            io.rtcreactor.engine.AudioPublishOptions options) {
        io.rtcreactor.engine.LocalTrackPublication.Control control = new io.rtcreactor.engine.LocalTrackPublication.Control() {
            @Override
            public Mono<Void> mute(io.rtcreactor.engine.LocalTrackPublication track, boolean muted) {
                return Mono.<Void>fromRunnable(() -> publications.mute(track, muted)).subscribeOn(lane);
            }

            @Override
            public Mono<Void> unpublish(io.rtcreactor.engine.LocalTrackPublication track) {
                return Mono.defer(() -> publications.unpublish(track)).subscribeOn(lane);
            }
        };
        return Mono.create(sink -> lane.schedule(() -> {
            if (state.phase() == io.rtcreactor.engine.reconnect.Phase.DISCONNECTED || transports == null) {
                sink.error(new IllegalStateException(transports == null ? "the room is not connected yet"
                        : "the session has ended"));
                return;
            }
            publications.publish(frames, options, control, sink);
        }));
    }

    /** Our published tracks. */
    public List<io.rtcreactor.engine.LocalTrackPublication> localTracks() {
        return publications.all();
    }

    /** Sends a request that waits while the session recovers. */
    boolean request(SignalRequest request) {
        return signal.request(request);
    }

    private void execute(SupervisorCommand command) {
        if (command instanceof SupervisorCommand.OpenSignal open) {
            openSignal(open);
        } else if (command instanceof SupervisorCommand.RetireSignal retire) {
            signal.retire(retire.epoch(), false);
        } else if (command instanceof SupervisorCommand.LeaveAndRetire leave) {
            signal.retire(leave.epoch(), true);
        } else if (command instanceof SupervisorCommand.ResetPeers) {
            resetPeers();
        } else if (command instanceof SupervisorCommand.Resync) {
            media.resync();
        } else if (command instanceof SupervisorCommand.Rejoin) {
            media.rejoin();
        } else if (command instanceof SupervisorCommand.ArmDeadline arm) {
            armDeadline(arm);
        } else if (command instanceof SupervisorCommand.ScheduleRetry retry) {
            scheduleRetry(retry);
        } else if (command instanceof SupervisorCommand.ArmEpisodeDeadline arm) {
            armEpisode(arm);
        } else if (command instanceof SupervisorCommand.EnterState enter) {
            hub.state(enter.state());
        } else if (command instanceof SupervisorCommand.EpisodeStarted started) {
            episodeStarted(started);
        } else if (command instanceof SupervisorCommand.Escalated escalated) {
            LOG.info("{}: resume failed ({}); reconnecting fully", name, escalated.cause().getMessage());
            emit(new RoomEvent.Reconnecting(escalated.cause()));
        } else if (command instanceof SupervisorCommand.Recovered recovered) {
            recovered(recovered);
        } else if (command instanceof SupervisorCommand.Connected) {
            connectedFirstTime();
        } else if (command instanceof SupervisorCommand.ConnectFailedFinally failed) {
            connected.tryEmitError(failed.error());
        } else if (command instanceof SupervisorCommand.Finish finish) {
            finish(finish.reason(), finish.cause());
        }
    }

    private void openSignal(SupervisorCommand.OpenSignal open) {
        cancelDeadlines();
        boolean resume = open.mode() == Mode.RESUME;
        LOG.info("{}: opening signal connection #{} ({})", name, open.epoch(), resume ? "resume" : "join");
        signal.open(open.epoch(), signals.target(url, token, resume), options.responseTimeout());
    }

    private void resetPeers() {
        roster.transportsReset();
        signal.dropWaiting();
        transports.reset().subscribe();
        media.transportsReset();
    }

    private void armDeadline(SupervisorCommand.ArmDeadline arm) {
        Disposable previous = deadlines.remove(arm.deadline());
        if (previous != null) {
            previous.dispose();
        }
        String step = arm.deadline() == SupervisorCommand.Deadline.RESPONSE ? "the Join/ReconnectResponse"
                : "recovery (answers applied, transports connected, tracks published)";
        deadlines.put(arm.deadline(), lane.schedule(() -> {
            if (state.attemptEpoch() == arm.epoch()) {
                LOG.info("{}: {} missed its deadline; progress: {}", name, step, progress());
            }
            supervise(new SupervisorInput.StepFailed(arm.epoch(),
                    new io.rtcreactor.engine.reconnect.DeadlineExceededException(step, arm.after())));
        }, arm.after().toMillis(), TimeUnit.MILLISECONDS));
        if (arm.deadline() == SupervisorCommand.Deadline.RECOVERY) {
            media.watchRecovery(arm.epoch());
        }
    }

    /** What an attempt has achieved so far, for the log line of a missed deadline. */
    private String progress() {
        var sub = io.rtcreactor.engine.proto.SignalTarget.SUBSCRIBER;
        var pub = io.rtcreactor.engine.proto.SignalTarget.PUBLISHER;
        String peers = transports == null ? "none" : "subscriber=" + transports.state(sub) + " ("
                + transports.lastPathLook(sub) + "), publisher=" + (transports.publisherInUse()
                ? transports.state(pub) + " (" + transports.lastPathLook(pub) + ")" : "unused")
                + ", outstanding publisher offer=" + transports.outstandingPublisherOffer();
        return "responded=" + state.responded() + ", restartOffer=" + state.restartOfferId() + ", restartAnswered="
                + state.restartAnswered() + ", peersConnected=" + state.peersConnected() + ", republishPending="
                + state.republishPending() + ", " + peers;
    }

    void cancelDeadline(SupervisorCommand.Deadline which) {
        Disposable timer = deadlines.remove(which);
        if (timer != null) {
            timer.dispose();
        }
    }

    private void cancelDeadlines() {
        deadlines.values().forEach(Disposable::dispose);
        deadlines.clear();
    }

    private void scheduleRetry(SupervisorCommand.ScheduleRetry retry) {
        if (retryTimer != null) {
            retryTimer.dispose();
        }
        LOG.info("{}: attempt {} in {} ms", name, retry.attempt(), retry.delay().toMillis());
        retryTimer = lane.schedule(() -> supervise(new SupervisorInput.RetryDue(retry.attempt())),
                retry.delay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void armEpisode(SupervisorCommand.ArmEpisodeDeadline arm) {
        if (episodeTimer != null) {
            episodeTimer.dispose();
        }
        episodeTimer = lane.schedule(() -> supervise(new SupervisorInput.EpisodeExpired(arm.episode())),
                arm.after().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void episodeStarted(SupervisorCommand.EpisodeStarted started) {
        signal.hold();
        LOG.info("{}: {} after: {}", name, started.mode() == Mode.RESUME ? "resuming" : "reconnecting fully",
                started.cause().getMessage());
        emit(started.mode() == Mode.RESUME ? new RoomEvent.Resuming(started.cause())
                : new RoomEvent.Reconnecting(started.cause()));
    }

    private void recovered(SupervisorCommand.Recovered recovered) {
        cancelDeadlines();
        if (episodeTimer != null) {
            episodeTimer.dispose();
        }
        signal.flushPending();
        signal.release();
        if (recovered.mode() == Mode.RESUME) {
            data.resendAfter(lastMessageSeq, transports::channel, localSid, identity, this::emit);
        } else {
            data.flushWaiting(transports::channel);
        }
        LOG.info("{}: reconnected ({}) in {} ms", name, recovered.mode(), recovered.took().toMillis());
        emit(new RoomEvent.Reconnected(recovered.mode(), recovered.took()));
    }

    private void connectedFirstTime() {
        cancelDeadlines();
        if (episodeTimer != null) {
            episodeTimer.dispose();
        }
        signal.flushPending();
        signal.release();
        data.flushWaiting(transports::channel);
        LOG.info("{}: connected to room {} as {} ({})", name, roomName, identity, localSid);
        connected.tryEmitEmpty();
    }

    private void finish(DisconnectReason reason, Throwable cause) {
        cancelDeadlines();
        for (Disposable timer : new Disposable[] {retryTimer, episodeTimer}) {
            if (timer != null) {
                timer.dispose();
            }
        }
        media.stop();
        RuntimeException ended = new IllegalStateException("the session ended: " + reason);
        publications.stopAll(ended);
        data.abandon(ended);
        // Protocol: "When the client leaves it sends leave{DISCONNECT, CLIENT_INITIATED}".
        signal.closeAll(reason == DisconnectReason.CLIENT_INITIATED);
        roster.clear();
        LOG.info("{}: disconnected ({}{})", name, reason, cause == null ? "" : ": " + cause.getMessage());
        emit(new RoomEvent.Disconnected(reason, cause));
        connected.tryEmitError(cause != null ? cause : new IllegalStateException("disconnected: " + reason));
        Mono<Void> release = runtime == null ? Mono.empty() : transports.reset().then(runtime.release());
        release
                .timeout(options.disconnectTimeout())
                .onErrorResume(e -> {
                    LOG.warn("{}: releasing native resources did not finish: {}", this.name, e.toString());
                    return Mono.empty();
                })
                .doFinally(signalType -> {
                    hub.complete();
                    this.ended.tryEmitEmpty();
                    lane.dispose();
                })
                .subscribe();
    }
}
