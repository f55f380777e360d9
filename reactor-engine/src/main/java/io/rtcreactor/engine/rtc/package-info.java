/**
 * What an application sees of WebRTC: the {@link io.rtcreactor.engine.rtc.RtcRuntime} that owns the native
 * factories (shared by default, or one of the application's own), the ICE servers and candidate policy
 * ({@link io.rtcreactor.engine.rtc.IcePolicy}), the hook fault tests use to slow an SDP step
 * ({@link io.rtcreactor.engine.rtc.SdpStepHook}), and the errors a peer connection can end a session with.
 *
 * <p>The peer connections themselves live in the engine's internal packages: applications never drive one.
 */
package io.rtcreactor.engine.rtc;
