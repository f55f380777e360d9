package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import io.rtcreactor.engine.rtc.PeerState;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The edge between libwebrtc's signaling thread and Reactor. Every callback of a factory arrives on that one
 * native thread; here each one builds an immutable record from its arguments, emits it, and returns. No logic,
 * no call into a native object, no I/O, and no exception escapes (an escaping exception aborts the JVM).
 *
 * <p>Records that still need a native read (a new channel's label, a new track's mid) are emitted as
 * {@link Pending} and resolved by {@link PeerTransport} on its native worker.
 */
final class NativeEvents implements PeerConnectionObserver {

    private static final Logger LOG = LoggerFactory.getLogger(NativeEvents.class);
    static final int BUFFER = 8192;

    /** A native object whose details must be read on the native worker before it becomes an event. */
    sealed interface Pending {
    }

    record NewChannel(RTCDataChannel channel) implements Pending {
    }

    record NewTrack(RTCRtpTransceiver transceiver) implements Pending {
    }

    record ChannelStateHint(NativeDataChannel channel) implements Pending {
    }

    /**
     * A remote description was applied. Emitted from its observer, which libwebrtc calls on the signaling thread
     * after every {@code onTrack} the description caused, so that it is resolved after them.
     */
    record RemoteDescriptionApplied(String sdp) implements Pending {
    }

    private final String transport;
    // Single producer: every emission comes from the factory's signaling thread.
    /**
     * Where callbacks emit; null once the transport closed. webrtc-java never releases a closed connection's
     * observer (its native side keeps the global reference: found by the soak test, 2 observers per full reconnect
     * still reachable), so the observer must hold nothing once closed: dropping the sink lets the event buffer
     * (8192 slots) and the transport behind its subscriber be collected.
     */
    private volatile Sinks.Many<Object> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<Object>get(BUFFER)
            .get());
    private final AtomicLong overflow = new AtomicLong();

    NativeEvents(String transport) {
        this.transport = transport;
    }

    /** The events' sink, for the transport to subscribe to when it is made (before any close). */
    Sinks.Many<Object> sink() {
        return sink;
    }

    long overflowed() {
        return overflow.get();
    }

    void complete() {
        Sinks.Many<Object> open = sink;
        sink = null;
        if (open != null) {
            open.tryEmitComplete();
        }
    }

    /** An observer for one data channel, labelled on the native worker before it is registered. */
    ChannelObserver channelObserver(NativeDataChannel channel) {
        return new ChannelObserver(this, channel);
    }

    /**
     * Copies one data channel's callbacks into events. webrtc-java keeps a channel's observer after it was
     * unregistered and disposed (found by the soak test: four per short call still reachable), so {@link #release()}
     * lets go of the channel and the transport's events; what stays is this small object.
     */
    static final class ChannelObserver implements RTCDataChannelObserver {
        private volatile NativeEvents events;
        private volatile NativeDataChannel channel;

        ChannelObserver(NativeEvents events, NativeDataChannel channel) {
            this.events = events;
            this.channel = channel;
        }

        void release() {
            events = null;
            channel = null;
        }

        @Override
        public void onBufferedAmountChange(long previousAmount) {
            // Never fires in webrtc-java 0.14; DataChannel.bufferedAmount() polls instead.
        }

        @Override
        public void onStateChange() {
            NativeEvents to = events;
            NativeDataChannel of = channel;
            if (to != null && of != null) {
                to.emit(new ChannelStateHint(of));
            }
        }

        @Override
        public void onMessage(RTCDataChannelBuffer buffer) {
            NativeEvents to = events;
            NativeDataChannel of = channel;
            if (to == null || of == null) {
                return;
            }
            try {
                // The buffer is direct memory valid only during this call: copy it.
                ByteBuffer data = buffer.data.duplicate();
                byte[] copy = new byte[data.remaining()];
                data.get(copy);
                to.emit(new TransportEvent.ChannelMessageReceived(to.transport, of.label(), copy, buffer.binary));
            } catch (Throwable t) {
                LOG.warn("{}: dropped a data channel message: {}", to.transport, t.toString());
            }
        }
    }

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
        try {
            emit(new TransportEvent.CandidateGathered(transport, IceCandidate.fromNative(candidate)));
        } catch (Throwable t) {
            LOG.warn("{}: dropped a local candidate: {}", transport, t.toString());
        }
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
        if (state == RTCIceGatheringState.COMPLETE) {
            emit(new TransportEvent.GatheringCompleted(transport));
        }
    }

    @Override
    public void onConnectionChange(RTCPeerConnectionState state) {
        emit(new TransportEvent.StateChanged(transport, peerState(state)));
    }

    @Override
    public void onIceConnectionChange(RTCIceConnectionState state) {
        emit(new TransportEvent.IceStateChanged(transport, IceState.of(state)));
    }

    @Override
    public void onRenegotiationNeeded() {
        emit(new TransportEvent.NegotiationNeeded(transport));
    }

    @Override
    public void onDataChannel(RTCDataChannel channel) {
        emit(new NewChannel(channel));
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
        emit(new NewTrack(transceiver));
    }

    /** Called by a remote description's observer on the signaling thread once it is applied. */
    void remoteDescriptionApplied(String sdp) {
        emit(new RemoteDescriptionApplied(sdp));
    }

    private void emit(Object event) {
        Sinks.Many<Object> open = sink;
        if (open == null) {
            return; // closed: nothing listens any more
        }
        try {
            Sinks.EmitResult result = open.tryEmitNext(event);
            if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
                overflow.incrementAndGet();
                LOG.warn("{}: event buffer full ({} events), dropped {}", transport, BUFFER,
                        event.getClass().getSimpleName());
            }
        } catch (Throwable t) {
            LOG.warn("{}: could not emit {}: {}", transport, event.getClass().getSimpleName(), t.toString());
        }
    }

    private static PeerState peerState(RTCPeerConnectionState state) {
        return switch (state) {
            case NEW -> PeerState.NEW;
            case CONNECTING -> PeerState.CONNECTING;
            case CONNECTED -> PeerState.CONNECTED;
            case DISCONNECTED -> PeerState.DISCONNECTED;
            case FAILED -> PeerState.FAILED;
            case CLOSED -> PeerState.CLOSED;
        };
    }
}
