/**
 * Rooms and participants as LiveKit's server keeps them: joins, resumes, duplicate identities, participant
 * updates, track publication and subscription, server timers (ICE failure after 15 s of silence, connection
 * quality every 5 s), and the per-identity record the control API reports. All state here is touched only on the server's lane.
 */
package io.rtcreactor.testkit.room;
