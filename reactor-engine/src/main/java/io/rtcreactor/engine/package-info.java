/**
 * The public face of RTC Reactor: {@code Room}, its options, connection states, the sealed past-tense
 * {@code RoomEvent} records, participants, tracks and audio frames.
 *
 * <p>Everything a user composes with lives here; the sub-packages hold the machinery behind it. Errors the
 * library raises extend {@link io.rtcreactor.engine.RtcReactorException}, which says whether retrying can
 * help.
 */
package io.rtcreactor.engine;
