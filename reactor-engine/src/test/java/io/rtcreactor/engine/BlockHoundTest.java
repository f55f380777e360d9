package io.rtcreactor.engine;

import io.rtcreactor.engine.testing.BlockHoundCheck;
import org.junit.jupiter.api.Test;

class BlockHoundTest {

    @Test
    void blockHoundIsInstalledInThisTestRun() {
        BlockHoundCheck.assertInstalled();
    }

    @Test
    void callsIntoPeerConnectionsCountAsBlocking() throws Exception {
        BlockHoundCheck.assertPeerConnectionCallsCount();
    }
}
