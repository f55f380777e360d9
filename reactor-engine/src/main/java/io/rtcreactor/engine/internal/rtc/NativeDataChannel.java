package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import io.rtcreactor.engine.rtc.RtcStepException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/** A {@link DataChannel} of a {@link PeerTransport}: a native {@code RTCDataChannel} driven on the transport's worker. */
final class NativeDataChannel implements DataChannel {

    private final String transport;
    private final String label;
    private final RTCDataChannel channel;
    private final Scheduler worker;
    private final AtomicBoolean disposed = new AtomicBoolean();
    private volatile NativeEvents.ChannelObserver observer;

    NativeDataChannel(String transport, String label, RTCDataChannel channel, Scheduler worker) {
        this.transport = transport;
        this.label = label;
        this.channel = channel;
        this.worker = worker;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Mono<Void> send(byte[] data, boolean binary) {
        return Mono.<Void>fromRunnable(() -> {
            if (disposed.get()) {
                throw RtcStepException.closed(transport, "send on " + label);
            }
            try {
                channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data), binary));
            } catch (Exception e) {
                throw RtcStepException.failed(transport, "send on " + label, String.valueOf(e.getMessage()));
            }
        }).subscribeOn(worker);
    }

    @Override
    public Mono<State> state() {
        return Mono.fromCallable(() -> disposed.get() ? State.CLOSED : State.of(channel.getState()))
                .subscribeOn(worker);
    }

    @Override
    public Mono<Long> bufferedAmount() {
        return Mono.fromCallable(() -> disposed.get() ? 0L : channel.getBufferedAmount()).subscribeOn(worker);
    }

    RTCDataChannel nativeChannel() {
        return channel;
    }

    /** The observer registered for this channel, released at {@link #dispose()}. */
    void observedBy(NativeEvents.ChannelObserver value) {
        observer = value;
    }

    /** Called on the native worker after the peer connection was closed. */
    void dispose() {
        if (disposed.compareAndSet(false, true)) {
            NativeEvents.ChannelObserver registered = observer;
            if (registered != null) {
                registered.release();
            }
            channel.unregisterObserver();
            channel.close();
            channel.dispose();
        }
    }

    @Override
    public String toString() {
        return "DataChannel{" + transport + "/" + label + "}";
    }
}
