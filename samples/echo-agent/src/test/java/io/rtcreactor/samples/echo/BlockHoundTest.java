package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.testing.BlockHoundCheck;
import org.junit.jupiter.api.Test;

class BlockHoundTest {

    @Test
    void blockHoundIsInstalledInThisTestRun() {
        BlockHoundCheck.assertInstalled();
    }
}
