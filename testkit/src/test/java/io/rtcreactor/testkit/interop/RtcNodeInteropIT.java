package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof of fidelity 1 (the Testkit issue): LiveKit's own Rust engine ({@code @livekit/rtc-node} 1.1.0, driven
 * through {@code interop/rtc-node-participant.mjs}) against the standalone testkit jar. Two participants: alice
 * publishes a generated 440 Hz tone, bob hears that tone (its frequency, not only frames) and gets alice's reliable
 * data stamped with her identity; a {@code migrate} fault makes alice resume — a resume, not a rejoin, seen from
 * her client and from the testkit's counters — and bob keeps hearing her; a {@code leave{RECONNECT}} fault makes
 * her rejoin in full and bob hears her new track.
 */
class RtcNodeInteropIT {

    private static final String ROOM = "interop-rtc-node";
    private static final int HZ = 440;
    /** A join of LiveKit's Rust client takes about a second here; node start-up and native load add more. */
    private static final Duration JOIN = Duration.ofSeconds(40);
    private static final Duration REPLY = Duration.ofSeconds(30);
    private static final Duration HEAR = Duration.ofSeconds(20);
    /** The Rust client reports a resume ~1.1 s after it starts (it waits a fixed second before checking its PCs). */
    private static final Duration RECOVER = Duration.ofSeconds(30);

