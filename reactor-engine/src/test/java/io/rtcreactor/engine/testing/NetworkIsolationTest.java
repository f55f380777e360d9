package io.rtcreactor.engine.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Test traffic stays inside: the test JVM sees loopback and the namespace's own address, nothing else. */
class NetworkIsolationTest {

    @Test
    void theTestJvmSeesOnlyLoopbackAndItsOwnNamespace() {
        NetworkNamespace.requireIsolated();
        assertThat(NetworkNamespace.ipv4Addresses()).containsExactly("127.0.0.1", NetworkNamespace.ADDRESS);
    }
}
