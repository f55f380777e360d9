package io.rtcreactor.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.testkit.client.ClientMedia;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code black_hole_media} (FAULTS.md F4): the server stops answering the participant's connectivity checks, and
 * the client's peer connections leave CONNECTED; with {@code ms} they come back by themselves after that long,
 * without it only a resume (whose ICE restart finds the media path open again) brings them back.
 */
class FaultMediaTest {

    private static final Set<PeerState> LOST = Set.of(PeerState.DISCONNECTED, PeerState.FAILED, PeerState.CLOSED);

    @RegisterExtension
    static final Testbed testbed = Testbed.perClassWithMedia(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void blackHoleMediaMakesBothClientPeerConnectionsLeaveConnected(Driver driver) {
        String room = "black-hole-" + driver;
        ProtocolClient alice = testbed.joinWithMedia(room, "alice");
        ClientMedia media = alice.media().connectPublisher();
        long applied = System.nanoTime();

        testbed.fault(driver, room, "alice", new Fault.BlackHoleMedia(null));

        ClientMedia.StateChange subscriber = media.awaitStateAfter(SignalTarget.SUBSCRIBER, LOST, applied);
        ClientMedia.StateChange publisher = media.awaitStateAfter(SignalTarget.PUBLISHER, LOST, applied);
        assertThat(subscriber.state()).isIn(LOST);
        assertThat(publisher.state()).isIn(LOST);
        assertThat(alice.isOpen()).as("the signal connection is not touched").isTrue();
    }

    @Test
    void blackHoleMediaForAWhileLetsThePeerConnectionsRecoverByThemselvesAfterThatWhile() {
        ProtocolClient alice = testbed.joinWithMedia("black-hole-timed", "alice");
        ClientMedia media = alice.media();
        Duration hole = Duration.ofSeconds(10);
        long applied = System.nanoTime();

        testbed.fault("black-hole-timed", "alice", new Fault.BlackHoleMedia(hole));

        ClientMedia.StateChange lost = media.awaitStateAfter(SignalTarget.SUBSCRIBER, LOST, applied);
        ClientMedia.StateChange back = media.awaitStateAfter(SignalTarget.SUBSCRIBER, Set.of(PeerState.CONNECTED),
                lost.atNanos());
        assertThat(Duration.ofNanos(back.atNanos() - applied)).as("not back before the hole closes")
                .isGreaterThanOrEqualTo(hole);
        assertThat(media.offers()).as("no renegotiation needed").hasSize(1);
    }

    @Test
    void blackHoleMediaWithoutADurationLastsUntilTheNextResumeWhoseIceRestartRecovers() {
        ProtocolClient alice = testbed.joinWithMedia("black-hole-resume", "alice");
        ClientMedia media = alice.media().connectPublisher();
        long applied = System.nanoTime();
        testbed.fault("black-hole-resume", "alice", new Fault.BlackHoleMedia(null));
        media.awaitStateAfter(SignalTarget.SUBSCRIBER, LOST, applied);
        media.awaitStateAfter(SignalTarget.PUBLISHER, LOST, applied);
        long resumedAt = System.nanoTime();

        ProtocolClient resumed = testbed.resume(alice);
        resumed.await(MessageCase.RECONNECT);
        media.renegotiatePublisher(true);

        media.awaitStateAfter(SignalTarget.SUBSCRIBER, Set.of(PeerState.CONNECTED), resumedAt);
        media.awaitStateAfter(SignalTarget.PUBLISHER, Set.of(PeerState.CONNECTED), resumedAt);
        assertThat(media.offers()).as("the server restarted ICE on the subscriber").hasSizeGreaterThanOrEqualTo(2);
        assertThat(media.offers().get(media.offers().size() - 1).iceUfrag()).isNotEqualTo(media.offers().get(0).iceUfrag());
    }
}
