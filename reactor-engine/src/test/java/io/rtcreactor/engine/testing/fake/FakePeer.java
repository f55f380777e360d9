package io.rtcreactor.engine.testing.fake;

import io.rtcreactor.engine.internal.rtc.AudioPath;
import io.rtcreactor.engine.internal.rtc.DataChannel;
import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.IcePath;
import io.rtcreactor.engine.internal.rtc.IceState;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.Peer;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.internal.rtc.TransportEvent;
import io.rtcreactor.engine.rtc.IcePolicy;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.rtc.RtcStepException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A peer connection that negotiates like libwebrtc as far as the session can see: every offer of its own and every
 * answer to a remote ICE restart gets new local credentials ({@code a=ice-ufrag} in the SDP), and once a local and a
 * remote description are both applied the pair of credentials "connects" after {@link FakePeers#connectDelay()} on
 * the virtual clock — unless {@link FakePeers#pathsWork} says otherwise. Like libwebrtc, only the controlling side
 * (the send path, a client's publisher) reports ICE progress after a restart; the other side says nothing and must
 * be looked at ({@link #icePath()}).
 */
public final class FakePeer implements Peer {

    private final FakePeers factory;
    private final String name;
    private final AudioPath path;
    private final Sinks.Many<TransportEvent> events = Sinks.many().unicast().onBackpressureBuffer();
    private final Map<String, FakeDataChannel> channels = new LinkedHashMap<>();
    private final Map<String, String> mids = new LinkedHashMap<>();
    private final Set<String> working = new LinkedHashSet<>();
    private final Set<String> pairsTried = new LinkedHashSet<>();
    private int ufrags;
    private String localUfrag = "";
    /** Set by the factory at open, then by {@link #setIcePolicy}. */
    volatile IcePolicy ice = IcePolicy.OPEN;
    private String remoteUfrag = "";
    private String answeredRemote = "";
    private String selected = "";
    private PeerState state = PeerState.NEW;
    private int candidatesAdded;
    private final List<IceCandidate> candidates = new java.util.concurrent.CopyOnWriteArrayList<>();
    private boolean closed;
    private volatile boolean closeHangs;

    FakePeer(FakePeers factory, String name, AudioPath path) {
        this.factory = factory;
        this.name = name;
        this.path = path;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public AudioPath path() {
        return path;
    }

    @Override
    public Flux<TransportEvent> events() {
        return events.asFlux();
    }

    @Override
    public Mono<Sdp> createOffer(boolean iceRestart) {
        return step("createOffer", () -> Sdp.offer(sdp(localUfrag.isEmpty() || iceRestart ? nextUfrag() : localUfrag)));
    }

    @Override
    public Mono<Sdp> createAnswer() {
        return step("createAnswer", () -> {
            // An answer to a remote ICE restart has new credentials too.
            String ufrag = localUfrag.isEmpty() || !remoteUfrag.equals(answeredRemote) ? nextUfrag() : localUfrag;
            answeredRemote = remoteUfrag;
            return Sdp.answer(sdp(ufrag));
        });
    }

    @Override
    public Mono<Void> setLocalDescription(Sdp description) {
        return step("setLocalDescription", () -> {
            String before = localUfrag;
            localUfrag = description.iceUfrag();
            if (!localUfrag.equals(before)) {
                later(1, () -> emit(new TransportEvent.CandidateGathered(name, new IceCandidate(
                        "candidate:1 1 udp 2122260223 198.18.0.1 " + (40000 + ufrags) + " typ host", "0", 0,
                        localUfrag))));
            }
            maybeConnect();
            return null;
        }).then();
    }

    @Override
    public Mono<Void> setRemoteDescription(Sdp description) {
        return step("setRemoteDescription", () -> {
            if (!description.sdp().startsWith("v=0")) {
                throw RtcStepException.failed(name, "setRemoteDescription", "Expect line: v=");
            }
            remoteUfrag = description.iceUfrag();
            maybeConnect();
            return null;
        }).then();
    }

    @Override
    public Mono<Map<String, String>> midToTrackId() {
        return Mono.fromCallable(() -> Map.copyOf(mids));
    }

    @Override
    public Mono<Void> addIceCandidate(IceCandidate candidate) {
        return Mono.fromRunnable(() -> {
            candidatesAdded++;
            candidates.add(candidate);
        });
    }

    /** The remote candidates added, in order, as they reached this peer. */
    public List<IceCandidate> candidates() {
        return List.copyOf(candidates);
    }

    @Override
    public Mono<Void> setIcePolicy(IcePolicy policy) {
        return Mono.fromRunnable(() -> this.ice = policy);
    }

    /** The servers and candidate policy last given to this peer. */
    public IcePolicy ice() {
        return ice;
    }

    @Override
    public Mono<DataChannel> createDataChannel(String label, boolean ordered, int maxRetransmits) {
        return Mono.fromCallable(() -> {
            FakeDataChannel channel = new FakeDataChannel(label);
            channels.put(label, channel);
            if (state == PeerState.CONNECTED) {
                later(1, () -> open(channel));
            }
            return channel;
        });
    }

    @Override
    public DataChannel channel(String label) {
        return channels.get(label);
    }

    @Override
    public Mono<LocalAudio> addAudioTrack(String trackId, List<String> streamIds) {
        return Mono.fromCallable(() -> {
            mids.put(Integer.toString(mids.size() + 1), trackId);
            return new FakeLocalAudio(trackId);
        });
    }

    @Override
    public Mono<Void> removeAudioTrack(LocalAudio audio) {
        return Mono.fromRunnable(() -> ((FakeLocalAudio) audio).dispose());
    }

    @Override
    public Mono<IcePath> icePath() {
        return Mono.fromCallable(() -> {
            factory.looked();
            return new IcePath(selected, selected.isEmpty() ? "" : "succeeded", working);
        });
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public Mono<Void> close() {
        if (closeHangs) {
            return Mono.never();
        }
        return Mono.fromRunnable(() -> {
            if (!closed) {
                closed = true;
                state = PeerState.CLOSED;
                events.tryEmitComplete();
            }
        });
    }

    // ---- what a test can make happen ----

    /** From now on {@link #close()} never completes, as a native close stuck in libwebrtc would. */
    public void hangOnClose() {
        closeHangs = true;
    }

    /** The connection's aggregate state changes (a network problem, a failure). */
    public void changeState(PeerState next) {
        state = next;
        emit(new TransportEvent.StateChanged(name, next));
    }

    public PeerState state() {
        return state;
    }

    public String localUfrag() {
        return localUfrag;
    }

    /** Local credentials on which a path works (was "nominated"). */
    public Set<String> working() {
        return Set.copyOf(working);
    }

    public FakeDataChannel dataChannel(String label) {
        return channels.get(label);
    }

    public int candidatesAdded() {
        return candidatesAdded;
    }

    /** The remote side sends {@code data} on this connection's channel {@code label}. */
    public void deliver(String label, byte[] data) {
        emit(new TransportEvent.ChannelMessageReceived(name, label, data.clone(), true));
    }

    private void maybeConnect() {
        if (localUfrag.isEmpty() || remoteUfrag.isEmpty() || !pairsTried.add(localUfrag + "/" + remoteUfrag)) {
            return;
        }
        String ufrag = localUfrag;
        if (!factory.pathsWork.test(this, ufrag)) {
            return;
        }
        later(factory.connectDelay().toMillis(), () -> {
            if (closed || !ufrag.equals(localUfrag)) {
                return;
            }
            working.add(ufrag);
            // The controlling side moves its selected pair at once; the controlled side keeps the old one until data
            // arrives (libwebrtc), which the test does not model: only its first pair is ever "selected".
            if (path == AudioPath.SEND || selected.isEmpty()) {
                selected = ufrag;
            }
            if (state != PeerState.CONNECTED) {
                changeState(PeerState.CONNECTED);
                channels.values().forEach(this::open);
            } else if (path == AudioPath.SEND) {
                emit(new TransportEvent.IceStateChanged(name, IceState.COMPLETED));
            }
        });
    }

    private void open(FakeDataChannel channel) {
        channel.state(DataChannel.State.OPEN);
        emit(new TransportEvent.ChannelStateChanged(name, channel.label(), DataChannel.State.OPEN,
                channelId(channel.label())));
    }

    /** A stable SCTP stream id per label (odd, as the DTLS server's side would pick). */
    private static int channelId(String label) {
        return "_reliable".equals(label) ? 1 : 3;
    }

    private String nextUfrag() {
        return name.replaceAll("[^A-Za-z0-9]", "") + "u" + (++ufrags);
    }

    private static String sdp(String ufrag) {
        return "v=0\r\na=ice-ufrag:" + ufrag + "\r\na=ice-pwd:fake\r\n";
    }

    private void later(long millis, Runnable task) {
        factory.scheduler().schedule(task, millis, TimeUnit.MILLISECONDS);
    }

    private void emit(TransportEvent event) {
        if (!closed) {
            events.tryEmitNext(event);
        }
    }

    private <T> Mono<T> step(String step, java.util.concurrent.Callable<T> work) {
        return Mono.defer(() -> closed ? Mono.error(RtcStepException.closed(name, step))
                : Mono.fromCallable(work).onErrorMap(e -> e instanceof RtcStepException ? e
                        : RtcStepException.failed(name, step, e.getMessage())));
    }

    @Override
    public String toString() {
        return "FakePeer{" + name + ", " + state + ", local=" + localUfrag + ", working=" + working + "}";
    }
}
