package io.rtcreactor.testkit.faults;

import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalResponse.MessageCase;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.client.Driver;
import io.rtcreactor.testkit.client.Inbound;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Requests;
import io.rtcreactor.testkit.client.Testbed;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.fault.Fault.Corruption;
import io.rtcreactor.testkit.fault.Fault.Omission;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input the testkit can serve (FAULTS.md F10c, F21): {@code corrupt_frame}, {@code omit_field} and
 * {@code join_ping}, checked on the bytes and fields a client receives. Each acts once; the socket stays usable.
 */
class FaultFrameTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void corruptFrameTruncatedIsAFrameTheClientCannotDecode(Driver driver) {
        Inbound bad = corrupt(driver, Corruption.TRUNCATED);

        assertThat(bad.decoded()).isFalse();
        assertThat(bad.error().kind()).isEqualTo(SignalCodecException.Kind.MALFORMED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void corruptFrameGarbageIsAFrameTheClientCannotDecode(Driver driver) {
        Inbound bad = corrupt(driver, Corruption.GARBAGE);

        assertThat(bad.decoded()).isFalse();
        assertThat(bad.error().kind()).isEqualTo(SignalCodecException.Kind.MALFORMED);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void corruptFrameUnknownFieldDecodesToAMessageOfAnUnknownCase(Driver driver) {
        Inbound bad = corrupt(driver, Corruption.UNKNOWN_FIELD);

        assertThat(bad.unknownCase()).as(bad.label()).isTrue();
        assertThat(SignalCodec.unknownFieldNumbers(bad.message())).containsExactly(99);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void corruptFrameOversizedIsAResponseOverWhatAClientAccepts(Driver driver) {
        Inbound bad = corrupt(driver, Corruption.OVERSIZED);

        assertThat(bad.bytes()).isGreaterThan(SignalCodec.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(bad.error().kind()).isEqualTo(SignalCodecException.Kind.FRAME_TOO_LARGE);
    }

    /** Applies the corruption to a joined client and returns the bad frame; checks the socket still answers. */
    private static Inbound corrupt(Driver driver, Corruption kind) {
        String room = "corrupt-" + kind + "-" + driver;
        ProtocolClient alice = testbed.join(room, "alice");
        int before = alice.received().size();

        testbed.fault(driver, room, "alice", new Fault.CorruptFrame(kind));

        Inbound bad = alice.awaitFrame("the " + kind + " frame", e -> e.index() >= before
                && (!e.decoded() || e.unknownCase()), ProtocolClient.WAIT);
        alice.send(Requests.pingReq(77));
        assertThat(alice.await(MessageCase.PONG_RESP).getPongResp().getLastPingTimestamp()).isEqualTo(77);
        assertThat(alice.received().stream().filter(e -> e.index() >= before && (!e.decoded() || e.unknownCase())))
                .as("exactly one bad frame").hasSize(1);
        return bad;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void omitFieldJoinRoomSendsAJoinResponseWithoutRoomOnceOnly(Driver driver) {
        testbed.fault(driver, "omit-room-" + driver, "alice", new Fault.OmitField(Omission.JOIN_ROOM));

        JoinResponse first = testbed.join("omit-room-" + driver, "alice").await(MessageCase.JOIN).getJoin();
        JoinResponse second = testbed.join("omit-room-" + driver, "alice").await(MessageCase.JOIN).getJoin();

        assertThat(first.hasRoom()).isFalse();
        assertThat(first.hasParticipant()).isTrue();
        assertThat(second.hasRoom()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void omitFieldJoinParticipantSendsAJoinResponseWithoutParticipant(Driver driver) {
        testbed.fault(driver, "omit-participant-" + driver, "alice", new Fault.OmitField(Omission.JOIN_PARTICIPANT));

        JoinResponse join = testbed.join("omit-participant-" + driver, "alice").await(MessageCase.JOIN).getJoin();

        assertThat(join.hasParticipant()).isFalse();
        assertThat(join.hasRoom()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void omitFieldTrackPublishedTrackSendsATrackPublishedResponseWithoutTrack(Driver driver) {
        ProtocolClient alice = testbed.join("omit-track-" + driver, "alice");
        testbed.fault(driver, "omit-track-" + driver, "alice", new Fault.OmitField(Omission.TRACK_PUBLISHED_TRACK));

        List<TrackPublishedResponse> published = publishTwice(alice);

        assertThat(published.get(0).getCid()).isEqualTo("cid-1");
        assertThat(published.get(0).hasTrack()).isFalse();
        assertThat(published.get(1).getTrack().getSid()).startsWith("TR_");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void omitFieldTrackPublishedSidSendsATrackWithAnEmptySid(Driver driver) {
        ProtocolClient alice = testbed.join("omit-sid-" + driver, "alice");
        testbed.fault(driver, "omit-sid-" + driver, "alice", new Fault.OmitField(Omission.TRACK_PUBLISHED_SID));

        List<TrackPublishedResponse> published = publishTwice(alice);

        assertThat(published.get(0).hasTrack()).isTrue();
        assertThat(published.get(0).getTrack().getSid()).isEmpty();
        assertThat(published.get(0).getTrack().getName()).isEqualTo("mic-1");
        assertThat(published.get(1).getTrack().getSid()).startsWith("TR_");
    }

    private static List<TrackPublishedResponse> publishTwice(ProtocolClient client) {
        client.send(Requests.addAudioTrack("cid-1", "mic-1"));
        client.send(Requests.addAudioTrack("cid-2", "mic-2"));
        return client.awaitCount(MessageCase.TRACK_PUBLISHED, 2).stream().map(SignalResponse::getTrackPublished).toList();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void omitFieldCandidateSdpMidSendsOneCandidateJsonWithoutSdpMid(Driver driver) {
        NetworkNamespace.requireIsolated(); // the server's PCs gather candidates only on a non-loopback address
        testbed.fault(driver, "omit-mid-" + driver, "alice", new Fault.OmitField(Omission.CANDIDATE_SDP_MID));

        ProtocolClient alice = testbed.join("omit-mid-" + driver, "alice");

        String first = alice.awaitCount(MessageCase.TRICKLE, 1).get(0).getTrickle().getCandidateInit();
        String next = testbed.rejoin(alice).awaitCount(MessageCase.TRICKLE, 1).get(0).getTrickle().getCandidateInit();

        assertThat(first).contains("\"candidate\"").contains("\"sdpMLineIndex\"").doesNotContain("sdpMid");
        assertThat(next).as("only the next candidate").contains("\"sdpMid\"");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Driver.class)
    void joinPingPutsItsValuesInTheNextJoinResponseOnly(Driver driver) {
        testbed.fault(driver, "ping-" + driver, "alice", new Fault.JoinPing(0, 0));
        testbed.fault(driver, "ping-" + driver, "bob", new Fault.JoinPing(7, 21));

        JoinResponse alice = testbed.join("ping-" + driver, "alice").await(MessageCase.JOIN).getJoin();
        JoinResponse bob = testbed.join("ping-" + driver, "bob").await(MessageCase.JOIN).getJoin();
        JoinResponse aliceAgain = testbed.join("ping-" + driver, "alice").await(MessageCase.JOIN).getJoin();

        assertThat(List.of(alice.getPingInterval(), alice.getPingTimeout())).containsExactly(0, 0);
        assertThat(List.of(bob.getPingInterval(), bob.getPingTimeout())).containsExactly(7, 21);
        assertThat(List.of(aliceAgain.getPingInterval(), aliceAgain.getPingTimeout())).containsExactly(5, 15);
    }
}
