package io.rtcreactor.testkit.interop;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.TlsTrust;
import io.rtcreactor.engine.testing.NetworkNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, TLS, standalone: {@code --tls self-signed} serves {@code wss://}, writes the certificate where it says,
 * and a client that trusts that file joins.
 */
class StandaloneTlsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSelfSignedStandaloneTestkitServesWssToAClientThatTrustsTheCertificateItWrote(@TempDir Path dir) {
        NetworkNamespace.requireIsolated();
        Path certificate = dir.resolve("testkit-cert.pem");
        try (StandaloneTestkit testkit = StandaloneTestkit.start(List.of("--port", "0", "--tls", "self-signed",
                "--tls-cert-out", certificate.toString()), "devkey", "secret")) {
            assertThat(testkit.url()).startsWith("wss://127.0.0.1:");
            assertThat(testkit.output()).contains("clients trust " + certificate.toAbsolutePath());
            assertThat(Files.exists(certificate)).isTrue();

            Room room = Room.connect(testkit.url(), testkit.token("tls", "agent"),
                    RoomOptions.defaults().withTlsTrust(TlsTrust.pem(certificate))).block(WAIT);
            try {
                assertThat(room.state()).isEqualTo(ConnectionState.CONNECTED);
            } finally {
                room.disconnect().block(WAIT);
            }
        }
    }
}
