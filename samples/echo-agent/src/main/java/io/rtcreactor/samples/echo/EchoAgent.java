package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The echo agent: one room session that publishes one audio track carrying back the mix of every remote audio
 * track it subscribes to ({@link EchoMixer}), sends every reliable data packet and every text stream on topic
 * {@code echo} back to its sender, answers the RPC method {@code echo} with its payload, publishes its state as the
 * attribute {@code lk.agent.state} ({@code listening}, {@code speaking} while it hears and so echoes sound), and
 * reports each room event as one line of its {@link Timeline}.
 *
 * <p>With {@code republishOnReconnect} it behaves like the agent frameworks of DESIGN.md's incident: on every
 * {@code Reconnected} it unpublishes its track and publishes it again, asked for from inside the event handler.
 * The engine must take that (a renegotiation requested while an offer is outstanding is deferred, invariant 4).
 */
public final class EchoAgent {

    /** The data topic the agent answers. */
    public static final String TOPIC = "echo";
    private static final int ECHO_QUEUE = 256;

    private final boolean republishOnReconnect;
    private final Room room;
    private final Timeline timeline;
    private final EchoMixer mixer = new EchoMixer();
    private final AtomicReference<LocalTrackPublication> track = new AtomicReference<>();
    private final AtomicBoolean leaving = new AtomicBoolean();
    /** Remote tracks carrying sound now: the agent is "speaking" (echoing) while any does. */
    private final java.util.concurrent.atomic.AtomicInteger voiced = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.Map<String, VoiceActivity> activities = new java.util.concurrent.ConcurrentHashMap<>();
    private final Sinks.Many<AgentState> states = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<RoomEvent.Disconnected> ended = Sinks.one();
    private final Disposable.Composite subscriptions = Disposables.composite();
    /** Reconnected events to act on, one at a time (a second reconnect waits for the first republish). */
    private final Sinks.Many<RoomEvent.Reconnected> reconnects = Sinks.many().unicast().onBackpressureBuffer();
    /** Packets to send back, in order; bounded, so a flood of data costs lost echoes, not memory. */
    private final Sinks.Many<DataReceived> echoes = Sinks.many().unicast()
            .onBackpressureBuffer(Queues.<DataReceived>get(ECHO_QUEUE).get());

    private EchoAgent(Room room, boolean republishOnReconnect, Timeline timeline) {
        this.republishOnReconnect = republishOnReconnect;
        this.timeline = timeline;
        this.room = room;
        // One subscription drives everything, so that each event's line comes before what the agent does about it
        // (separate subscribers may be called on different threads). Subscribed before connecting: the room's
        // streams are hot, and the first events come during the join.
        subscriptions.add(room.events().subscribe(this::onEvent, error -> ended.tryEmitEmpty(), ended::tryEmitEmpty));
        // LiveKit RPC: "echo" answers with what it was sent (issue 11's echo agent); callers see it in rpc_result.
        room.localParticipant().registerRpcMethod("echo", call -> {
            timeline.line("rpc echo from " + call.callerIdentity() + " (" + call.payload().length() + " chars)");
            return Mono.just(call.payload());
        });
        // Text streams on "echo" go back to their sender as they arrive, as a text stream on the same topic.
        room.registerTextStreamHandler(TOPIC, this::echoText);
        subscriptions.add(echoes.asFlux().concatMap(this::echo).subscribe());
        subscriptions.add(states.asFlux().concatMap(this::state).subscribe());
        subscriptions.add(reconnects.asFlux().concatMap(reconnected -> republish()).subscribe());
    }

    /** Joins the room and publishes the echo track; completes with the running agent. */
    public static Mono<EchoAgent> start(AgentConfig config, RoomOptions options, Timeline timeline) {
        return Mono.defer(() -> {
            timeline.line("connecting to " + config.url() + " room=" + config.room() + " as " + config.identity());
            return start(Room.create(config.url(), token(config), options), config.republishOnReconnect(), timeline);
        });
    }

