package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.testing.BlockHoundCheck;
import org.junit.jupiter.api.Test;

class BlockHoundTest {

    @Test
    void blockHoundIsInstalledInThisTestRun() {
        BlockHoundCheck.assertInstalled();
    }
}
