/**
 * The signal connection: LiveKit's {@code /rtc} WebSocket over Reactor Netty, one protobuf message per binary
 * frame ({@code SignalCodec}), keepalive, the region list of LiveKit Cloud, and the {@code /rtc/validate} call that
 * turns a refused upgrade into a typed error. {@code SignalChannel} and {@code SignalConnector} are the interfaces
 * the session uses, so its tests can script a server.
 *
 * <p>Nothing here is API; it may change in any release. The testkit, which ships with the engine, encodes and
 * decodes its frames with {@code SignalCodec}.
 */
package io.rtcreactor.engine.internal.signal;
