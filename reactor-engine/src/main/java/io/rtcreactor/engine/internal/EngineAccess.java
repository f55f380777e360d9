package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * How the engine reaches what the API types keep from their users: creating them and driving their state (a
 * publication's sid, route and pump; a remote track's feed). Those members are package-private in
 * {@code io.rtcreactor.engine}; each API class hands its operations over here once, from its static initializer,
 * so applications see only what they may use. Not an API: nothing outside the engine calls it.
 */
public final class EngineAccess {

    /** A publication's engine-side operations. */
    public interface Publications {
        LocalTrackPublication create(String cid, AudioPublishOptions options, LocalTrackPublication.Control control);

        void published(LocalTrackPublication publication, String trackSid);

        void setMuted(LocalTrackPublication publication, boolean muted);

        void route(LocalTrackPublication publication, LocalAudio audio);

        void pumping(LocalTrackPublication publication, Disposable pump);

        void push(LocalTrackPublication publication, AudioFrame frame);

        void stop(LocalTrackPublication publication);
    }

    /** A remote track's engine-side operations. */
    public interface Tracks {
        RemoteAudioTrack create(String sid, String participantSid, String participantIdentity, int bufferFrames,
                                Scheduler callbacks, Runnable onDrop);

        void attach(RemoteAudioTrack track, RemoteAudio audio);

        void detach(RemoteAudioTrack track);

        void end(RemoteAudioTrack track);
    }

    private static volatile Publications publications;
    private static volatile Tracks tracks;

    private EngineAccess() {
    }

    /** Called once, by {@link LocalTrackPublication}'s static initializer. */
    public static void install(Publications operations) {
        if (publications != null) {
            throw new IllegalStateException("publication operations are installed already");
        }
        publications = operations;
    }

    /** Called once, by {@link RemoteAudioTrack}'s static initializer. */
    public static void install(Tracks operations) {
        if (tracks != null) {
            throw new IllegalStateException("track operations are installed already");
        }
        tracks = operations;
    }

    static Publications publications() {
        initialize(LocalTrackPublication.class);
        return publications;
    }

    static Tracks tracks() {
        initialize(RemoteAudioTrack.class);
        return tracks;
    }

    private static void initialize(Class<?> type) {
        try {
            Class.forName(type.getName(), true, type.getClassLoader());
        } catch (ClassNotFoundException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
