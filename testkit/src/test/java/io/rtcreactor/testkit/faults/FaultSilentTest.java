package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.fault.Fault.Silence;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code silent} (FAULTS.md F8, F10): the socket is open, and the withheld messages do not come — for a while
 * (counted from when the fault is armed), or never. "Nothing arrives" is checked over a bounded window; "arrives
 * later" against the moment the fault was armed, which the server cannot beat.
 */
class FaultSilentTest {

    private static final Duration SILENCE = Duration.ofMillis(1500);
    private static final Duration QUIET_WINDOW = Duration.ofMillis(1500);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void joinResponseForeverLeavesAnOpenSocketWithNoMessageAtAll(Driver driver) {
        testbed.fault(driver, "silent-join-" + driver, "alice", new Fault.Silent(Silence.JOIN_RESPONSE, null));

        ProtocolClient alice = testbed.connect("silent-join-" + driver, "alice").awaitOpen();

        alice.expectNone("any frame", frame -> true, QUIET_WINDOW);
        assertThat(alice.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void joinResponseForAWhileArrivesAfterThatWhileAndTheJoinGoesOnAsUsual(Driver driver) {
        long armed = System.nanoTime();
        testbed.fault(driver, "slow-join-" + driver, "alice", new Fault.Silent(Silence.JOIN_RESPONSE, SILENCE));

        ProtocolClient alice = testbed.connect("slow-join-" + driver, "alice");

        alice.await(MessageCase.OFFER);
        Inbound first = alice.received().get(0);
        assertThat(first.is(MessageCase.JOIN)).as(alice.summary()).isTrue();
        assertThat(ClientWaits.millisBetween(armed, first.atNanos())).isGreaterThanOrEqualTo(SILENCE.toMillis());
        assertThat(alice.received().get(1).is(MessageCase.REFRESH_TOKEN)).as(alice.summary()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void reconnectResponseForeverLeavesTheResumingSocketOpenAndSilent(Driver driver) {
        ProtocolClient alice = testbed.join("silent-resume-" + driver, "alice");
        testbed.fault(driver, "silent-resume-" + driver, "alice", new Fault.Silent(Silence.RECONNECT_RESPONSE, null));

        ProtocolClient resumed = testbed.resume(alice).awaitOpen();

        resumed.expectNone("any frame", frame -> true, QUIET_WINDOW);
        assertThat(resumed.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void reconnectResponseForAWhileArrivesAfterThatWhileFirst(Driver driver) {
        ProtocolClient alice = testbed.join("slow-resume-" + driver, "alice");
        long armed = System.nanoTime();
        testbed.fault(driver, "slow-resume-" + driver, "alice", new Fault.Silent(Silence.RECONNECT_RESPONSE, SILENCE));

        ProtocolClient resumed = testbed.resume(alice);

        Inbound first = resumed.awaitFrame("first message", Inbound::decoded, ProtocolClient.WAIT);
        assertThat(first.is(MessageCase.RECONNECT)).as(resumed.summary()).isTrue();
        assertThat(ClientWaits.millisBetween(armed, first.atNanos())).isGreaterThanOrEqualTo(SILENCE.toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void pongForeverWithholdsBothPongsWhileOtherMessagesStillFlow(Driver driver) {
        ProtocolClient alice = testbed.join("silent-pong-" + driver, "alice");
        testbed.fault(driver, "silent-pong-" + driver, "alice", new Fault.Silent(Silence.PONG, null));

        alice.send(Requests.pingReq(1));
        alice.send(Requests.legacyPing(2));
        testbed.join("silent-pong-" + driver, "bob");

        alice.await("an update about bob", m -> m.hasUpdate()
                && m.getUpdate().getParticipantsList().stream().anyMatch(p -> p.getIdentity().equals("bob")));
        alice.expectNone("a pong", e -> e.is(MessageCase.PONG_RESP) || e.is(MessageCase.PONG), QUIET_WINDOW);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void pongForAWhileAnswersOnlyPingsSentAfterThatWhile(Driver driver) {
        ProtocolClient alice = testbed.join("slow-pong-" + driver, "alice");
        long armed = System.nanoTime();
        testbed.fault(driver, "slow-pong-" + driver, "alice", new Fault.Silent(Silence.PONG, SILENCE));

        SignalResponse pong = pingUntilPong(alice);

        assertThat(ClientWaits.millisBetween(armed, pong.getPongResp().getLastPingTimestamp()))
                .as("the first pong answers a ping sent after the silence").isGreaterThanOrEqualTo(SILENCE.toMillis());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void allForeverWithholdsEveryMessage(Driver driver) {
        ProtocolClient alice = testbed.join("silent-all-" + driver, "alice");
        testbed.fault(driver, "silent-all-" + driver, "alice", new Fault.Silent(Silence.ALL, null));

        alice.send(Requests.pingReq(1));
        testbed.join("silent-all-" + driver, "bob");

        alice.expectNone("a pong or the update about bob", e -> e.is(MessageCase.PONG_RESP) || aboutBob(e),
                QUIET_WINDOW);
        assertThat(alice.isOpen()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void allForAWhileDropsWhatWasDueMeanwhileThenSpeaksAgain(Driver driver) {
        ProtocolClient alice = testbed.join("slow-all-" + driver, "alice");
        long armed = System.nanoTime();
        testbed.fault(driver, "slow-all-" + driver, "alice", new Fault.Silent(Silence.ALL, SILENCE));
        testbed.join("slow-all-" + driver, "bob");

        SignalResponse pong = pingUntilPong(alice);

        assertThat(ClientWaits.millisBetween(armed, pong.getPongResp().getLastPingTimestamp()))
                .isGreaterThanOrEqualTo(SILENCE.toMillis());
        assertThat(alice.received()).as("the update about bob was due during the silence")
                .noneMatch(FaultSilentTest::aboutBob);
    }

    private static boolean aboutBob(Inbound entry) {
        return entry.is(MessageCase.UPDATE) && entry.message().getUpdate().getParticipantsList().stream()
                .anyMatch(p -> p.getIdentity().equals("bob"));
    }

    /** Sends a ping stamped with its send time every 100 ms until one is answered; returns that pong. */
    private static SignalResponse pingUntilPong(ProtocolClient client) {
        ClientWaits.every(Duration.ofMillis(100), "a pong", () -> {
            client.send(Requests.pingReq(System.nanoTime()));
            return client.messages().stream().anyMatch(SignalResponse::hasPongResp);
        });
        return client.await(MessageCase.PONG_RESP);
    }
}
