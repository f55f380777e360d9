/**
 * Reconnection as applications configure it: the {@code ReconnectPolicy} (its default, {@code JitteredBackoff}) and
 * the deadline errors an episode's events carry. The rules themselves (the pure transition function and its
 * runner) are the engine's own, in {@code io.rtcreactor.engine.internal.supervisor}.
 */
package io.rtcreactor.engine.reconnect;
