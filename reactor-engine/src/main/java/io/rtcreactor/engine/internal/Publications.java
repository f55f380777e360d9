package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.LocalTrackPublication;
import io.rtcreactor.engine.PublishRefusedException;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.internal.rtc.LocalAudio;
import io.rtcreactor.engine.proto.AddTrackRequest;
import io.rtcreactor.engine.proto.AudioTrackFeature;
import io.rtcreactor.engine.proto.MuteTrackRequest;
import io.rtcreactor.engine.proto.RequestResponse;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.engine.proto.TrackSource;
import io.rtcreactor.engine.proto.TrackType;
import io.rtcreactor.engine.reconnect.DeadlineExceededException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Our published audio tracks. Publishing follows LiveKit's order: {@code AddTrackRequest{cid}} →
 * {@code TrackPublishedResponse{cid, track}} → the track is added to the publisher transport with {@code cid} as
 * its msid track id → the publisher renegotiates. A full reconnect publishes every track again (muted ones too);
 * the application's frames keep flowing into the new transport.
 *
 * <p>Frames are pulled at real-time pace: one frame per 10 ms tick of the session's scheduler, on one thread. A
 * producer faster than real time is held back by demand (at most one frame waits); a slower one leaves ticks
 * without a frame, which the far side hears as silence; late frames are not sent in a burst.
 */
final class Publications {

    private static final Logger LOG = LoggerFactory.getLogger(Publications.class);

    /** What publishing needs from the session. */
    interface Port {
        /** Sends a request that waits while the session recovers. */
        boolean request(SignalRequest request);

        /** Sends a request now: it is part of the recovery itself. */
        void sendNow(SignalRequest request);

        Mono<LocalAudio> addAudio(String cid, String streamId);

        Mono<Void> removeAudio(LocalAudio audio);

        void negotiatePublisher();

        void emit(RoomEvent event);

        String localSid();
    }

    private static final class Entry {
        final LocalTrackPublication publication;
        LocalAudio audio;
        TrackInfo info;
        boolean published;
        MonoSink<LocalTrackPublication> waiter;
        Disposable deadline;
        /** The application's frames, until the pump takes them (once the track is first routed). */
        Flux<AudioFrame> frames;

        Entry(LocalTrackPublication publication) {
            this.publication = publication;
        }
    }

    private static final EngineAccess.Publications ACCESS = EngineAccess.publications();

    private final Scheduler lane;
    private final Scheduler ticks;
    private final Duration publishTimeout;
    private final Port port;
    private final Map<String, Entry> byCid = new LinkedHashMap<>();
    private Runnable republished;

    Publications(Scheduler lane, Scheduler ticks, Duration publishTimeout, Port port) {
        this.lane = lane;
        this.ticks = ticks;
        this.publishTimeout = publishTimeout;
        this.port = port;
    }

    /** Starts publishing; the sink completes once the server confirmed the track and it is on the transport. */
    void publish(Flux<AudioFrame> frames, AudioPublishOptions options, LocalTrackPublication.Control control,
                 MonoSink<LocalTrackPublication> done) {
        // Unique, not secret; UUID.randomUUID() may block on the system's entropy, which the lane must never do.
        String cid = "TA_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        Entry entry = new Entry(ACCESS.create(cid, options, control));
        entry.waiter = done;
        byCid.put(cid, entry);
        // A publish given up before it completed (a .timeout(), a cancelled subscription) leaves nothing behind: no
        // pump (it never started: it starts on the route) and no track on the transport.
        done.onCancel(() -> {
            try {
                lane.schedule(() -> abandon(cid, done));
            } catch (java.util.concurrent.RejectedExecutionException ended) {
                // the session is over; finish() stopped everything
            }
        });
        entry.frames = frames;
        announce(entry, false);
    }

