package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.proto.ServerInfo;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.media.MediaRelay;
import java.time.Clock;
import reactor.core.scheduler.Scheduler;

/**
 * What every room and participant of one server shares: options, the lane, the WebRTC runtime (the server's own,
 * never the engine's shared one), the audio pump, the clock and the media relay all server media passes through.
 */
public record ServerContext(TestkitOptions options, Scheduler lane, RtcRuntime runtime, Scheduler audioPump,
                            Clock clock, MediaRelay relay) {

    /** Protocol version the testkit speaks (PROTOCOL.md: clients send 16; LeaveRequest.action needs 13). */
    public static final int PROTOCOL = 16;
    /** The version string in ServerInfo. */
    public static final String VERSION = "1.9.0-rtcreactor-testkit";

    public ServerInfo serverInfo() {
        return ServerInfo.newBuilder()
                .setEdition(ServerInfo.Edition.Standard)
                .setVersion(VERSION)
                .setProtocol(PROTOCOL)
                .setRegion("loopback")
                .setNodeId("ND_testkit")
                .build();
    }

    public long nowMillis() {
        return clock.millis();
    }
}
