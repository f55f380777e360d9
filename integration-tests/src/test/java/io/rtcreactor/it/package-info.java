/**
 * Tier 3 of DESIGN.md's testing tiers: the real engine against the real testkit on loopback inside the test
 * JVM's private network namespace — real WebSocket, real webrtc-java peer connections, real audio.
 */
package io.rtcreactor.it;
