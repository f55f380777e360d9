package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * FAULTS.md F21: bad input, including what aborts LiveKit's own Rust client. No crash, no hang: the engine
 * reports it and either carries on or recovers by its policy.
 */
class BadInputTest {

    @ParameterizedTest
    @EnumSource(value = Fault.Corruption.class, names = {"TRUNCATED", "GARBAGE", "OVERSIZED"})
    void aBrokenFrameIsReportedAndTheSessionCarriesOn(Fault.Corruption kind) {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.CorruptFrame(kind));

            RoomEvent.InputRejected rejected = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.InputRejected.class).stream().findFirst().orElse(null), e -> e != null);
            assertThat(rejected.what()).isEqualTo("signal frame");
            if (kind == Fault.Corruption.OVERSIZED) {
                assertThat(rejected.reason()).contains("exceeds the limit");
            }
            assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
            assertThat(scenario.agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            scenario.recovered();
        }
    }

    @Test
    void aMessageOfAnUnknownKindIsIgnoredAsTheProtocolAsks() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.CorruptFrame(Fault.Corruption.UNKNOWN_FIELD));
            // A later message on the same socket: once the agent has handled it, it has handled the unknown one.
            Harness.Recorded later = scenario.harness.join(Scenario.ROOM, "later");
            await().atMost(Harness.WAIT).until(() -> scenario.agent.room.remoteParticipants().containsKey("later"));
            assertThat(scenario.record("agent").timeline()).extracting(e -> e.direction() + ":" + e.type())
                    .containsSubsequence("out-corrupt:unknown_field", "out:update");
            assertThat(scenario.agent.events(RoomEvent.InputRejected.class)).isEmpty();
            assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
            later.room.disconnect().block(Harness.WAIT);
            scenario.recovered();
        }
    }

    @Test
    void anUnparseableOfferIsReportedAndTheSessionRecoversByThePolicy() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.CorruptFrame(Fault.Corruption.BAD_SDP));

            RoomEvent.InputRejected rejected = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.InputRejected.class).stream().findFirst().orElse(null), e -> e != null);
            assertThat(rejected.what()).isEqualTo("offer");
            assertThat(rejected.reason()).contains("setRemoteDescription");
            // A subscriber that could not apply the server's offer is out of step with it: recover, never only log.
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            assertThat(scenario.record("agent").timeline().stream().filter(e -> e.direction().equals("in")
                    && e.type().equals("answer") && e.offerId() == 7777)).as("the bad offer was never answered")
                    .isEmpty();
            scenario.recovered();
        }
    }

    @Test
    void anUnparseableCandidateIsReportedAndTheSessionCarriesOn() {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.CorruptFrame(Fault.Corruption.BAD_CANDIDATE));

            RoomEvent.InputRejected rejected = await().atMost(Harness.WAIT).until(() -> scenario.agent
                    .events(RoomEvent.InputRejected.class).stream().findFirst().orElse(null), e -> e != null);
            assertThat(rejected.what()).isEqualTo("trickle");
            assertThat(scenario.agent.events(RoomEvent.Resuming.class)).isEmpty();
            assertThat(scenario.agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            scenario.recovered();
        }
    }

    @Test
    void aJoinResponseWithoutRoomIsReportedAndTheJoinCompletes() {
        NetworkNamespace.requireIsolated();
        Harness harness = new Harness();
        try {
            harness.server.fault(Scenario.ROOM, "agent", new Fault.OmitField(Fault.Omission.JOIN_ROOM)).block();
            Harness.Recorded agent = harness.join(Scenario.ROOM, "agent", Scenario.fastOptions());
            assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(agent.events(RoomEvent.InputRejected.class)).extracting(RoomEvent.InputRejected::reason)
                    .contains("JoinResponse without room");
        } finally {
            harness.close();
        }
    }

    @Test
    void aJoinResponseWithoutParticipantFailsThatAttemptAndTheNextOneSucceeds() {
        NetworkNamespace.requireIsolated();
        Harness harness = new Harness();
        try {
            harness.server.fault(Scenario.ROOM, "agent", new Fault.OmitField(Fault.Omission.JOIN_PARTICIPANT)).block();
            Harness.Recorded agent = harness.join(Scenario.ROOM, "agent", Scenario.fastOptions());
            assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(agent.events(RoomEvent.InputRejected.class)).extracting(RoomEvent.InputRejected::reason)
                    .contains("JoinResponse without participant");
            assertThat(harness.server.inspect(r -> r.record(Scenario.ROOM, "agent").joins()).block()).isEqualTo(2);
        } finally {
            harness.close();
        }
    }

    @Test
    void aCandidateWithoutSdpMidIsRejectedAndTheSessionCarriesOn() {
        NetworkNamespace.requireIsolated();
        Harness harness = new Harness();
        try {
            // The server's first candidate to the agent goes out without sdpMid (LiveKit's Rust client aborts).
            harness.server.fault(Scenario.ROOM, "agent", new Fault.OmitField(Fault.Omission.CANDIDATE_SDP_MID)).block();
            Harness.Recorded agent = harness.join(Scenario.ROOM, "agent", Scenario.fastOptions());
            RoomEvent.InputRejected rejected = await().atMost(Harness.WAIT).until(() -> agent
                    .events(RoomEvent.InputRejected.class).stream().findFirst().orElse(null), e -> e != null);
            assertThat(rejected.what()).isEqualTo("trickle");
            assertThat(rejected.reason()).contains("sdpMid");
            assertThat(agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
        } finally {
            harness.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Fault.Omission.class, names = {"TRACK_PUBLISHED_TRACK", "TRACK_PUBLISHED_SID"})
    void aTrackPublishedResponseWithoutTrackFailsThatPublicationOnly(Fault.Omission what) {
        NetworkNamespace.requireIsolated();
        try (Scenario scenario = Scenario.start(io.rtcreactor.testkit.TestkitOptions.defaults(),
                Scenario.fastOptions().withPublishTimeout(Duration.ofSeconds(2)))) {
            scenario.established();
            scenario.fault(new Fault.OmitField(what));

            assertThatThrownBy(() -> scenario.agent.room.localParticipant().publishAudio(Tone.endless(880, 6000),
                    AudioPublishOptions.defaults().name("broken")).block(Harness.WAIT))
                    .isInstanceOf(DeadlineExceededException.class);
            assertThat(scenario.agent.events(RoomEvent.InputRejected.class)).extracting(RoomEvent.InputRejected::what)
                    .contains("track_published");
            assertThat(scenario.agent.room.state()).isEqualTo(ConnectionState.CONNECTED);
            scenario.recovered();
        }
    }
}
