package io.rtcreactor.engine;

import java.util.Optional;

/**
 * A track a participant publishes, as the server describes it, with its audio where we subscribed to it.
 *
 * @param sid             the server's track id ({@code TR_…})
 * @param name            the publisher's name for it
 * @param kind            audio, video or data
 * @param source          microphone, camera, screen share… (LiveKit's TrackSource name)
 * @param muted           whether the publisher muted it
 * @param subscribedAudio the track's audio, in a {@link Room#remoteParticipants()} snapshot taken while we are
 *                        subscribed to it; {@code null} otherwise (and in events, which have their own track)
 */
public record TrackPublication(String sid, String name, Kind kind, String source, boolean muted,
                               RemoteAudioTrack subscribedAudio) {

    /** What a track carries. */
    public enum Kind { AUDIO, VIDEO, DATA }

    /** A publication as the server describes it, without audio at hand. */
    public TrackPublication(String sid, String name, Kind kind, String source, boolean muted) {
        this(sid, name, kind, source, muted, null);
    }

    /**
     * The track's audio if we are subscribed to it: what a listener that came after the
     * {@link RoomEvent.TrackSubscribed} needs to hear the caller (its frames survive resumes).
     */
    public Optional<RemoteAudioTrack> audioTrack() {
        return Optional.ofNullable(subscribedAudio);
    }

    /** This publication with {@code audio} at hand. */
    public TrackPublication withAudio(RemoteAudioTrack audio) {
        return new TrackPublication(sid, name, kind, source, muted, audio);
    }
}
