package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.ConnectOptions;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.HttpProbe;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code refuse} and {@code hang_upgrade} (FAULTS.md F9, F15): what a connecting client gets from {@code /rtc} and
 * what {@code /rtc/validate} then tells it. Both act on connections not made yet, so they may be armed for an
 * identity that is not in the room.
 */
class FaultConnectTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    static Stream<Arguments> refusals() {
        List<Arguments> out = new ArrayList<>();
        for (Driver driver : Driver.values()) {
            for (int status : List.of(401, 403, 404, 503)) {
                out.add(Arguments.of(driver, status));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusals")
    void refuseRefusesTheNextCountUpgradesWithTheStatusAndValidateReportsTheSame(Driver driver, int status) {
        String room = "refuse-" + driver + "-" + status;
        String token = testbed.server().token(room, "alice");
        testbed.fault(driver, room, "alice", new Fault.Refuse(status, 2));

        for (int attempt = 1; attempt <= 2; attempt++) {
            ProtocolClient refused = testbed.connect(token, ConnectOptions.defaults());
            assertThat(refused.awaitRefusal()).as("attempt %d", attempt).isEqualTo(status);
            assertThat(refused.received()).isEmpty();
            HttpProbe.Answer validate = testbed.http().get("/rtc/validate", token);
            assertThat(validate.status()).as("validate after attempt %d", attempt).isEqualTo(status);
            assertThat(validate.body()).isNotBlank().doesNotContain(token);
        }

        ProtocolClient third = testbed.connect(token, ConnectOptions.defaults());
        assertThat(third.await(MessageCase.JOIN).getJoin().getParticipant().getIdentity()).isEqualTo("alice");
        assertThat(testbed.http().get("/rtc/validate", token)).isEqualTo(new HttpProbe.Answer(200, "success"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void refuseActsOnlyOnThatIdentity(Driver driver) {
        testbed.fault(driver, "refuse-one", "alice", new Fault.Refuse(503, 1));

        ProtocolClient bob = testbed.connect("refuse-one", "bob");
        ProtocolClient alice = testbed.connect("refuse-one", "alice");

        assertThat(bob.await(MessageCase.JOIN)).isNotNull();
        assertThat(alice.awaitRefusal()).isEqualTo(503);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void hangUpgradeAcceptsTcpButNeverAnswersTheUpgrade(Driver driver) {
        testbed.fault(driver, "hang-" + driver, "alice", new Fault.HangUpgrade(1));

        ProtocolClient hung = testbed.connect("hang-" + driver, "alice");

        ClientWaits.until("the upgrade request to be on its way", hung::requestStarted);
        hung.expectNone("any frame", frame -> true, Duration.ofSeconds(2));
        assertThat(hung.wasOpened()).as("no 101 Switching Protocols").isFalse();
        assertThat(hung.closedNow()).as("no refusal, no close").isFalse();
        // Only the next upgrade hangs.
        ProtocolClient next = testbed.connect("hang-" + driver, "alice");
        assertThat(next.await(MessageCase.JOIN)).isNotNull();
        hung.abort();
    }
}
