package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.Session;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.SipDTMF;
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

    /** Our published tracks. */
    public List<LocalTrackPublication> tracks() {
        return session.localTracks();
    }
}
