/**
 * The session behind {@link io.rtcreactor.engine.Room}, in parts that each own one thing and are confined to the
 * session's serial lane: {@code Session} composes them; {@code SignalLink} and {@code SignalInbound} carry the
 * signal connections out and in; {@code Transports} and {@code MediaEvents} the two peer connections;
 * {@code PathWatch} proves a transport runs on new ICE credentials; {@code SessionEffects} and
 * {@code RecoverySteps} carry out the supervisor's commands; {@code Publications}, {@code DataLane},
 * {@code Roster}, {@code Participation} and {@code EventHub} hold tracks, data, the other participants, who we are,
 * and the outputs. No part decides anything about reconnecting: that is the pure
 * {@link io.rtcreactor.engine.internal.supervisor.Supervisor}'s, run by its {@code SupervisorRunner}. Also the one owner of
 * Reactor schedulers ({@code EngineSchedulers}) and of the wall clock ({@code SystemClock}).
 *
 * <p>Nothing here is API; it may change in any release.
 */
package io.rtcreactor.engine.internal;
