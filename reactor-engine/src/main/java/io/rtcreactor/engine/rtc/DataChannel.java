package io.rtcreactor.engine.rtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One data channel of a {@link PeerTransport}. Messages and state changes arrive as {@link TransportEvent}s of
 * the transport; sending is a {@link Mono} that runs on the transport's native worker and completes when the
 * message was handed to the channel.
 */
public final class DataChannel {

    /** A data channel's state. */
    public enum State {
        /** Opening. */
        CONNECTING,
        /** Messages can be sent. */
        OPEN,
        /** Closing. */
        CLOSING,
        /** Closed; nothing more will arrive. */
        CLOSED;

        static State of(RTCDataChannelState state) {
            return switch (state) {
                case CONNECTING -> CONNECTING;
                case OPEN -> OPEN;
                case CLOSING -> CLOSING;
                case CLOSED -> CLOSED;
            };
        }
    }

    private final String transport;
    private final String label;
    private final RTCDataChannel channel;
    private final Scheduler worker;
    private final AtomicBoolean disposed = new AtomicBoolean();

    DataChannel(String transport, String label, RTCDataChannel channel, Scheduler worker) {
        this.transport = transport;
        this.label = label;
        this.channel = channel;
        this.worker = worker;
    }

    public String label() {
        return label;
    }

    /** Sends one message; completes once libwebrtc accepted it for sending. */
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

    /** Reads the current state on the native worker. */
    public Mono<State> state() {
        return Mono.fromCallable(() -> disposed.get() ? State.CLOSED : State.of(channel.getState()))
                .subscribeOn(worker);
    }

    /** Bytes queued for sending ({@code onBufferedAmountChange} never fires in webrtc-java 0.14: poll this). */
    public Mono<Long> bufferedAmount() {
        return Mono.fromCallable(() -> disposed.get() ? 0L : channel.getBufferedAmount()).subscribeOn(worker);
    }

    RTCDataChannel nativeChannel() {
        return channel;
    }

    /** Called on the native worker after the peer connection was closed. */
    void dispose() {
        if (disposed.compareAndSet(false, true)) {
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
