/**
 * The testkit: a LiveKit-compatible server for tests, in-process or standalone, with real WebSocket signalling,
 * real server-side peer connections and every fault of shared/FAULTS.md on demand.
 */
package io.rtcreactor.testkit;
