package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.IceServer;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.rtc.SdpStepHook;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * One peer connection, driven reactively. Every call into libwebrtc runs on this transport's own serial native
 * worker (a worker of the runtime's native pool), never on the caller's thread: each {@code RTCPeerConnection}
 * method blocks its caller while it hops onto the factory's signaling thread. Operations are {@link Mono}s
 * without deadlines of their own; the caller (the negotiation actor, the session) applies a named timeout.
 *
 * <p>Remote candidates that arrive while no remote description is applied (or one is being applied) are queued
 * and added once it is: libwebrtc drops them silently otherwise. Protocol rule: "Candidates that arrive before
 * the remote description is set must be queued, not dropped."
 *
 * <p>{@link #close()} closes the peer connection exactly once (a second native close throws), then disposes its
 * channels and tracks.
 */
public final class PeerTransport implements Peer {

    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    /** Remote candidates waiting for a remote description of their generation; the oldest go beyond this. */
    private static final int MAX_PENDING_CANDIDATES = 64;
    /**
     * Remote candidates taken per ICE generation. A server offers a handful (LiveKit: one per interface and protocol);
     * libwebrtc pairs and checks every one it is given, so a flood of them (FloodTest: 20 000) would keep its ICE
     * agent busy for seconds and slow even the connection's close. Beyond this many, candidates are refused.
     */
    static final int MAX_REMOTE_CANDIDATES = 256;

    private final String name;
    private final NativeRuntime runtime;
    private final AudioPath path;
    private final Scheduler worker;
    private final NativeEvents nativeEvents;
    private final Flux<TransportEvent> events;
    private final Map<String, NativeDataChannel> channels = new ConcurrentHashMap<>();
    private final List<NativeLocalAudio> localAudio = new CopyOnWriteArrayList<>();
    /** What this transport receives (worker-confined). */
    private final RemoteTracks remoteTracks;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicInteger transceiversReused =
            new java.util.concurrent.atomic.AtomicInteger();
    private final Mono<Void> close;
    // Confined to the native worker.
    private RTCPeerConnection pc;
    private final List<IceCandidate> pendingCandidates = new ArrayList<>();
    private boolean remoteDescriptionReady;
    private String remoteSdp = "";
    private String remoteUfrag = "";
    /** Remote candidates handed to libwebrtc for {@link #remoteUfrag} (worker thread). */
    private int remoteCandidates;

    private PeerTransport(String name, NativeRuntime runtime, AudioPath path) {
        this.name = name;
        this.runtime = runtime;
        this.path = path;
        this.worker = EngineSchedulers.serialOn(runtime.nativePool());
        this.nativeEvents = new NativeEvents(name);
        this.remoteTracks = new RemoteTracks(name, worker, runtime::audioSinkAttached);
        this.events = nativeEvents.sink().asFlux().concatMap(this::resolve);
        this.close = Mono.fromRunnable(this::closeOnWorker).subscribeOn(worker)
                .doFinally(signal -> worker.dispose()).then().cache();
    }

    /**
     * Creates a peer connection on the runtime's {@code path} factory.
     *
     * @param role a short name for logs and events, e.g. {@code publisher}
     */
    public static Mono<PeerTransport> open(RtcRuntime runtime, AudioPath path, String role, List<IceServer> iceServers) {
        return open(runtime, path, role, IcePolicy.of(iceServers));
    }

    /** Opens a peer connection under {@code ice}'s servers and candidate policy. */
    public static Mono<PeerTransport> open(RtcRuntime runtime, AudioPath path, String role, IcePolicy ice) {
        return open(NativeRuntime.of(runtime), path, role, ice);
    }

    static Mono<PeerTransport> open(NativeRuntime runtime, AudioPath path, String role, IcePolicy ice) {
        PeerTransport transport = new PeerTransport(role + "#" + runtime.nextTransportId(), runtime, path);
        return Mono.fromCallable(() -> {
            // Counted from before the native call to after the last native release in close(): the runtime must
            // not dispose its factories while any part of a connection is still alive.
            runtime.peerConnectionOpened();
            try {
                transport.pc = runtime.factory(path).createPeerConnection(configuration(ice),
                        transport.nativeEvents);
            } catch (RuntimeException | Error e) {
                runtime.peerConnectionClosed();
                throw e;
            }
            return transport;
        }).subscribeOn(transport.worker);
    }

    static RTCConfiguration configuration(IcePolicy ice) {
        RTCConfiguration config = new RTCConfiguration();
        config.iceServers = ice.servers().stream().map(PeerTransport::toNative)
                .filter(server -> !server.urls.isEmpty()).toList();
        config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
        config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
        // TCP candidates stay enabled (libwebrtc's default): LiveKit's server answers UDP failures by offering
        // only TCP candidates (TransportManager.handleConnectionFailed, pkg/rtc/transportmanager.go).
        // force_relay: "iceTransportPolicy relay", as LiveKit's JS client does (RTCEngine.makeRTCConfiguration).
        config.iceTransportPolicy = ice.relayOnly() ? RTCIceTransportPolicy.RELAY : RTCIceTransportPolicy.ALL;
        return config;
    }

    private static RTCIceServer toNative(IceServer ice) {
        RTCIceServer server = new RTCIceServer();
        server.urls = ice.urls().stream().filter(url -> {
            if (NativeInput.safe(url)) {
                return true;
            }
            LOG.warn("ICE server URL left out: it contains '%' (NativeInput)");
            return false;
        }).toList();
        server.username = ice.username();
        server.password = ice.credential();
        return server;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioPath path() {
        return path;
    }

    /**
     * Everything this connection reports, in callback order. A single subscriber is expected (the session's input
     * merger); events are buffered until it subscribes.
     */
    @Override
    public Flux<TransportEvent> events() {
        return events;
    }

    @Override
    public Mono<Sdp> createOffer(boolean iceRestart) {
        return onWorker("createOffer", sink -> {
            restateStreams();
            RTCOfferOptions options = new RTCOfferOptions();
            options.iceRestart = iceRestart;
            pc.createOffer(options, describeInto(sink, "createOffer"));
        });
    }

    /**
     * Sets each sent track's stream ids again before an offer. libwebrtc writes stream ids changed on a sender
     * ({@code setStreams}, as a reused transceiver's is) into the next offer only; later offers show the section's
     * first msid again, though the new track is still sent (seen with two tracks: the second's offer gave the first,
     * reused, section its old msid back). A receiver that knows tracks by msid, as LiveKit's clients do, would
     * take the audio for the old track's. Set again, they hold.
     */
    private void restateStreams() {
        for (NativeLocalAudio audio : localAudio) {
            if (!audio.isDisposed()) {
                audio.sender().setStreams(audio.streamIds());
            }
        }
    }

    @Override
    public Mono<Sdp> createAnswer() {
        return onWorker("createAnswer", sink -> pc.createAnswer(new RTCAnswerOptions(), describeInto(sink, "createAnswer")));
    }

    @Override
    public Mono<Void> setLocalDescription(Sdp description) {
        return this.<Void>onWorker("setLocalDescription",
                sink -> pc.setLocalDescription(description.toNative(), applyInto(sink, "setLocalDescription", null)));
    }

    /** Applies the remote description, then adds every candidate that was waiting for it. */
    @Override
    public Mono<Void> setRemoteDescription(Sdp description) {
        return this.<Void>onWorker("setRemoteDescription", sink -> {
            NativeInput.check(description.sdp(), "description");
            remoteDescriptionReady = false;
            remoteSdp = description.sdp();
            String ufrag = description.iceUfrag();
            if (!ufrag.equals(remoteUfrag)) {
                remoteCandidates = 0;
            }
            remoteUfrag = ufrag;
            String sdp = description.sdp();
            pc.setRemoteDescription(description.toNative(), applyInto(sink, "setRemoteDescription",
                    () -> nativeEvents.remoteDescriptionApplied(sdp)));
        }).then(Mono.fromRunnable(this::remoteDescriptionApplied).subscribeOn(worker)).then();
    }

    /**
     * Adds a remote candidate now, or queues it until a remote description of its ICE generation is applied.
     * After an ICE restart the remote side's new candidates (carrying the new ufrag) can arrive before its
     * restart offer has been applied here; libwebrtc drops a candidate whose ufrag matches no remote description,
     * and without them the new generation may never connect (the old path keeps the PC "connected" meanwhile).
     */
    @Override
    public Mono<Void> addIceCandidate(IceCandidate candidate) {
        return guarded("addIceCandidate", Mono.<Void>fromRunnable(() -> {
            requireOpen("addIceCandidate");
            if (candidate.isEndOfCandidates()) {
                return;
            }
            if (remoteDescriptionReady && ofCurrentGeneration(candidate)) {
                addNow(candidate);
            } else {
                pendingCandidates.add(candidate);
                if (pendingCandidates.size() > MAX_PENDING_CANDIDATES) {
                    pendingCandidates.remove(0);
                }
            }
        }).subscribeOn(worker));
    }

    private boolean ofCurrentGeneration(IceCandidate candidate) {
        return candidate.usernameFragment().isEmpty() || remoteUfrag.isEmpty()
                || candidate.usernameFragment().equals(remoteUfrag);
    }

    /** Replaces the STUN/TURN servers and candidate policy (a ReconnectResponse may carry new ones). */
    @Override
    public Mono<Void> setIcePolicy(IcePolicy ice) {
        return guarded("setConfiguration", Mono.<Void>fromRunnable(() -> {
            requireOpen("setConfiguration");
            pc.setConfiguration(configuration(ice));
        }).subscribeOn(worker));
    }

    /**
     * Opens a data channel. LiveKit's {@code _reliable} is ordered with unlimited retransmits; {@code _lossy} is
     * unordered with none ({@code maxRetransmits = 0}).
     */
    @Override
    public Mono<DataChannel> createDataChannel(String label, boolean ordered, int maxRetransmits) {
        return guarded("createDataChannel", Mono.fromCallable(() -> {
            requireOpen("createDataChannel");
            RTCDataChannelInit init = new RTCDataChannelInit();
            init.ordered = ordered;
            init.maxRetransmits = maxRetransmits;
            init.maxPacketLifeTime = -1;
            init.id = -1;
            RTCDataChannel nativeChannel = pc.createDataChannel(label, init);
            return (DataChannel) register(label, nativeChannel);
        }).subscribeOn(worker));
    }

    /** A channel of this transport by label, whichever side opened it. */
    @Override
    public DataChannel channel(String label) {
        return channels.get(label);
    }

    /** Adds a sending audio track fed by {@link LocalAudio#push}; only on the send factory. */
    @Override
    public Mono<LocalAudio> addAudioTrack(String trackId, List<String> streamIds) {
        return addAudio(trackId, streamIds, false);
    }

    /**
     * As {@link #addAudioTrack}, on a transceiver a removed track left free if there is one ({@link
     * TransceiverReuse}): what LiveKit's server does for its downtracks, and so the testkit's.
     */
    public Mono<LocalAudio> addAudioTrackReusing(String trackId, List<String> streamIds) {
        return addAudio(trackId, streamIds, true);
    }

    /** How many tracks {@link #addAudioTrackReusing} put on a transceiver an earlier track left free. */
    public int transceiversReused() {
        return transceiversReused.get();
    }

    /**
     * A sender on a transceiver of its own, never libwebrtc's {@code addTrack}: addTrack takes over a transceiver
     * that has not sent yet (a track unpublished before its offer was answered leaves one) and keeps that sender's
     * id, so the new track would be announced in the SDP (a=msid) under the removed track's id. LiveKit's server
     * binds a published track's media by that id (its cid), so the new track would never be published and its audio
     * would flow on as the removed one (found by the benchmarks' P2: a republish from a Reconnected handler right
     * after a full reconnect). livekit-client publishes with addTransceiver too (RTCEngine.createTransceiverRTCRtpSender).
     * The direction stays send-and-receive, as addTrack made it.
     */
    private RTCRtpSender newSender(AudioTrack track, List<String> streamIds) {
        RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
        init.direction = RTCRtpTransceiverDirection.SEND_RECV;
        init.streamIds = List.copyOf(streamIds);
        init.sendEncodings = new java.util.ArrayList<>();
        return pc.addTransceiver(track, init).getSender();
    }

    private Mono<LocalAudio> addAudio(String trackId, List<String> streamIds, boolean reuse) {
        return guarded("addTrack", Mono.fromCallable(() -> {
            requireOpen("addTrack");
            if (path != AudioPath.SEND) {
                throw new IllegalStateException(name + ": audio is sent only on a SEND transport");
            }
            CustomAudioSource source = new CustomAudioSource();
            AudioTrack track = runtime.factory(path).createAudioTrack(trackId, source);
            RTCRtpTransceiver free = reuse ? TransceiverReuse.freeAudio(pc) : null;
            if (free != null) {
                transceiversReused.incrementAndGet();
            }
            NativeLocalAudio audio = new NativeLocalAudio(trackId, source, track,
                    free != null ? TransceiverReuse.refit(free, track, streamIds) : newSender(track, streamIds),
                    streamIds);
            localAudio.add(audio);
            return (LocalAudio) audio;
        }).subscribeOn(worker));
    }

    /** Stops sending a track; the next offer removes it from the session. */
    @Override
    public Mono<Void> removeAudioTrack(LocalAudio audio) {
        return guarded("removeTrack", Mono.<Void>fromRunnable(() -> {
            requireOpen("removeTrack");
            if (audio instanceof NativeLocalAudio own && localAudio.remove(own)) {
                pc.removeTrack(own.sender());
                own.dispose();
            }
        }).subscribeOn(worker));
    }

    /** Mids and the msid track ids of this transport's transceivers (for {@code mid_to_track_id}). */
    @Override
    public Mono<Map<String, String>> midToTrackId() {
        return guarded("getTransceivers", Mono.fromCallable(() -> {
            requireOpen("getTransceivers");
            Map<String, String> map = new java.util.LinkedHashMap<>();
            for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
                String mid = transceiver.getMid();
                MediaStreamTrack track = transceiver.getSender().getTrack();
                if (mid != null && track != null) {
                    map.put(mid, track.getId());
                }
            }
            return map;
        }).subscribeOn(worker));
    }

    /**
     * Where ICE stands, from the transport's stats: after an ICE restart it shows whether the transport runs on
     * the new credentials (invariant 8: "connected on the new ICE credentials"); see {@link IcePath}.
     */
    @Override
    public Mono<IcePath> icePath() {
        // The report arrives on the factory's native thread: read it on the worker, not there.
        return guarded("getStats", Mono.<dev.onvoid.webrtc.RTCStatsReport>create(sink ->
                pc.getStats(sink::success)).subscribeOn(worker))
                .publishOn(worker)
                .map(IcePath::from);
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the connection exactly once and releases its channels and tracks. Idempotent. */
    @Override
    public Mono<Void> close() {
        return close;
    }

    private void closeOnWorker() {
        if (!closed.compareAndSet(false, true) || pc == null) {
            return;
        }
        remoteTracks.detachAll(detach -> quietly("stop a remote track", detach));
        // A sender keeps its track referenced; a referenced native track refuses to be disposed.
        for (NativeLocalAudio audio : localAudio) {
            quietly("remove a local track", () -> pc.removeTrack(audio.sender()));
        }
        quietly("close", pc::close);
        channels.values().forEach(channel -> quietly("dispose " + channel.label(), channel::dispose));
        localAudio.forEach(audio -> quietly("dispose track " + audio.trackId(), audio::dispose));
        runtime.peerConnectionClosed();
        nativeEvents.complete();
        LOG.debug("{} closed", name);
    }

    /** Closing must always finish: a native object that refuses to go is logged as leaked, not thrown. */
    private void quietly(String what, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            LOG.warn("{}: could not {} while closing (native memory may leak): {}", name, what, t.toString());
        }
    }

    private void remoteDescriptionApplied() {
        remoteDescriptionReady = true;
        if (closed.get()) {
            return;
        }
        // Candidates of another generation stay queued: they belong to a restart offer not applied yet.
        for (Iterator<IceCandidate> it = pendingCandidates.iterator(); it.hasNext(); ) {
            IceCandidate candidate = it.next();
            if (ofCurrentGeneration(candidate)) {
                it.remove();
                try {
                    addNow(candidate);
                } catch (RtcStepException refused) {
                    // One bad candidate must not fail the description it waited for; its caller has moved on.
                    LOG.warn("{}: a queued remote candidate was refused: {}", name, refused.getMessage());
                }
            }
        }
    }

    /**
     * Hands a candidate to libwebrtc. A candidate line it cannot parse (a port out of range, an unknown transport)
     * makes webrtc-java throw java.lang.Error ("Create ICE candidate failed: …"): bad input, not a broken JVM, so the
     * step fails with the reason.
     */
    private void addNow(IceCandidate candidate) {
        try {
            NativeInput.check(candidate.candidate(), "candidate");
            NativeInput.check(candidate.sdpMid(), "candidate's sdpMid");
            if (remoteCandidates >= MAX_REMOTE_CANDIDATES) {
                throw new IllegalArgumentException("more than " + MAX_REMOTE_CANDIDATES + " remote candidates for one ICE"
                        + " generation; the rest are refused");
            }
            remoteCandidates++;
            pc.addIceCandidate(candidate.toNative());
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable refused) {
            throw RtcStepException.failed(name, "addIceCandidate", String.valueOf(refused.getMessage()));
        }
    }

    private NativeDataChannel register(String label, RTCDataChannel nativeChannel) {
        NativeDataChannel channel = new NativeDataChannel(name, label, nativeChannel, worker);
        channels.put(label, channel);
        NativeEvents.ChannelObserver observer = nativeEvents.channelObserver(channel);
        channel.observedBy(observer);
        nativeChannel.registerObserver(observer);
        return channel;
    }

    /** Turns a {@link NativeEvents.Pending} into an event by reading the native object on the worker. */
    private Flux<TransportEvent> resolve(Object raw) {
        if (raw instanceof TransportEvent event) {
            return Flux.just(event);
        }
        return Mono.fromCallable(() -> closed.get() ? List.<TransportEvent>of()
                        : resolveOnWorker((NativeEvents.Pending) raw))
                .subscribeOn(worker)
                .flatMapIterable(events -> events)
                .onErrorResume(e -> {
                    LOG.warn("{}: could not read {}: {}", name, raw.getClass().getSimpleName(), e.toString());
                    return Flux.empty();
                });
    }

    private List<TransportEvent> resolveOnWorker(NativeEvents.Pending pending) {
        if (pending instanceof NativeEvents.NewChannel newChannel) {
            String label = newChannel.channel().getLabel();
            int id = newChannel.channel().getId();
            return List.of(new TransportEvent.ChannelAnnounced(name, register(label, newChannel.channel()), id));
        }
        if (pending instanceof NativeEvents.ChannelStateHint hint) {
            RTCDataChannel nativeChannel = hint.channel().nativeChannel();
            return List.of(new TransportEvent.ChannelStateChanged(name, hint.channel().label(),
                    DataChannel.State.of(nativeChannel.getState()), nativeChannel.getId()));
        }
        if (pending instanceof NativeEvents.RemoteDescriptionApplied applied) {
            return remoteTracks.movedBy(applied.sdp(), pc::getTransceivers);
        }
        RTCRtpTransceiver transceiver = ((NativeEvents.NewTrack) pending).transceiver();
        return List.of(remoteTracks.arrived(transceiver, Msid.streamId(remoteSdp, transceiver.getMid())));
    }

    private void requireOpen(String step) {
        if (closed.get() || pc == null) {
            throw RtcStepException.closed(name, step);
        }
    }

    /**
     * A native call whose result an observer delivers. The observer completes the sink on the factory's signaling
     * thread; the result hops to this transport's worker before anything downstream runs, so that no continuation
     * (the negotiation actor's, an application's {@link SdpStepHook}) ever runs on a native callback thread.
     */
    private <T> Mono<T> onWorker(String step, java.util.function.Consumer<MonoSink<T>> call) {
        return guarded(step, Mono.<T>create(sink -> {
            if (closed.get() || pc == null) {
                sink.error(RtcStepException.closed(name, step));
                return;
            }
            try {
                call.accept(sink);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable refused) {
                // libwebrtc refuses some input before the observer is ever called: an SDP it cannot parse makes
                // webrtc-java throw java.lang.Error ("Create session description failed: …"). Bad input, not a
                // broken JVM: the step fails with the reason.
                sink.error(RtcStepException.failed(name, step, String.valueOf(refused.getMessage())));
            }
        }).subscribeOn(worker).publishOn(worker));
    }

    /** Fails at once on a closed transport instead of scheduling on its disposed worker. */
    private <T> Mono<T> guarded(String step, Mono<T> operation) {
        return Mono.defer(() -> closed.get() ? Mono.error(RtcStepException.closed(name, step)) : operation);
    }

    private CreateSessionDescriptionObserver describeInto(MonoSink<Sdp> sink, String step) {
        // Runs on the signaling thread: complete the sink and return.
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                sink.success(Sdp.fromNative(description));
            }

            @Override
            public void onFailure(String error) {
                sink.error(RtcStepException.failed(name, step, error));
            }
        };
    }

    /** An observer completing {@code sink}; {@code applied}, if given, runs first (on the signaling thread). */
    private SetSessionDescriptionObserver applyInto(MonoSink<Void> sink, String step, Runnable applied) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                if (applied != null) {
                    applied.run();
                }
                sink.success();
            }

            @Override
            public void onFailure(String error) {
                sink.error(RtcStepException.failed(name, step, error));
            }
        };
    }

    @Override
    public String toString() {
        return "PeerTransport{" + name + ", " + path + (closed.get() ? ", closed" : "") + "}";
    }
}
