/**
 * A raw LiveKit protocol client for the testkit's own tests: {@link io.rtcreactor.testkit.client.ProtocolClient}
 * (one signal WebSocket, every frame recorded in order), {@link io.rtcreactor.testkit.client.ClientMedia} (the two
 * peer connections, data channels and audio of a LiveKit client) and small helpers. It shows what a client sees,
 * which is how the testkit proves that each fault of FAULTS.md really reaches the wire.
 */
package io.rtcreactor.testkit.client;
