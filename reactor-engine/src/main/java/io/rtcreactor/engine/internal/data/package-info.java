/**
 * Reliable data across resumes: the buffer of sent reliable packets that are re-sent after a resume from the
 * sequence the server last received, and the receive window that drops a packet seen before by its (sender,
 * sequence). Nothing here is API; applications see packets as {@link io.rtcreactor.engine.DataReceived}.
 */
package io.rtcreactor.engine.internal.data;
