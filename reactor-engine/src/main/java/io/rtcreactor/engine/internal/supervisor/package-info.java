/**
 * The reconnect supervisor: {@code Supervisor}, the pure transition function that holds every reconnect rule
 * (state and input in, next state and commands out, no I/O and no clock of its own), its state, inputs and commands,
 * and {@code SupervisorRunner}, which feeds it on the session's lane and arms its named deadlines. Internal: not an
 * API, free to change.
 */
package io.rtcreactor.engine.internal.supervisor;