    /**
     * Runs the echo agent in {@code room}, created and not yet joined (a Spring application creates it with the
     * starter's {@code RoomConnector}): subscribes to its events, joins, publishes the echo track and its state.
     * Its token needs {@code canUpdateOwnMetadata} for the state attribute.
     */
    public static Mono<EchoAgent> start(Room room, boolean republishOnReconnect, Timeline timeline) {
        return Mono.defer(() -> {
            EchoAgent agent = new EchoAgent(room, republishOnReconnect, timeline);
            return agent.room.connect()
                    .doOnNext(joined -> timeline.line("connected room=" + joined.name() + " as "
                            + joined.localParticipant().identity() + " (" + joined.localParticipant().sid() + ")"))
                    .then(agent.publish())
                    .then(agent.state(AgentState.LISTENING))
                    .thenReturn(agent)
                    .doOnError(error -> agent.subscriptions.dispose());
        });
    }

    /**
     * Runs until the session ends or {@code stop} emits (the name of what asked, e.g. {@code SIGTERM}). Gives the
     * exit status: 0 after a disconnect of our own, 1 when the session ended for any other reason.
     */
    public Mono<Integer> runUntil(Mono<String> stop) {
        Mono<Integer> endedByItself = ended.asMono()
                .filter(disconnected -> !leaving.get())
                .map(disconnected -> {
                    timeline.line("session ended unexpectedly: reason=" + disconnected.reason() + " cause="
                            + EventText.message(disconnected.cause()));
                    return 1;
                })
                .switchIfEmpty(Mono.defer(() -> leaving.get() ? Mono.empty() : Mono.fromCallable(() -> {
                    timeline.line("session ended unexpectedly without a reason");
                    return 1;
                })));
        Mono<Integer> stopped = stop.flatMap(signal -> {
            timeline.line("stopping on " + signal);
            return disconnect().thenReturn(0);
        });
        return Mono.firstWithValue(endedByItself, stopped);
    }

    /**
     * Leaves the room (bounded by the engine's disconnect timeout). The event subscriptions are left to end with
     * the room's streams, so that the Disconnected line is still printed.
     */
    public Mono<Void> disconnect() {
        return Mono.defer(() -> {
            leaving.set(true);
            return room.disconnect();
        });
    }

    /** The session's end: its Disconnected event (empty if the room's events ended without one). */
    public Mono<RoomEvent.Disconnected> ended() {
        return ended.asMono();
    }

    /** Everything the room reports (hot). */
    public Flux<RoomEvent> events() {
        return room.events();
    }

    public Room room() {
        return room;
    }

    private static String token(AgentConfig config) {
        return AccessToken.builder(config.apiKey(), config.apiSecret())
                .identity(config.identity())
                .name(config.identity())
                .grant(VideoGrant.builder().room(config.room()).roomJoin(true).agent(true).canUpdateOwnMetadata(true)
                        .build())
                .build()
                .toJwt();
    }

    private Mono<LocalTrackPublication> publish() {
        return room.localParticipant().publishAudio(mixer.frames(), AudioPublishOptions.defaults().name("echo"))
                .doOnNext(track::set);
    }

    private void onEvent(RoomEvent event) {
        timeline.line(EventText.of(event));
        if (event instanceof RoomEvent.TrackSubscribed subscribed) {
            listen(subscribed);
        } else if (event instanceof RoomEvent.TrackUnsubscribed unsubscribed) {
            mixer.remove(unsubscribed.track().sid());
            VoiceActivity activity = activities.remove(unsubscribed.track().sid());
            if (activity != null && activity.speaking()) {
                quiet(); // it will not say STOPPED any more
            }
        } else if (event instanceof RoomEvent.DataPacketReceived received && received.data().reliable()
                && TOPIC.equals(received.data().topic())) {
            if (echoes.tryEmitNext(received.data()).isFailure()) {
                timeline.line("not echoing " + received.data().payload().length + " bytes to "
                        + received.data().senderIdentity() + ": " + ECHO_QUEUE + " echoes are already waiting");
            }
        } else if (event instanceof RoomEvent.Reconnected reconnected) {
            if (reconnected.mode() == io.rtcreactor.engine.Mode.FULL) {
                // A full reconnect makes a new participant, without the attributes the old one had set.
                requestState(voiced.get() > 0 ? AgentState.SPEAKING : AgentState.LISTENING);
            }
            if (republishOnReconnect) {
                // Emitted from this handler: the unpublish is requested synchronously, inside the event's delivery.
                reconnects.tryEmitNext(reconnected);
            }
        } else if (event instanceof RoomEvent.Disconnected disconnected) {
            ended.tryEmitValue(disconnected);
        }
    }

