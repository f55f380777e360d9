package io.rtcreactor.engine;

import io.rtcreactor.engine.internal.EngineAccess;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * One of our published audio tracks. Its {@code sid} changes when a full reconnect publishes it again; the frames
 * the application supplies keep flowing into whichever transport is current.
 */
public final class LocalTrackPublication {

    /** The engine operations behind {@link #mute(boolean)} and {@link #unpublish()}. */
    public interface Control {
        Mono<Void> mute(LocalTrackPublication track, boolean muted);

        Mono<Void> unpublish(LocalTrackPublication track);
    }

    private final String cid;
    private final AudioPublishOptions options;
    private final Control control;
    private final AtomicLong framesSent = new AtomicLong();
    private volatile String sid = "";
    private volatile boolean muted;
    private volatile LocalAudio sink;
    private volatile Disposable pump;

    static {
        EngineAccess.install(new EngineAccess.Publications() {
            @Override
            public LocalTrackPublication create(String cid, AudioPublishOptions options, Control control) {
                return new LocalTrackPublication(cid, options, control);
            }

            @Override
            public void published(LocalTrackPublication publication, String trackSid) {
                publication.published(trackSid);
            }

            @Override
            public void setMuted(LocalTrackPublication publication, boolean muted) {
                publication.setMuted(muted);
            }

            @Override
            public void route(LocalTrackPublication publication, LocalAudio audio) {
                publication.route(audio);
            }

            @Override
            public void pumping(LocalTrackPublication publication, Disposable subscription) {
                publication.pumping(subscription);
            }

            @Override
            public void push(LocalTrackPublication publication, AudioFrame frame) {
                publication.push(frame);
            }

            @Override
            public void stop(LocalTrackPublication publication) {
                publication.stop();
            }
        });
    }

    private LocalTrackPublication(String cid, AudioPublishOptions options, Control control) {
        this.cid = cid;
        this.options = options;
        this.control = control;
        this.muted = options.muted();
    }

    /** The server's track sid ({@code TR_…}); empty until published. */
    public String sid() {
        return sid;
    }

    /** Our track id (the SDP msid track id, LiveKit's {@code cid}); new after each full reconnect. */
    public String cid() {
        return cid;
    }

    public String name() {
        return options.name();
    }

    public AudioPublishOptions options() {
        return options;
    }

    public boolean muted() {
        return muted;
    }

    /** Frames handed to WebRTC so far. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Mutes or unmutes: sends silence meanwhile and tells the server (queued during a reconnect). */
    public Mono<Void> mute(boolean value) {
        return control.mute(this, value);
    }

    /** Stops publishing. */
    public Mono<Void> unpublish() {
        return control.unpublish(this);
    }

    /** Called by the engine. */
    void published(String trackSid) {
        this.sid = trackSid;
    }

    /** Called by the engine. */
    void setMuted(boolean value) {
        this.muted = value;
    }

    /** Points the frame pump at a (new) transport track. Called by the engine. */
    void route(LocalAudio audio) {
        this.sink = audio;
    }

    /** Called by the engine with the subscription that pumps frames. */
    void pumping(Disposable subscription) {
        this.pump = subscription;
    }

    /** Hands one frame to the current transport; called on the pump's single thread. */
    void push(AudioFrame frame) {
        LocalAudio target = sink;
        if (target == null) {
            return;
        }
        target.push(muted ? AudioFrame.wrap(new byte[frame.pcm().length], frame.sampleRate(), frame.channels())
                : frame);
        framesSent.incrementAndGet();
    }

    /** Stops the pump. Called by the engine. */
    void stop() {
        Disposable current = pump;
        if (current != null) {
            current.dispose();
        }
        sink = null;
    }

    @Override
    public String toString() {
        return "LocalTrackPublication{" + options.name() + ", sid=" + sid + ", cid=" + cid + "}";
    }
}
