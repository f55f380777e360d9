/**
 * Scripted stand-ins for the session's two kinds of I/O, for the second test tier (DESIGN.md: "pipeline in virtual
 * time with scripted signal and fake peer connections"): {@link io.rtcreactor.engine.testing.fake.FakeSignalServer}
 * answers like LiveKit's server, {@link io.rtcreactor.engine.testing.fake.FakePeers} makes peer connections that
 * negotiate, connect and report ICE paths on a virtual clock. Production wires the same interfaces to Reactor Netty
 * and webrtc-java.
 */
package io.rtcreactor.engine.testing.fake;
