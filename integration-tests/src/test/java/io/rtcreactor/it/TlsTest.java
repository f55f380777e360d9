package io.rtcreactor.it;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.TlsTrust;
import io.rtcreactor.engine.signal.SignalConnectException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.TestkitTls;
import io.rtcreactor.testkit.fault.Fault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, TLS: the testkit serves {@code wss://}; the engine verifies the certificate by default (trust and host
 * name), refuses a self-signed server with an error that names the cause and the fix, and with the server's
 * certificate given as trust joins, resumes and carries data over TLS.
 */
class TlsTest {

    private Harness harness;

    @BeforeEach
    void isolated() {
        NetworkNamespace.requireIsolated();
    }

    @AfterEach
    void tearDown() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aSelfSignedServerIsRefusedByDefaultNamingTheCauseAndTheFix() {
        harness = new Harness(TestkitOptions.defaults().withTls(TestkitTls.selfSigned()));
        assertThat(harness.server.url()).startsWith("wss://");
        String token = harness.server.token(Scenario.ROOM, "agent");
        Room room = Room.create(harness.server.url(), token, Scenario.fastOptions());

        assertThatThrownBy(() -> room.connect().block(Harness.WAIT))
                .isInstanceOfSatisfying(SignalConnectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SignalConnectException.Kind.TLS);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("not trusted by the JVM's default trust store")
                            .contains("RoomOptions.withTlsTrust").doesNotContain(token);
                });
        RoomEvent.Disconnected ended = room.ended().block(Harness.WAIT);
        assertThat(ended.reason()).isEqualTo(DisconnectReason.JOIN_FAILURE);
        assertThat(harness.server.inspect(r -> r.record(Scenario.ROOM, "agent").joins()).block())
                .as("the server never saw a join").isZero();
    }

    @Test
    void trustingTheServersCertificateJoinsResumesAndCarriesDataOverTls(@TempDir Path dir) throws Exception {
        TestkitTls tls = TestkitTls.selfSigned();
        harness = new Harness(TestkitOptions.defaults().withTls(tls));
        Path pem = Files.writeString(dir.resolve("testkit-cert.pem"), tls.certificatePem());
        RoomOptions options = Scenario.fastOptions().withTlsTrust(TlsTrust.pem(pem));

        Harness.Recorded agent = harness.join("tls-room", "agent", options);
        Harness.Recorded peer = harness.join("tls-room", "peer", options);
        assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
        List<DataReceived> atPeer = new CopyOnWriteArrayList<>();
        harness.keep(peer.room.dataReceived().subscribe(atPeer::add));

        assertThat(harness.server.fault("tls-room", "agent", new Fault.Migrate(Duration.ofSeconds(3))).block())
                .isEqualTo(200);
        RoomEvent.Reconnected reconnected = await().atMost(Harness.WAIT).until(
                () -> agent.events(RoomEvent.Reconnected.class).stream().findFirst().orElse(null), e -> e != null);
        assertThat(reconnected.mode()).as("resumed over a new wss connection").isEqualTo(Mode.RESUME);

        agent.room.publishData("over tls".getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                .block(Harness.WAIT);
        await().atMost(Harness.WAIT).until(() -> !atPeer.isEmpty());
        assertThat(atPeer.get(0).text()).isEqualTo("over tls");
        assertThat(atPeer.get(0).senderIdentity()).isEqualTo("agent");
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() {
        TestkitTls elsewhere = TestkitTls.selfSigned(List.of("testkit.invalid"));
        harness = new Harness(TestkitOptions.defaults().withTls(elsewhere));
        RoomOptions options = Scenario.fastOptions().withTlsTrust(TlsTrust.certificates(elsewhere.certificate()));

        assertThatThrownBy(() -> Room.connect(harness.server.url(), harness.server.token(Scenario.ROOM, "agent"),
                options).block(Harness.WAIT))
                .isInstanceOfSatisfying(SignalConnectException.class, e -> {
                    assertThat(e.kind()).isEqualTo(SignalConnectException.Kind.TLS);
                    assertThat(e.getMessage()).contains("not for host '127.0.0.1'");
                });
    }
}
