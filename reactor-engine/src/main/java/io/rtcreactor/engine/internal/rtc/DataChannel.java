package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCDataChannelState;
import reactor.core.publisher.Mono;

/**
 * One data channel of a transport. Messages and state changes arrive as {@link TransportEvent}s of the transport;
 * sending is a {@link Mono} that completes when the message was handed to the channel.
 */
public interface DataChannel {

    /** A data channel's state. */
    enum State {
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

    /** The label both sides know the channel by ({@code _reliable}, {@code _lossy}). */
    String label();

    /** Sends one message; completes once it was accepted for sending. */
    Mono<Void> send(byte[] data, boolean binary);

    /** The current state. */
    Mono<State> state();

    /** Bytes queued for sending ({@code onBufferedAmountChange} never fires in webrtc-java 0.14: poll this). */
    Mono<Long> bufferedAmount();
}
