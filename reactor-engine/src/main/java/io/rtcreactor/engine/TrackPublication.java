package io.rtcreactor.engine;

/**
 * A track a participant publishes, as the server describes it.
 *
 * @param sid    the server's track id ({@code TR_…})
 * @param name   the publisher's name for it
 * @param kind   audio, video or data
 * @param source microphone, camera, screen share… (LiveKit's TrackSource name)
 * @param muted  whether the publisher muted it
 */
public record TrackPublication(String sid, String name, Kind kind, String source, boolean muted) {

    /** What a track carries. */
    public enum Kind { AUDIO, VIDEO, DATA }
}
