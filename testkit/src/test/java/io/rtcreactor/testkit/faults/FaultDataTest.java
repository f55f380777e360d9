package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.testkit.client.ClientMedia;
import io.rtcreactor.testkit.client.ClientMedia.DataReceived;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reliable-data faults (FAULTS.md F14): {@code drop_reliable} and {@code redeliver_reliable}, seen by the
 * receiving client's data channel and by the sender's next ReconnectResponse.
 */
class FaultDataTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClassWithMedia(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void dropReliableDropsExactlyTheNextPacketsAndTheResumeReportsTheLastOneSeenBeforeThem(Driver driver) {
        String room = "drop-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ProtocolClient bob = testbed.joinWithMedia(room, "bob");
        ClientMedia sender = alice.media().connectPublisher();
        for (int sequence = 1; sequence <= 3; sequence++) {
            sender.sendData(true, Requests.userPacket(sequence, "before-" + sequence));
        }
        bob.media().awaitData("packets 1..3", d -> true, 3);
        testbed.fault(driver, room, "alice", new Fault.DropReliable(2));

        sender.sendData(true, Requests.userPacket(4, "dropped-4"));
        sender.sendData(true, Requests.userPacket(5, "dropped-5"));
        // The server's own count is only the moment to go on; what the clients see is what is asserted.
        ClientMedia.until("the server took both", () -> testbed.server().inspect(r ->
                r.record(room, "alice").reliableDropped()).block() == 2);
        ProtocolClient resumed = testbed.resume(alice);

        assertThat(resumed.await(MessageCase.RECONNECT).getReconnect().getLastMessageSeq())
                .as("the dropped packets are not counted as seen").isEqualTo(3);
        // Re-sent after the resume (as a client does from last_message_seq + 1), they arrive once each.
        sender.sendData(true, Requests.userPacket(4, "again-4"));
        sender.sendData(true, Requests.userPacket(5, "again-5"));
        List<DataReceived> received = bob.media().awaitData("packets 1..5", d -> true, 5);
        assertThat(received).extracting(d -> Requests.text(d.packet()))
                .containsExactly("before-1", "before-2", "before-3", "again-4", "again-5");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void redeliverReliableDeliversTheLastForwardedPacketAgainWithTheSameSequence(Driver driver) {
        String room = "redeliver-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ProtocolClient bob = testbed.joinWithMedia(room, "bob");
        alice.media().connectPublisher();
        alice.media().sendData(true, Requests.userPacket(1, "one"));
        alice.media().sendData(true, Requests.userPacket(2, "two"));
        bob.media().awaitData("two packets", d -> true, 2);

        testbed.fault(driver, room, "alice", new Fault.RedeliverReliable());

        List<DataReceived> received = bob.media().awaitData("three packets", d -> true, 3);
        assertThat(received).extracting(d -> d.packet().getSequence()).containsExactly(1, 2, 2);
        assertThat(received.get(2).packet()).isEqualTo(received.get(1).packet());
        assertThat(received.get(2).packet().getParticipantSid()).isEqualTo(alice.sid());
        // Once only: the next packet follows the single re-delivery on the same ordered channel.
        alice.media().sendData(true, Requests.userPacket(3, "three"));
        bob.media().awaitData("packet 3", d -> d.packet().getSequence() == 3, 1);
        assertThat(bob.media().data()).extracting(d -> d.packet().getSequence()).containsExactly(1, 2, 2, 3);
    }
}
