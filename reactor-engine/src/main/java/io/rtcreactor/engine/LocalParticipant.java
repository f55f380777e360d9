package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.Session;
import io.rtcreactor.engine.proto.UpdateParticipantMetadata;
import java.util.List;
import java.util.Map;
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

    /** Our participant sid; a new one after a full reconnect. */
    public String sid() {
        return session.localSid();
    }

    /**
     * Publishes an audio track fed by {@code frames}: 10 ms frames of 16-bit PCM at 48 kHz, mono (or interleaved
     * stereo with {@link AudioPublishOptions#stereo(boolean)}). Frames are taken at real-time pace, one per 10 ms:
     * a faster producer is slowed by demand, a slower one leaves gaps of silence. Completes once the server has
     * confirmed the track. During a reconnect the request waits and is sent once the session has recovered.
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

    /** Our published tracks. */
    public List<LocalTrackPublication> tracks() {
        return session.localTracks();
    }
}