    /**
     * Sends the AddTrack: an application's request waits while the session recovers (F1: "queued requests sent
     * only after the PCs reconnect"); a republish is part of a full reconnect and goes out at once.
     */
    private void announce(Entry entry, boolean partOfRecovery) {
        LocalTrackPublication publication = entry.publication;
        AddTrackRequest.Builder request = AddTrackRequest.newBuilder()
                .setCid(publication.cid())
                .setName(publication.name())
                .setType(TrackType.AUDIO)
                .setSource(TrackSource.valueOf(publication.options().source().name()))
                .setMuted(publication.muted())
                .setStereo(publication.options().stereo())
                .setDisableDtx(!publication.options().dtx());
        // The deprecated flags and the features both, as LiveKit's clients send them (its server reads either).
        if (publication.options().stereo()) {
            request.addAudioFeatures(AudioTrackFeature.TF_STEREO);
        }
        if (!publication.options().dtx()) {
            request.addAudioFeatures(AudioTrackFeature.TF_NO_DTX);
        }
        SignalRequest addTrack = SignalRequest.newBuilder().setAddTrack(request).build();
        boolean queued = true;
        if (partOfRecovery) {
            port.sendNow(addTrack);
        } else {
            queued = port.request(addTrack);
        }
        if (!queued) {
            fail(entry, new io.rtcreactor.engine.QueueFullException("the signal queue is full (messages waiting for"
                    + " the session to reconnect); cannot publish " + publication.name()));
            return;
        }
        entry.deadline = lane.schedule(() -> {
            if (!entry.published) {
                fail(entry, new DeadlineExceededException("TrackPublishedResponse for " + publication.name(),
                        publishTimeout));
            }
        }, publishTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The server's answer to an AddTrack. */
    void trackPublished(TrackPublishedResponse response, Consumer<RoomEvent> events) {
        Entry entry = byCid.get(response.getCid());
        if (entry == null) {
            return;
        }
        if (!response.hasTrack() || response.getTrack().getSid().isEmpty()) {
            // LiveKit's Rust client aborts on this; we report it and wait for the deadline instead.
            events.accept(new RoomEvent.InputRejected("track_published", "TrackPublishedResponse for "
                    + response.getCid() + " has no track sid"));
            return;
        }
        entry.info = response.getTrack();
        ACCESS.published(entry.publication, entry.info.getSid());
        if (entry.deadline != null) {
            entry.deadline.dispose();
        }
        String streamId = port.localSid() + "|" + entry.info.getSid();
        port.addAudio(entry.publication.cid(), streamId).subscribe(audio -> {
            if (byCid.get(entry.publication.cid()) != entry) {
                // Given up (cancelled, unpublished) while the track was being added: take it off again.
                port.removeAudio(audio).doOnSuccess(v -> port.negotiatePublisher())
                        .subscribe(null, e -> LOG.debug("removing {}: {}", entry.publication.name(), e.toString()));
                return;
            }
            entry.audio = audio;
            ACCESS.route(entry.publication, audio);
            startPump(entry);
            entry.published = true;
            port.negotiatePublisher();
            LOG.info("published {} as {}", entry.publication.name(), entry.info.getSid());
            port.emit(new RoomEvent.LocalTrackPublished(entry.publication));
            if (entry.waiter != null) {
                entry.waiter.success(entry.publication);
                entry.waiter = null;
            }
            checkRepublished();
        }, error -> fail(entry, error));
    }

    /**
     * Starts pulling the application's frames, once: when the track is first on a transport, so that the first
     * frame of an utterance is the first sent (pulling from {@code publish()} on lost the frames before the route).
     * Each frame is checked against what the track takes; a wrong one ends the source with an error that names it.
     * The source's end, normal or not, is a {@link RoomEvent.LocalAudioEnded}.
     */
    private void startPump(Entry entry) {
        Flux<AudioFrame> frames = entry.frames;
        if (frames == null) {
            return;
        }
        entry.frames = null;
        LocalTrackPublication publication = entry.publication;
        int channels = publication.options().stereo() ? 2 : 1;
        Flux<AudioFrame> checked = frames.handle((frame, sink) -> {
            String wrong = FrameFormat.problem(frame, channels);
            if (wrong == null) {
                sink.next(frame);
            } else {
                sink.error(new IllegalArgumentException(wrong));
            }
        });
        Flux<Long> clock = Flux.interval(Duration.ofMillis(10), ticks).onBackpressureDrop();
        ACCESS.pumping(publication, Flux.zip(pair -> (AudioFrame) pair[1], 1, clock, checked)
                .subscribe(frame -> ACCESS.push(publication, frame),
                        error -> lane.schedule(() -> {
                            LOG.warn("{}: the audio source failed: {}", publication, error.toString());
                            port.emit(new RoomEvent.LocalAudioEnded(publication, error));
                        }),
                        () -> lane.schedule(() -> port.emit(new RoomEvent.LocalAudioEnded(publication, null)))));
    }

    /** Mutes or unmutes: silence is sent meanwhile; the server is told (queued during a reconnect). */
    void mute(LocalTrackPublication publication, boolean muted) {
        ACCESS.setMuted(publication, muted);
        Entry entry = byCid.get(publication.cid());
        if (entry != null && entry.info != null) {
            port.request(SignalRequest.newBuilder().setMute(MuteTrackRequest.newBuilder()
                    .setSid(entry.info.getSid()).setMuted(muted)).build());
        }
    }

    /**
     * The server's {@code mute} for one of our tracks (an administrator's): the publication follows and confirms with
     * its own MuteTrackRequest, as LiveKit's JS client does (LocalParticipant's RemoteMute handler mutes the
     * publication, whose mute is sent to the server); a track we do not know, or already in that state, is left
     * alone.
     */
    void mutedByServer(String trackSid, boolean muted) {
        for (Entry entry : byCid.values()) {
            if (entry.info != null && entry.info.getSid().equals(trackSid)
                    && entry.publication.muted() != muted) {
                LOG.info("the server {} our track {}", muted ? "muted" : "unmuted", trackSid);
                mute(entry.publication, muted);
                port.emit(new RoomEvent.LocalTrackMutedByServer(entry.publication, muted));
                return;
            }
        }
    }

    private void abandon(String cid, MonoSink<LocalTrackPublication> done) {
        Entry entry = byCid.get(cid);
        if (entry == null || entry.waiter != done) {
            return;
        }
        byCid.remove(cid);
        entry.waiter = null;
        entry.frames = null;
        LOG.info("publishing {} was cancelled before it completed; nothing is left published",
                entry.publication.name());
        release(entry).subscribe(null, e -> LOG.debug("removing {}: {}", entry.publication.name(), e.toString()));
    }

    /** Stops a track: it leaves the transport and the next offer tells the server. */
    Mono<Void> unpublish(LocalTrackPublication publication) {
        Entry entry = byCid.remove(publication.cid());
        if (entry == null) {
            return Mono.empty();
        }
        port.emit(new RoomEvent.LocalTrackUnpublished(publication));
        return release(entry);
    }

    private Mono<Void> release(Entry entry) {
        ACCESS.stop(entry.publication);
        if (entry.deadline != null) {
            entry.deadline.dispose();
        }
        if (entry.audio == null) {
            return Mono.empty();
        }
        return port.removeAudio(entry.audio).doOnSuccess(v -> port.negotiatePublisher());
    }

    /**
     * The server unpublished one of our tracks ({@code track_unpublished}; LiveKit sends it when it removes a
     * track itself: ParticipantImpl.removePublishedTrack in pkg/rtc/participant.go, e.g. after SetPermission revoked
     * publishing). The publication ends here too, leaves the transport, and SyncState stops reporting it (a resume
     * that still named it would be answered with a full reconnect).
     */
    void unpublishedByServer(String trackSid) {
        for (Entry entry : List.copyOf(byCid.values())) {
            if (entry.info != null && entry.info.getSid().equals(trackSid)) {
                byCid.remove(entry.publication.cid());
                LOG.warn("the server unpublished our track {} ({})", entry.publication.name(), trackSid);
                port.emit(new RoomEvent.LocalTrackEndedByServer(entry.publication, "unpublished by the server"));
                release(entry).subscribe(null, e -> LOG.debug("removing {}: {}", trackSid, e.toString()));
                checkRepublished();
                return;
            }
        }
    }

    /**
     * The server answered a request with an error. For an AddTrack (LiveKit's ParticipantImpl.AddTrack: NOT_ALLOWED
     * without publish permission, UNSUPPORTED_TYPE, LIMIT_EXCEEDED…) the publish fails at once with the server's
     * reason; a track being republished after a full reconnect is given up, and the application is told. QUEUED is
     * not an error (the track waits for an earlier one with the same id).
     */
    void requestAnswered(RequestResponse response) {
        RequestResponse.Reason reason = response.getReason();
        if (!response.hasAddTrack() || reason == RequestResponse.Reason.OK
                || reason == RequestResponse.Reason.QUEUED) {
            if (reason != RequestResponse.Reason.OK) {
                LOG.info("the server answered {} with {}: {}", response.getRequestCase(), reason,
                        response.getMessage());
            }
            return;
        }
        Entry entry = byCid.get(response.getAddTrack().getCid());
        if (entry == null) {
            return;
        }
        PublishRefusedException refused = new PublishRefusedException(entry.publication.name(), reason.name(),
                response.getMessage());
        if (entry.waiter == null) {
            byCid.remove(entry.publication.cid());
            LOG.warn("{}; the track is given up", refused.getMessage());
            port.emit(new RoomEvent.LocalTrackEndedByServer(entry.publication, refused.getMessage()));
            release(entry).subscribe(null, e -> LOG.debug("removing {}: {}", entry.publication.name(), e.toString()));
            checkRepublished();
        } else {
            if (entry.deadline != null) {
                entry.deadline.dispose();
            }
            fail(entry, refused);
        }
    }

    /** The transports were replaced: every track goes out again; {@code done} runs when all are back. */
    void republishAll(Runnable done) {
        this.republished = done;
        for (Entry entry : byCid.values()) {
            entry.published = false;
            entry.audio = null;
            ACCESS.route(entry.publication, null);
            announce(entry, true);
        }
        checkRepublished();
    }

    /** Our tracks as the server knows them (SyncState's {@code publish_tracks}). */
    List<TrackPublishedResponse> syncState() {
        List<TrackPublishedResponse> out = new ArrayList<>();
        for (Entry entry : byCid.values()) {
            if (entry.info != null) {
                out.add(TrackPublishedResponse.newBuilder().setCid(entry.publication.cid()).setTrack(
                        entry.info.toBuilder().setMuted(entry.publication.muted())).build());
            }
        }
        return out;
    }

    boolean any() {
        return !byCid.isEmpty();
    }

    List<LocalTrackPublication> all() {
        return byCid.values().stream().map(e -> e.publication).toList();
    }

    /** Stops every pump (the session ended). */
    void stopAll(Throwable why) {
        for (Entry entry : byCid.values()) {
            ACCESS.stop(entry.publication);
            if (entry.waiter != null) {
                entry.waiter.error(why);
            }
        }
        byCid.clear();
    }

    private void checkRepublished() {
        if (republished != null && byCid.values().stream().allMatch(e -> e.published)) {
            Runnable done = republished;
            republished = null;
            done.run();
        }
    }

    private void fail(Entry entry, Throwable error) {
        LOG.warn("publishing {} failed: {}", entry.publication.name(), error.toString());
        if (entry.waiter != null) {
            byCid.remove(entry.publication.cid());
            ACCESS.stop(entry.publication);
            entry.waiter.error(error);
            entry.waiter = null;
            checkRepublished();
        }
    }
}