    @Test
    void twoRustClientsHearEachOtherAndSurviveAMigrationAndAFullRejoin() {
        NetworkNamespace.requireIsolated();
        long started = System.nanoTime();
        try (StandaloneTestkit testkit = StandaloneTestkit.start();
             NodeParticipant alice = NodeParticipant.rtcNode("alice", testkit.url(), testkit.token(ROOM, "alice"));
             NodeParticipant bob = NodeParticipant.rtcNode("bob", testkit.url(), testkit.token(ROOM, "bob"))) {
            Timings timings = new Timings(started);

            // --- join, publish, hear ---------------------------------------------------------------------
            JsonNode aliceJoined = alice.await("connected", 0, JOIN);
            JsonNode bobJoined = bob.await("connected", 0, JOIN);
            String aliceSid = aliceJoined.path("sid").asText();
            assertThat(aliceJoined.path("identity").asText()).isEqualTo("alice");
            assertThat(aliceJoined.path("room").asText()).isEqualTo(ROOM);
            assertThat(aliceSid).startsWith("PA_");
            assertThat(bobJoined.path("sid").asText()).startsWith("PA_").isNotEqualTo(aliceSid);
            timings.mark("both joined");

            JsonNode published = alice.ask(Map.of("cmd", "publish_tone", "hz", HZ, "amplitude", 0.3, "name", "tone"),
                    "published", REPLY);
            String firstTrack = published.path("track_sid").asText();
            assertThat(firstTrack).startsWith("TR_");
            bob.await("track_subscribed", 0, e -> e.path("participant").asText().equals("alice")
                    && e.path("track_sid").asText().equals(firstTrack), HEAR);
            Listening.awaitTone(bob, "alice", firstTrack, HZ, published.path("t").asLong(), HEAR);
            assertThat(testkit.participant(ROOM, "alice").path("published_tracks").findValuesAsText("sid"))
                    .containsExactly(firstTrack);
            timings.mark("bob hears alice's tone");

            // --- reliable data with a topic, stamped with the sender's identity -------------------------------
            int bobBeforeData = bob.mark();
            alice.ask(Map.of("cmd", "send_data", "payload", "hello from alice", "topic", "greetings",
                    "reliable", true), "data_sent", REPLY);
            JsonNode data = bob.await("data_received", bobBeforeData,
                    e -> e.path("payload").asText().equals("hello from alice"), HEAR);
            assertThat(data.path("participant").asText()).isEqualTo("alice");
            assertThat(data.path("topic").asText()).isEqualTo("greetings");
            assertThat(data.path("kind").asText()).isEqualTo("reliable");
            assertThat(testkit.participant(ROOM, "alice").path("reliable_packets_received").asLong())
                    .isGreaterThanOrEqualTo(1);
            timings.mark("bob got alice's reliable data");

            // --- migrate: a resume, not a rejoin ----------------------------------------------------------
            int aliceBeforeMigrate = alice.mark();
            int bobDisconnectsBefore = bob.events("participant_disconnected").size();
            int bobUnsubscribesBefore = bob.events("track_unsubscribed").size();
            testkit.faultAccepted("{\"room\":\"" + ROOM + "\",\"identity\":\"alice\",\"fault\":\"migrate\"}");
            JsonNode reconnecting = alice.await("reconnecting", aliceBeforeMigrate, RECOVER);
            JsonNode reconnected = alice.await("reconnected", aliceBeforeMigrate, RECOVER);
            assertThat(reconnected.path("t").asLong()).isGreaterThanOrEqualTo(reconnecting.path("t").asLong());
            timings.mark("alice resumed after migrate (client: reconnecting → reconnected)");

            JsonNode afterResume = testkit.participant(ROOM, "alice");
            assertThat(afterResume.path("resumes").asInt()).as("%s", afterResume).isEqualTo(1);
            assertThat(afterResume.path("full_reconnects").asInt()).as("%s", afterResume).isZero();
            assertThat(afterResume.path("joins").asInt()).as("%s", afterResume).isEqualTo(1);
            assertThat(afterResume.path("sid").asText()).as("%s", afterResume).isEqualTo(aliceSid);
            assertThat(afterResume.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(testkit.output()).contains("resumed (resume #1");
            JsonNode aliceState = alice.ask(Map.of("cmd", "state"), "state", REPLY);
            assertThat(aliceState.path("sid").asText()).as("alice's sid seen by her client").isEqualTo(aliceSid);
            assertThat(aliceState.path("connection_state").asText()).isEqualTo("CONN_CONNECTED");
            assertThat(Listening.texts(aliceState.path("published"))).containsExactly(firstTrack);

            // bob keeps hearing alice on the same track, over a whole second after her resume
            Listening.awaitTone(bob, "alice", firstTrack, HZ, reconnected.path("t").asLong(), HEAR);
            assertThat(alice.events("local_track_republished")).as("a resume keeps the tracks").isEmpty();
            assertThat(alice.events("disconnected")).isEmpty();
            assertThat(bob.events("participant_disconnected")).as("bob's view of alice's resume")
                    .hasSize(bobDisconnectsBefore);
            assertThat(bob.events("track_unsubscribed")).as("bob's view of alice's resume")
                    .hasSize(bobUnsubscribesBefore);
            timings.mark("bob hears alice after her resume");

            // --- leave{RECONNECT}: a full rejoin ---------------------------------------------------------------
            int aliceBeforeLeave = alice.mark();
            int bobBeforeLeave = bob.mark();
            testkit.faultAccepted("{\"room\":\"" + ROOM + "\",\"identity\":\"alice\",\"fault\":\"leave\","
                    + "\"action\":\"RECONNECT\",\"reason\":\"STATE_MISMATCH\"}");
            JsonNode republished = alice.await("local_track_republished", aliceBeforeLeave, RECOVER);
            String secondTrack = republished.path("track_sid").asText();
            assertThat(republished.path("previous_sid").asText()).isEqualTo(firstTrack);
            assertThat(secondTrack).startsWith("TR_").isNotEqualTo(firstTrack);
            alice.await("reconnected", aliceBeforeLeave, RECOVER);
            timings.mark("alice rejoined in full after leave{RECONNECT}");

            JsonNode afterRejoin = testkit.participant(ROOM, "alice");
            assertThat(afterRejoin.path("full_reconnects").asInt()).as("%s", afterRejoin).isEqualTo(1);
            assertThat(afterRejoin.path("joins").asInt()).as("%s", afterRejoin).isEqualTo(2);
            assertThat(afterRejoin.path("resumes").asInt()).as("%s", afterRejoin).isEqualTo(1);
            String newSid = afterRejoin.path("sid").asText();
            assertThat(newSid).as("a full rejoin is a new participant").startsWith("PA_").isNotEqualTo(aliceSid);
            assertThat(alice.ask(Map.of("cmd", "state"), "state", REPLY).path("sid").asText()).isEqualTo(newSid);

            JsonNode resubscribed = bob.await("track_subscribed", bobBeforeLeave,
                    e -> e.path("track_sid").asText().equals(secondTrack), HEAR);
            assertThat(resubscribed.path("participant").asText()).isEqualTo("alice");
            Listening.awaitTone(bob, "alice", secondTrack, HZ, resubscribed.path("t").asLong(), HEAR);
            // the testkit publishes a track when its media arrives (after the client's republish event)
            assertThat(testkit.participant(ROOM, "alice").path("published_tracks").findValuesAsText("sid"))
                    .containsExactly(secondTrack);
            timings.mark("bob hears alice's republished track");

            // data still flows after both recoveries, stamped with alice's identity
            int bobBeforeLastData = bob.mark();
            alice.ask(Map.of("cmd", "send_data", "payload", "alice is back", "topic", "greetings", "reliable", true),
                    "data_sent", REPLY);
            JsonNode back = bob.await("data_received", bobBeforeLastData,
                    e -> e.path("payload").asText().equals("alice is back"), HEAR);
            assertThat(back.path("participant").asText()).isEqualTo("alice");
            timings.mark("data after the rejoin");
            timings.print(RtcNodeInteropIT.class);
        }
    }
}
