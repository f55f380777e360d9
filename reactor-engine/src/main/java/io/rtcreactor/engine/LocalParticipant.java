package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.EngineSchedulers;
import io.rtcreactor.engine.internal.LegacyText;
import io.rtcreactor.engine.internal.Session;
import io.rtcreactor.engine.internal.SystemClock;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.SipDTMF;
import io.rtcreactor.engine.proto.UpdateParticipantMetadata;
import io.rtcreactor.engine.stream.ChatMessage;
import io.rtcreactor.engine.stream.StreamBrokenException;
import io.rtcreactor.engine.stream.StreamInfo;
import io.rtcreactor.engine.stream.StreamOptions;
import io.rtcreactor.engine.stream.Topics;
import io.rtcreactor.engine.stream.TranscriptionSegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** This side of the room: what we publish. */
public final class LocalParticipant {

    private final Session session;

    LocalParticipant(Session session) {
        this.session = session;
    }

    public String identity() {
        return session.identity();
    }

    /**
     * What the server allows us, as it last said (the JoinResponse, then any change an administrator made,
     * announced as {@link RoomEvent.PermissionsChanged}); {@link ParticipantPermissions#UNKNOWN} before the join.
     */
    public ParticipantPermissions permissions() {
        return session.permissions();
    }

    /** Our participant sid; a new one after a full reconnect. */
    public String sid() {
        return session.localSid();
    }

    /**
     * Publishes an audio track fed by {@code frames}: 10 ms frames of 16-bit PCM at 48 kHz, mono (or interleaved
     * stereo with {@link AudioPublishOptions#stereo(boolean)}). Frames are taken at real-time pace, one per 10 ms:
     * a faster producer is slowed by demand, a slower one leaves gaps of silence. Completes once the server has
     * confirmed the track. During a reconnect the request waits and is sent once the session has recovered.
     *
     * <p>{@code frames} is subscribed once the track is on the transport, so an utterance loses nothing at its start.
     * When it completes, or fails, a {@link RoomEvent.LocalAudioEnded} says so; the track stays published and carries
     * nothing until unpublished. A frame in another format (another rate, length or channel count) fails the source
     * with an {@link IllegalArgumentException} naming both formats: nothing is resampled. Cancelling the returned
     * {@code Mono} before it completed (a {@code timeout()}) gives the publish up: no frame is pulled, no track stays.
     */
    public Mono<LocalTrackPublication> publishAudio(Flux<AudioFrame> frames, AudioPublishOptions options) {
        return session.publishAudio(frames, options);
    }

    /**
     * Sets attributes of this participant, seen by everyone in the room (LiveKit's agents publish their state as
     * {@code lk.agent.state}). Only the keys given change; an empty value removes a key. Completes when the server
     * accepted the change; fails with {@link UpdateRefusedException} when it refuses (the token needs
     * {@code canUpdateOwnMetadata}). During a reconnect the request waits and is sent once the session recovered.
     */
    public Mono<Void> setAttributes(Map<String, String> attributes) {
        return session.updateMetadata(UpdateParticipantMetadata.newBuilder().putAllAttributes(attributes));
    }

    /** Sets this participant's metadata (non-empty); as {@link #setAttributes}. */
    public Mono<Void> setMetadata(String metadata) {
        return session.updateMetadata(UpdateParticipantMetadata.newBuilder().setMetadata(metadata));
    }

    /** Sets this participant's display name (non-empty); as {@link #setAttributes}. */
    public Mono<Void> setName(String name) {
        return session.updateMetadata(UpdateParticipantMetadata.newBuilder().setName(name));
    }

    /**
     * Sends a DTMF tone to the room as LiveKit's SDKs do ({@code publishDtmf}: a reliable {@code sip_dtmf} data
     * packet; LiveKit's SIP bridge plays it to a phone caller). {@code code} is the RFC 4733 event code and
     * {@code digit} its character: 0–9 for {@code "0"}–{@code "9"}, 10 {@code "*"}, 11 {@code "#"}, 12–15
     * {@code "A"}–{@code "D"}. Reliable like {@link Room#publishData}: numbered, re-sent after a resume, waiting
     * during a reconnect. Completes once handed to the data channel.
     *
     * @throws IllegalArgumentException if {@code code} and {@code digit} are not such a pair
     */
    public Mono<Void> publishDtmf(int code, String digit) {
        Dtmf.check(code, digit);
        return session.publishReliable(DataPacket.newBuilder()
                .setSipDtmf(SipDTMF.newBuilder().setCode(code).setDigit(digit)));
    }

