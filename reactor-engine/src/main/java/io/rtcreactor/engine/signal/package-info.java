/**
 * The errors of the signal connection an application can meet in a {@code Disconnected} reason or a failed
 * {@code connect()}: the server refused the connection ({@link io.rtcreactor.engine.signal.SignalConnectException},
 * with the status and the server's explanation), the connection was lost
 * ({@link io.rtcreactor.engine.signal.SignalLostException}), or the server broke the protocol
 * ({@link io.rtcreactor.engine.signal.SignalCodecException},
 * {@link io.rtcreactor.engine.signal.ProtocolViolationException}).
 */
package io.rtcreactor.engine.signal;
