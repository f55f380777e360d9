/**
 * Reconnection: the {@code ReconnectPolicy}, the pure transition function that holds every reconnect rule, and
 * the supervisor that runs its commands, each with a named deadline.
 */
package io.rtcreactor.engine.reconnect;
