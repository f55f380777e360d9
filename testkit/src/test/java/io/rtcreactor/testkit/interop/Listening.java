package io.rtcreactor.testkit.interop;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.testing.NodeParticipant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * "Does this participant hear that tone?", asked of LiveKit's own clients through their line protocol
 * ({@code interop/README.md}), by polling their audio reports until the answer is yes or a bound expires. Audio
 * is judged by voiced frames and the dominant frequency, never by frames alone: WebRTC keeps delivering silent
 * frames while a track is subscribed even when nothing arrives.
 */
final class Listening {

    /** Between two audio reports: a report covers the last second, so four per second miss nothing. */
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration REPLY = Duration.ofSeconds(10);

    /**
     * A tone heard by an rtc-node participant: at least this many of the last second's 100 frames above the
     * voiced threshold (about -40 dBFS). A 0.3-amplitude tone that flows gives ~100; 60 leaves room for the jitter
     * buffer's start and a loaded machine, and still means the tone fills most of the second.
     */
    static final int VOICED_FRAMES = 60;

    /** The freshest frame must be this recent: frames keep arriving every 10 ms while audio flows. */
    static final long FRESH_FRAME_MS = 200;

    private Listening() {
    }

    /**
     * Polls {@code listener}'s {@code audio_report} (rtc-node) until its entry for {@code trackSid} carries
     * {@code hz} from {@code publisher} over a whole second measured after {@code notBeforeMillis} (node's clock:
     * the {@code t} of an earlier event), and returns that entry.
     */
    static JsonNode awaitTone(NodeParticipant listener, String publisher, String trackSid, int hz,
                              long notBeforeMillis, Duration bound) {
        AtomicReference<JsonNode> heard = new AtomicReference<>();
        await("an rtc-node listener hears " + hz + " Hz from " + publisher + " on " + trackSid)
                .atMost(bound).pollDelay(Duration.ZERO).pollInterval(POLL)
                .untilAsserted(() -> {
                    JsonNode report = listener.ask(Map.of("cmd", "audio_report"), "audio_report", REPLY);
                    JsonNode track = track(report.path("tracks"), trackSid);
                    assertThat(track).as("an audio_report entry for %s in %s", trackSid, report).isNotNull();
                    // the report's window is the second before it was made: it must lie wholly after notBefore
                    assertThat(report.path("t").asLong() - 1000).as("report window start vs. %s", notBeforeMillis)
                            .isGreaterThanOrEqualTo(notBeforeMillis);
                    assertThat(track.path("participant").asText()).as("publisher in %s", track).isEqualTo(publisher);
                    assertThat(track.path("voiced_frames").asInt()).as("voiced frames in %s", track)
                            .isGreaterThanOrEqualTo(VOICED_FRAMES);
                    assertThat(track.path("dominant_hz").isNumber()).as("dominant_hz in %s", track).isTrue();
                    assertThat(track.path("dominant_hz").asInt()).as("dominant_hz in %s", track).isEqualTo(hz);
                    assertThat(track.path("last_frame_age_ms").asLong()).as("last frame age in %s", track)
                            .isBetween(0L, FRESH_FRAME_MS);
                    heard.set(track);
                });
        return heard.get();
    }

    /**
     * Polls a browser participant's {@code report} until its entry for {@code trackSid} shows the subscription
     * with audio energy, mostly voiced slices and {@code hz} dominant, and returns that entry.
     */
    static JsonNode awaitBrowserTone(NodeParticipant browser, String publisher, String trackSid, int hz,
                                     Duration bound) {
        AtomicReference<JsonNode> heard = new AtomicReference<>();
        await("the browser hears " + hz + " Hz from " + publisher + " on " + trackSid)
                .atMost(bound).pollDelay(Duration.ZERO).pollInterval(POLL)
                .untilAsserted(() -> {
                    JsonNode report = browser.ask(Map.of("cmd", "report"), "report", REPLY);
                    JsonNode track = track(report.path("tracks"), trackSid);
                    assertThat(track).as("a report entry for %s in %s", trackSid, report).isNotNull();
                    assertThat(track.path("participant").asText()).as("publisher in %s", track).isEqualTo(publisher);
                    assertThat(track.path("subscribed").asBoolean()).as("subscribed in %s", track).isTrue();
                    // a 0.3-amplitude sine has an rms of ~0.21; Opus and WebAudio keep most of it
                    assertThat(track.path("energy").asDouble()).as("energy in %s", track).isGreaterThan(0.05);
                    assertThat(track.path("voiced_slices").asInt()).as("voiced 100 ms slices in %s", track)
                            .isGreaterThanOrEqualTo(8);
                    assertThat(track.path("dominant_hz").asInt()).as("dominant_hz in %s", track).isEqualTo(hz);
                    heard.set(track);
                });
        return heard.get();
    }

    /** The text of each element of a JSON array. */
    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static JsonNode track(JsonNode tracks, String trackSid) {
        for (JsonNode track : tracks) {
            if (trackSid.equals(track.path("track_sid").asText())) {
                return track;
            }
        }
        return null;
    }
}
