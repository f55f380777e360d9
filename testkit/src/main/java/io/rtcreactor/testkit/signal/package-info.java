/**
 * The testkit's signalling endpoints: {@code /rtc} (WebSocket upgrade with LiveKit's token checks and refusals),
 * {@code /rtc/validate}, and the 404s on {@code /rtc/v1} that send LiveKit's newest clients to the two-PC mode.
 */
package io.rtcreactor.testkit.signal;
