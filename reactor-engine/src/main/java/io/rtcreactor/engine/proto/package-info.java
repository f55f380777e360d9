/**
 * Java classes generated at build time from {@code src/main/proto}: RTC Reactor's own text of LiveKit's wire
 * protocol (livekit/protocol 1.50 numbering). {@code SignalRequest} goes from client to server,
 * {@code SignalResponse} from server to client.
 */
package io.rtcreactor.engine.proto;