    /**
     * Serves the RPC method {@code method} (LiveKit's {@code registerRpcMethod}): every call from another participant
     * runs {@code handler}, whose value is the response (at most 15 KiB to a caller on RPC version 1; no limit to one
     * that announced RPC over data streams, as this engine and LiveKit's current clients do). Failing with an {@link RpcException} sends
     * its code, message and data; any other error reaches the caller as APPLICATION_ERROR (1500). A handler that does
     * not answer within the caller's timeout is cancelled and the caller gets RESPONSE_TIMEOUT. Handlers run on the
     * session's lane: return a {@code Mono} that does its work elsewhere, never block. Registering again replaces
     * the handler; may be called before {@code connect()}.
     */
    public void registerRpcMethod(String method, Function<RpcInvocation, Mono<String>> handler) {
        session.registerRpcMethod(Objects.requireNonNull(method, "method"), Objects.requireNonNull(handler, "handler"));
    }

    /** Stops serving {@code method}; later calls are answered UNSUPPORTED_METHOD (1400). */
    public void unregisterRpcMethod(String method) {
        session.unregisterRpcMethod(method);
    }

    /**
     * Calls {@code method} on the participant {@code destination} with {@code payload} (at most 15 KiB unless the
     * destination announced RPC over data streams, {@code client_protocol} ≥ 1: then a text stream carries it) and
     * gives its
     * response; fails with an {@link RpcException}: the destination's own error, UNSUPPORTED_METHOD, or
     * CONNECTION_TIMEOUT (no acknowledgement within 7 s), RESPONSE_TIMEOUT (none within {@code timeout}),
     * RECIPIENT_DISCONNECTED, REQUEST_PAYLOAD_TOO_LARGE. LiveKit's wire format: version 2 (text streams) toward
     * participants that announced it, version 1 ({@code rpc_request} packets) toward the others, so any LiveKit SDK
     * can serve it. Cancelling the {@code Mono} forgets the call.
     */
    public Mono<String> performRpc(String destination, String method, String payload, Duration timeout) {
        return session.performRpc(destination, method, payload == null ? "" : payload, timeout);
    }

    /** As {@link #performRpc(String, String, String, Duration)} with LiveKit's default timeout, 15 s. */
    public Mono<String> performRpc(String destination, String method, String payload) {
        return performRpc(destination, method, payload, Duration.ofSeconds(15));
    }

