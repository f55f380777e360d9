package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.signal.SignalConnection;
import io.rtcreactor.engine.internal.signal.SignalUrl;
import io.rtcreactor.engine.internal.supervisor.SupervisorCommand;
import io.rtcreactor.engine.internal.supervisor.SupervisorRunner;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the supervisor's commands (all but its timers, which the runner keeps): each one is a call on the
 * part of the session it concerns. No decision is made here. Lane-confined.
 */
final class SessionEffects implements SupervisorRunner.Effects {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEffects.class);

    /** What ends the session and completes its first connect; the session itself. */
    interface Lifecycle {
        void connected();

        void connectFailed(Throwable error);

        void finish(io.rtcreactor.engine.DisconnectReason reason, Throwable cause);
    }

    private final String name;
    private final Regions regions;
    private final RoomOptions options;
    private final Participation participation;
    private final SignalLink signal;
    private final Transports transports;
    private final Roster roster;
    private final DataLane data;
    private final RecoverySteps steps;
    private final PathWatch paths;
    private final PathSilence silence;
    private final EventHub hub;
    private final Consumer<RoomEvent> events;
    private final Lifecycle lifecycle;
    private final FlightRecorder recorder;
    /** For the metrics: the state the session is in, and the reconnect episode under way (null: none). */
    private io.rtcreactor.engine.ConnectionState current;
    private Mode episodeMode;
    private String episodeCause;
    private long episodeStartMillis;

    SessionEffects(String name, Regions regions, RoomOptions options, Participation participation, SignalLink signal,
                   Transports transports, Roster roster, DataLane data, RecoverySteps steps, PathWatch paths,
                   PathSilence silence, EventHub hub, Consumer<RoomEvent> events, Lifecycle lifecycle, FlightRecorder recorder) {
        this.recorder = recorder;
        this.name = name;
        this.regions = regions;
        this.options = options;
        this.participation = participation;
        this.signal = signal;
        this.transports = transports;
        this.roster = roster;
        this.data = data;
        this.steps = steps;
        this.paths = paths;
        this.silence = silence;
        this.hub = hub;
        this.events = events;
        this.lifecycle = lifecycle;
    }

    @Override
    public void run(SupervisorCommand command) {
        if (command instanceof SupervisorCommand.OpenSignal open) {
            openSignal(open);
        } else if (command instanceof SupervisorCommand.RetireSignal retire) {
            signal.retire(retire.epoch(), false);
        } else if (command instanceof SupervisorCommand.LeaveAndRetire leave) {
            signal.retire(leave.epoch(), true);
        } else if (command instanceof SupervisorCommand.ResetPeers reset) {
            roster.transportsReset();
            signal.dropWaiting();
            paths.stop();
            // A close that hangs is logged by the transports; the new transports do not wait for it.
            transports.reset(reset.generation()).subscribe(null, e -> { });
        } else if (command instanceof SupervisorCommand.Rejoin rejoin) {
            steps.rejoin(rejoin.epoch(), rejoin.generation(), rejoin.join());
        } else if (command instanceof SupervisorCommand.Resync resync) {
            steps.resync(resync.epoch(), resync.response());
        } else if (command instanceof SupervisorCommand.AwaitPath await) {
            paths.await(await.generation(), await.target(), await.ufrag());
        } else if (command instanceof SupervisorCommand.StopAwaitingPaths) {
            paths.stop();
        } else if (command instanceof SupervisorCommand.EnterState enter) {
            recorder.state(enter.state().name());
            if (enter.state() == io.rtcreactor.engine.ConnectionState.CONNECTED) {
                silence.start(transports.generation());
            } else {
                silence.stop();
            }
            enter(enter.state());
            hub.state(enter.state());
        } else if (command instanceof SupervisorCommand.EpisodeStarted started) {
            recorder.episode("started " + started.mode(), String.valueOf(started.cause().getMessage()));
            episodeMode = started.mode();
            episodeCause = started.cause().getClass().getSimpleName();
            episodeStartMillis = options.scheduler().now(java.util.concurrent.TimeUnit.MILLISECONDS);
            signal.hold();
            LOG.info("{}: {} after: {}", name, started.mode() == Mode.RESUME ? "resuming" : "reconnecting fully",
                    started.cause().getMessage());
            events.accept(started.mode() == Mode.RESUME ? new RoomEvent.Resuming(started.cause())
                    : new RoomEvent.Reconnecting(started.cause()));
        } else if (command instanceof SupervisorCommand.Escalated escalated) {
            recorder.episode("escalated to FULL", String.valueOf(escalated.cause().getMessage()));
            episodeMode = Mode.FULL;
            LOG.info("{}: resume failed ({}); reconnecting fully", name, escalated.cause().getMessage());
            events.accept(new RoomEvent.Reconnecting(escalated.cause()));
        } else if (command instanceof SupervisorCommand.ResumedAgain again) {
            LOG.info("{}: the server asked for another resume ({}); resuming again (attempt {})", name,
                    again.cause().getMessage(), again.attempt());
        } else if (command instanceof SupervisorCommand.Recovered recovered) {
            recovered(recovered);
        } else if (command instanceof SupervisorCommand.Connected) {
            regions.connected();
            signal.flushPending();
            signal.release();
            data.flushWaiting(transports::channel);
            LOG.info("{}: connected to room {} as {} ({})", name, participation.roomName(), participation.identity(),
                    participation.localSid());
            lifecycle.connected();
        } else if (command instanceof SupervisorCommand.ConnectFailedFinally failed) {
            lifecycle.connectFailed(failed.error());
        } else if (command instanceof SupervisorCommand.Finish finish) {
            recorder.episode("finished " + finish.reason(), finish.cause() == null ? ""
                    : finish.cause().getClass().getSimpleName());
            if (episodeMode != null) {
                options.metrics().episode(episodeMode, episodeCause, "disconnected", java.time.Duration.ofMillis(
                        options.scheduler().now(java.util.concurrent.TimeUnit.MILLISECONDS) - episodeStartMillis));
                episodeMode = null;
            }
            enter(io.rtcreactor.engine.ConnectionState.DISCONNECTED);
            paths.stop();
            silence.stop();
            lifecycle.finish(finish.reason(), finish.cause());
        }
    }

    private void openSignal(SupervisorCommand.OpenSignal open) {
        boolean resume = open.mode() == Mode.RESUME;
        LOG.info("{}: opening signal connection #{} ({})", name, open.epoch(), resume ? "resume" : "join");
        var query = SignalUrl.query("java", "0.1.0",
                options.autoSubscribe() == io.rtcreactor.engine.AutoSubscribe.ALL, options.adaptiveStream(),
                resume ? participation.localSid() : null, open.reason().getNumber());
        signal.open(open.epoch(), new SignalConnection.Target(regions.urlFor(open.epoch(), resume), query,
                participation.token(),
                options.connectTimeout(), options.signalQueue(), options.tlsTrust()), options.responseTimeout());
    }

    /** Counts the session in {@code state} (once: a repeated state, or any after DISCONNECTED, is not a move). */
    private void enter(io.rtcreactor.engine.ConnectionState state) {
        if (state == current || current == io.rtcreactor.engine.ConnectionState.DISCONNECTED) {
            return;
        }
        options.metrics().sessionState(current, state);
        current = state;
    }

    private void recovered(SupervisorCommand.Recovered recovered) {
        recorder.episode("recovered " + recovered.mode(), recovered.took().toMillis() + " ms");
        options.metrics().episode(recovered.mode(), episodeCause == null ? "unknown" : episodeCause, "recovered",
                recovered.took());
        episodeMode = null;
        regions.connected();
        signal.flushPending();
        signal.release();
        if (recovered.mode() == Mode.RESUME) {
            data.resendAfter(participation.lastMessageSeq(), transports::channel, participation.localSid(),
                    participation.identity(), events);
        } else {
            data.flushWaiting(transports::channel);
        }
        LOG.info("{}: reconnected ({}) in {} ms", name, recovered.mode(), recovered.took().toMillis());
        events.accept(new RoomEvent.Reconnected(recovered.mode(), recovered.took()));
    }
}
