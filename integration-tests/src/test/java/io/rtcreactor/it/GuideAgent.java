package io.rtcreactor.it;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.Topics;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The complete small agent of docs/agents.md, compiled and run by {@link GuideAgentTest} so that the guide cannot
 * drift from the API. Keep the two in step.
 */
final class GuideAgent {

    private GuideAgent() {
    }

    // --- docs/agents.md: example begins ---
    static Mono<Room> start(String url, String token) {
        // 1. Create, then wire everything up, then connect: events are hot.
        Room room = Room.create(url, token, RoomOptions.defaults());

        // 2. RPC: the frontend asks, the agent answers (errors become LiveKit's error codes).
        room.localParticipant().registerRpcMethod("get_time", call ->
                Mono.just(java.time.Instant.now().toString()));

        // 3. Chat: answer every message with a streamed reply on lk.chat, to its sender only.
        room.chatMessages()
                .concatMap(message -> room.localParticipant().streamText(
                        Flux.just("You said: ", message.message()),
                        StreamOptions.topic(Topics.CHAT).withDestinations(List.of(message.senderIdentity()))))
                .subscribe();

        // 4. Phone keys from a SIP caller.
        room.events().ofType(RoomEvent.DtmfReceived.class)
                .subscribe(key -> System.out.println(key.senderIdentity() + " pressed " + key.digit()));

        // 5. Connect, tell the frontend we listen, publish audio (here: 1 s of silence, in 10 ms frames).
        return room.connect()
                .flatMap(joined -> joined.localParticipant()
                        .setAttributes(Map.of(Topics.AGENT_STATE, "listening"))
                        .then(joined.localParticipant().publishAudio(
                                Flux.range(0, 100).map(i -> AudioFrame.silence(1)),
                                AudioPublishOptions.defaults().name("agent-voice")))
                        .flatMap(track -> joined.localParticipant().publishTranscription(
                                TranscriptionSegment.of(track.sid(), "greeting", "Hello, how can I help?", true)))
                        .thenReturn(joined));
    }
    // --- docs/agents.md: example ends ---
}