    /**
     * Sends {@code text} as one text stream (LiveKit's {@code sendText}): a header announcing its length, chunks of at
     * most 15 000 bytes cut between characters, a trailer. Every packet is reliable: numbered, re-sent after a
     * resume, waiting during a reconnect. Completes with the stream's info once the trailer is handed to the data
     * channel; fails with a {@link StreamBrokenException} if the session reconnects fully meanwhile (the receivers
     * lost the start; send it again).
     */
    public Mono<StreamInfo> sendText(String text, StreamOptions options) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return session.sendTextStream(Flux.just(text), options, OptionalLong.of(utf8.length));
    }

    /**
     * Sends the strings of {@code text} as one text stream as they come (LiveKit's {@code streamText}: a language
     * model's tokens, a transcript), each cut into chunks as {@link #sendText}. The source is read with backpressure:
     * one chunk at a time, none while the data channel has more than 256 KiB unsent. The stream ends when the source
     * completes; a source that fails, or cancelling the returned {@code Mono}, ends it with a trailer saying why,
     * which receivers report as an aborted stream.
     */
    public Mono<StreamInfo> streamText(Flux<String> text, StreamOptions options) {
        return session.sendTextStream(text, options, OptionalLong.empty());
    }

    /** Sends {@code bytes} as one byte stream (LiveKit's {@code sendBytes}), chunked and reliable as {@link #sendText}. */
    public Mono<StreamInfo> sendBytes(byte[] bytes, StreamOptions options) {
        byte[] copy = bytes.clone();
        return session.sendByteStream(Flux.just(copy), options, OptionalLong.of(copy.length), "unknown");
    }

    /** Sends the byte arrays of {@code bytes} as one byte stream as they come; as {@link #streamText}. */
    public Mono<StreamInfo> streamBytes(Flux<byte[]> bytes, StreamOptions options) {
        return session.sendByteStream(bytes, options, OptionalLong.empty(), "unknown");
    }

    /**
     * Sends the file at {@code path} as one byte stream named after the file (LiveKit's {@code sendFile}), read in
     * 15 000-byte pieces on Reactor's boundedElastic scheduler as the channel takes them, never whole in memory. The
     * header announces the file's size; a file that changes size meanwhile fails the stream.
     */
    public Mono<StreamInfo> sendFile(Path path, StreamOptions options) {
        return Mono.fromCallable(() -> Files.size(path))
                .subscribeOn(EngineSchedulers.blockingWork())
                .flatMap(size -> session.sendByteStream(FileChunks.read(path), options, OptionalLong.of(size),
                        path.getFileName().toString()));
    }

    /**
     * Sends a chat message as LiveKit's frontends send and read them today (a text stream on {@code lk.chat}, what
     * the components' {@code useChat} shows); everyone in the room unless {@code options} names destinations (its
     * topic is ignored). Completes with the message as sent.
     */
    public Mono<ChatMessage> sendChatMessage(String text, StreamOptions options) {
        return sendText(text, options.withTopic(Topics.CHAT)).map(info -> new ChatMessage(info.id(), info.timestamp(),
                text, info.senderIdentity(), false, false, false));
    }

    /** As {@link #sendChatMessage(String, StreamOptions)} to everyone. */
    public Mono<ChatMessage> sendChatMessage(String text) {
        return sendChatMessage(text, StreamOptions.defaults());
    }

    /**
     * Sends a chat message as a legacy {@code chat_message} packet (LiveKit's deprecated {@code sendChatMessage}), for
     * frontends older than text streams; reliable like {@link #publishDtmf}. Current frontends read both kinds, so
     * send one or the other, not both.
     */
    public Mono<ChatMessage> sendLegacyChatMessage(String text) {
        DataPacket.Builder packet = LegacyText.chatPacket(text, SystemClock.utc().instant());
        io.rtcreactor.engine.proto.ChatMessage sent = packet.getChatMessage();
        return session.publishReliable(packet).thenReturn(new ChatMessage(sent.getId(),
                java.time.Instant.ofEpochMilli(sent.getTimestamp()), text, identity(), false, false, true));
    }

    /**
     * Publishes a transcription segment as LiveKit's agents do: a text stream on {@code lk.transcription} with the
     * attributes {@code lk.transcribed_track_id}, {@code lk.segment_id} and {@code lk.transcription_final}, read by
     * the components' {@code useTranscriptions}. Send a segment again with the same id as it is refined, the last
     * time final.
     */
    public Mono<StreamInfo> publishTranscription(TranscriptionSegment segment) {
        return sendText(segment.text(), StreamOptions.topic(Topics.TRANSCRIPTION).withAttributes(Map.of(
                Topics.TRANSCRIBED_TRACK_ID, segment.trackSid(), Topics.SEGMENT_ID, segment.id(),
                Topics.TRANSCRIPTION_FINAL, Boolean.toString(segment.isFinal()))));
    }

    /**
     * Streams one transcription segment as its text comes (a language model's or a speech recogniser's output), as
     * LiveKit's agents stream their speech's transcript: marked not final in the header, final in the trailer once
     * {@code text} completes. Backpressured as {@link #streamText}.
     */
    public Mono<StreamInfo> streamTranscription(String trackSid, String segmentId, Flux<String> text) {
        return session.sendTextStream(text, StreamOptions.topic(Topics.TRANSCRIPTION).withAttributes(Map.of(
                        Topics.TRANSCRIBED_TRACK_ID, trackSid, Topics.SEGMENT_ID, segmentId,
                        Topics.TRANSCRIPTION_FINAL, "false")), OptionalLong.empty(),
                Map.of(Topics.TRANSCRIPTION_FINAL, "true"));
    }

    /** Our published tracks. */
    public List<LocalTrackPublication> tracks() {
        return session.localTracks();
    }
}