    /** Mixes a remote track into the echo, with a line when its sound starts and stops. */
    private void listen(RoomEvent.TrackSubscribed subscribed) {
        String who = subscribed.participant().identity();
        String sid = subscribed.track().sid();
        VoiceActivity activity = new VoiceActivity();
        activities.put(sid, activity);
        mixer.add(sid, subscribed.track().frames().doOnNext(frame -> {
            switch (activity.update(frame)) {
                case STARTED -> {
                    timeline.line("hears " + who + " on " + sid);
                    // The echo carries what it hears at once: while anyone is heard, the agent is speaking.
                    if (voiced.getAndIncrement() == 0) {
                        requestState(AgentState.SPEAKING);
                    }
                }
                case STOPPED -> {
                    timeline.line(who + " went quiet on " + sid);
                    quiet();
                }
                default -> {
                }
            }
        }));
    }

    private Mono<Void> echo(DataReceived data) {
        String sender = data.senderIdentity();
        if (sender.isEmpty()) {
            // Without a sender there is no one to answer, and no destinations would mean "everyone".
            timeline.line("not echoing " + data.payload().length + " bytes: no sender identity");
            return Mono.empty();
        }
        return room.publishData(data.payload(), DataOptions.reliable().topic(TOPIC).destinations(List.of(sender)))
                .doOnSuccess(done -> timeline.line("echoed " + data.payload().length + " bytes to " + sender
                        + " topic=" + TOPIC))
                .onErrorResume(error -> {
                    timeline.line("could not echo to " + sender + ": " + EventText.message(error));
                    return Mono.empty();
                });
    }

    private void quiet() {
        if (voiced.decrementAndGet() == 0) {
            requestState(AgentState.LISTENING);
        }
    }

    /** Queues a state change: changes are sent one after the other, so the room sees them in order. */
    private synchronized void requestState(AgentState state) {
        states.tryEmitNext(state);
    }

    /**
     * Publishes the agent's state as LiveKit's agents do: participant attribute {@code lk.agent.state}, which
     * LiveKit's frontends (useVoiceAssistant) read. Never fails: a refused update is a line of the timeline.
     */
    Mono<Void> state(AgentState state) {
        return room.localParticipant().setAttributes(java.util.Map.of(AgentState.ATTRIBUTE, state.value()))
                .doOnSuccess(done -> timeline.line("agent state " + state.value()))
                .onErrorResume(error -> {
                    timeline.line("could not publish agent state " + state.value() + ": " + EventText.message(error));
                    return Mono.empty();
                });
    }

    /** Sends a text stream on {@code echo} back to its sender as it arrives (a reply to it). */
    private void echoText(TextStream stream) {
        String sender = stream.info().senderIdentity();
        timeline.line("text stream " + stream.info().id() + " from " + sender + " on " + TOPIC);
        subscriptions.add(room.localParticipant().streamText(stream.chunks(), StreamOptions.topic(TOPIC)
                        .withDestinations(List.of(sender)).withReplyTo(stream.info().id())
                        .withAttributes(stream.info().attributes()))
                .subscribe(info -> timeline.line("echoed text stream " + stream.info().id() + " to " + sender
                                + " as " + info.id()),
                        error -> timeline.line("could not echo text stream " + stream.info().id() + " to " + sender
                                + ": " + EventText.message(error))));
    }

    /** What agent frameworks do on "reconnected": take the track down and put it up again. */
    private Mono<LocalTrackPublication> republish() {
        LocalTrackPublication previous = track.get();
        timeline.line("republishing the echo track " + (previous == null ? "" : previous.sid() + " ")
                + "(--republish-on-reconnect)");
        Mono<Void> unpublish = previous == null ? Mono.empty() : previous.unpublish();
        return unpublish.then(publish())
                .doOnNext(published -> timeline.line("republished echo track " + published.sid()))
                .onErrorResume(error -> {
                    timeline.line("republishing failed: " + EventText.message(error));
                    return Mono.empty();
                });
    }
}
