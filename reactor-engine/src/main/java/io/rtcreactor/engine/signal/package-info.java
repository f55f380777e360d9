/**
 * The signal connection: LiveKit's {@code /rtc} WebSocket over Reactor Netty, one protobuf message per binary
 * frame ({@link io.rtcreactor.engine.signal.SignalCodec}), keepalive, and the {@code /rtc/validate} call that
 * turns a refused upgrade into a typed error.
 */
package io.rtcreactor.engine.signal;
