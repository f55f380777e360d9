/**
 * P7's signal path: a real session (its lane, supervisor and inbound dispatch) fed by the engine's tier-2 fake
 * server and fake peers, so that what is timed is the engine's handling of signal messages and nothing on a
 * network.
 */
package io.rtcreactor.benchmarks.lane;
