package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.Mode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineAndEventTextTest {

    @Test
    void oneStampedLinePerEventInOrderWithTheSpeakerWhenThereAreSeveral() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Scheduler output = AgentSchedulers.newOutput();
        try {
            Timeline timeline = Timeline.to(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                    Clock.fixed(Instant.parse("2026-01-01T12:00:01.234Z"), ZoneOffset.UTC), output);
            timeline.line(EventText.of(new RoomEvent.Reconnected(Mode.RESUME, Duration.ofMillis(812))));
            timeline.as("caller").line(EventText.of(new RoomEvent.Disconnected(DisconnectReason.CLIENT_INITIATED,
                    null)));
            timeline.drained().block(Duration.ofSeconds(5));
        } finally {
            output.dispose();
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines()).containsExactly(
                "12:00:01.234 reconnected RESUME in 812 ms",
                "12:00:01.234 caller  disconnected reason=CLIENT_INITIATED");
    }

    @Test
    void anErrorIsItsTypeMessageAndFirstCause() {
        Exception error = new IllegalStateException("resume failed", new java.io.IOException("socket closed"));
        assertThat(EventText.message(error))
                .isEqualTo("IllegalStateException: resume failed (caused by IOException: socket closed)");
    }

    @Test
    void legacyChatAndTranscriptionPacketsAreNamedWithoutTheirText() {
        assertThat(EventText.of(new RoomEvent.ChatMessageReceived(new io.rtcreactor.engine.stream.ChatMessage("c1",
                Instant.EPOCH, "hello", "caller", false, false, true))))
                .isEqualTo("chat from caller (legacy packet): 5 chars");
        assertThat(EventText.of(new RoomEvent.TranscriptionReceived(java.util.List.of(
                io.rtcreactor.engine.stream.TranscriptionSegment.of("TR_1", "s1", "hi", true)))))
                .isEqualTo("transcription (legacy packet): 1 segment(s)");
    }
}
