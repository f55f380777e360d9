package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof of fidelity 2 (the Testkit issue): LiveKit's browser SDK ({@code livekit-client} 2.23.0 in headless
 * Chromium, driven through {@code interop/browser-participant.mjs}) in one room with LiveKit's Rust engine
 * ({@code @livekit/rtc-node}), both against the standalone testkit jar. The browser subscribes to the Rust
 * participant's 440 Hz tone and measures it with WebAudio (energy and dominant frequency), sends data the Rust
 * participant receives with the browser's identity, and receives data the Rust participant sends.
 */
class BrowserInteropIT {

    private static final String ROOM = "interop-browser";
    private static final int HZ = 440;
    /** Chromium's start and the page's module load come on top of the join. */
    private static final Duration JOIN = Duration.ofSeconds(60);
    private static final Duration REPLY = Duration.ofSeconds(30);
    private static final Duration HEAR = Duration.ofSeconds(30);

    @Test
    void chromiumRunningLiveKitsBrowserSdkHearsAndExchangesDataWithTheRustClient() {
        NetworkNamespace.requireIsolated();
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(Files.isExecutable(chromium))
                .as("Chromium at %s (Debian package 'chromium'; .ci/run installs it)", chromium).isTrue();
        long started = System.nanoTime();
        try (StandaloneTestkit testkit = StandaloneTestkit.start();
             NodeParticipant rust = NodeParticipant.rtcNode("rust", testkit.url(), testkit.token(ROOM, "rust-tone"))) {
            Timings timings = new Timings(started);
            JsonNode rustJoined = rust.await("connected", 0, JOIN);
            assertThat(rustJoined.path("identity").asText()).isEqualTo("rust-tone");
            JsonNode published = rust.ask(Map.of("cmd", "publish_tone", "hz", HZ, "amplitude", 0.3, "name", "tone"),
                    "published", REPLY);
            String toneTrack = published.path("track_sid").asText();
            assertThat(toneTrack).startsWith("TR_");
            timings.mark("rtc-node joined and published");

            try (NodeParticipant browser = NodeParticipant.browser("browser", testkit.url(),
                    testkit.token(ROOM, "chromium"))) {
                JsonNode browserJoined = browser.await("connected", 0, JOIN);
                assertThat(browserJoined.path("identity").asText()).isEqualTo("chromium");
                assertThat(browserJoined.path("sid").asText()).startsWith("PA_");
                assertThat(browserJoined.path("room").asText()).isEqualTo(ROOM);
                assertThat(Listening.texts(browserJoined.path("remotes"))).contains("rust-tone");
                rust.await("participant_connected", 0, e -> e.path("identity").asText().equals("chromium"), REPLY);
                timings.mark("Chromium joined");

                // the subscription, with the tone's energy and frequency measured by WebAudio in the page
                JsonNode subscribed = browser.await("track_subscribed", 0,
                        e -> e.path("track_sid").asText().equals(toneTrack), HEAR);
                assertThat(subscribed.path("participant").asText()).isEqualTo("rust-tone");
                assertThat(subscribed.path("kind").asText()).isEqualTo("audio");
                JsonNode heard = Listening.awaitBrowserTone(browser, "rust-tone", toneTrack, HZ, HEAR);
                timings.mark("Chromium hears the tone: " + heard);

                // browser → rtc-node, reliable, with a topic; stamped with the browser's identity
                int rustBefore = rust.mark();
                browser.ask(Map.of("cmd", "send_data", "payload", "hello from chromium", "topic", "from-browser",
                        "reliable", true), "data_sent", REPLY);
                JsonNode atRust = rust.await("data_received", rustBefore,
                        e -> e.path("payload").asText().equals("hello from chromium"), REPLY);
                assertThat(atRust.path("participant").asText()).isEqualTo("chromium");
                assertThat(atRust.path("topic").asText()).isEqualTo("from-browser");
                assertThat(atRust.path("kind").asText()).isEqualTo("reliable");
                timings.mark("rtc-node got the browser's data");

                // rtc-node → browser, reliable, with a topic; stamped with the Rust participant's identity
                int browserBefore = browser.mark();
                rust.ask(Map.of("cmd", "send_data", "payload", "hello from rust", "topic", "from-rust",
                        "reliable", true), "data_sent", REPLY);
                JsonNode atBrowser = browser.await("data_received", browserBefore,
                        e -> e.path("payload").asText().equals("hello from rust"), REPLY);
                assertThat(atBrowser.path("from").asText()).isEqualTo("rust-tone");
                assertThat(atBrowser.path("topic").asText()).isEqualTo("from-rust");
                assertThat(atBrowser.path("kind").asText()).isEqualTo("reliable");
                JsonNode report = browser.ask(Map.of("cmd", "report"), "report", REPLY);
                assertThat(report.path("data_received").findValuesAsText("payload")).containsExactly("hello from rust");
                assertThat(Listening.texts(report.path("errors"))).as("errors the page recorded").isEmpty();
                timings.mark("the browser got rtc-node's data");

                JsonNode state = testkit.room(ROOM);
                assertThat(state.path("participants").findValuesAsText("identity"))
                        .containsExactlyInAnyOrder("rust-tone", "chromium");
                JsonNode chromiumState = testkit.participant(ROOM, "chromium");
                assertThat(chromiumState.path("state").asText()).isEqualTo("ACTIVE");
                assertThat(chromiumState.path("audio_frames_forwarded").asLong()).isPositive();
                assertThat(chromiumState.path("reliable_packets_received").asLong()).isEqualTo(1);
            }
            timings.mark("Chromium left");
            timings.print(BrowserInteropIT.class);
        }
    }
}
