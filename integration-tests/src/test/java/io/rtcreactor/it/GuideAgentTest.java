package io.rtcreactor.it;

import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.TextStream;
import io.rtcreactor.engine.stream.Topics;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.token.VideoGrant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** docs/agents.md's example agent, run against the testkit with an engine session as its frontend. */
@Timeout(120)
class GuideAgentTest {

    @Test
    void theGuidesAgentAnswersRpcChatsAndPublishesItsStateAndATranscription() {
        NetworkNamespace.requireIsolated();
        try (Harness harness = new Harness()) {
            Harness.Recorded frontend = harness.join("guide", "frontend");
            List<TextStream> replies = new CopyOnWriteArrayList<>();
            frontend.room.registerTextStreamHandler(Topics.CHAT, replies::add);
            List<TranscriptionSegment> transcript = new CopyOnWriteArrayList<>();
            harness.keep(frontend.room.transcriptions().subscribe(transcript::add));

            Room agent = GuideAgent.start(harness.server.url(), harness.server.token("agent",
                    VideoGrant.builder().room("guide").roomJoin(true).canUpdateOwnMetadata(true).agent(true).build()))
                    .block(Harness.WAIT);
            try {
                String time = frontend.room.localParticipant().performRpc("agent", "get_time", "",
                        Duration.ofSeconds(10)).block(Harness.WAIT);
                assertThat(Instant.parse(time)).isBefore(Instant.now().plusSeconds(1));

                frontend.room.localParticipant().sendChatMessage("hello agent", StreamOptions.defaults())
                        .block(Harness.WAIT);
                await().atMost(Harness.WAIT).until(() -> !replies.isEmpty());
                assertThat(replies.get(0).readAll().block(Harness.WAIT)).isEqualTo("You said: hello agent");

                await().atMost(Harness.WAIT).until(() -> frontend.room.remoteParticipants().containsKey("agent")
                        && "listening".equals(frontend.room.remoteParticipants().get("agent").attributes()
                        .get(Topics.AGENT_STATE)));
                await().atMost(Harness.WAIT).until(() -> !transcript.isEmpty());
                assertThat(transcript.get(0).text()).isEqualTo("Hello, how can I help?");
                assertThat(transcript.get(0).participantIdentity()).isEqualTo("agent");
                assertThat(transcript.get(0).isFinal()).isTrue();
                assertThat(transcript.get(0).trackSid()).startsWith("TR_");
            } finally {
                agent.disconnect().block(Harness.WAIT);
            }
        }
    }
}
