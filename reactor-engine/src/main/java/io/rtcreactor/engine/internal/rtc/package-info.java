/**
 * The webrtc-java adapter: the native factories behind an {@link io.rtcreactor.engine.rtc.RtcRuntime}
 * ({@code NativeRuntime}), peer transports, the negotiation actor of each transport, data channels and audio in
 * and out.
 *
 * <p>webrtc-java delivers every callback of a factory on one native thread. Callbacks here only copy what they
 * need into an immutable record and emit it; every call into a peer connection is issued from a scheduler this
 * package owns, never from a callback, a Netty event loop or while holding a lock (shared/WEBRTC.md).
 *
 * <p>Nothing here is API; it may change in any release. The testkit, which ships with the engine, opens its
 * server-side peer connections with it.
 */
package io.rtcreactor.engine.internal.rtc;
