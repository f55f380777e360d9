package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.Session;
import java.util.List;
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

    /** Our published tracks. */
    public List<LocalTrackPublication> tracks() {
        return session.localTracks();
    }
}
