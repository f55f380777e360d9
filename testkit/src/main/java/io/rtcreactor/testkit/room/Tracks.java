package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.testkit.media.AudioForwarder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publication and subscription, in LiveKit's order: a track is published when its media reaches the server;
 * then the others get a ParticipantUpdate carrying its TrackInfo, and only then a renegotiation offer with the
 * downtrack (LiveKit's Rust client ignores a track announced by an offer alone). Lane-confined.
 */
final class Tracks {

    private static final Logger LOG = LoggerFactory.getLogger(Tracks.class);

    private final ServerContext context;

    Tracks(ServerContext context) {
        this.context = context;
    }

    /**
     * The publisher's media for a track arrived: publish it and subscribe everyone who wants it. {@code audio} is
     * null for video, which is published without forwarding.
     */
    void mediaArrived(Participant publisher, String mid, String cid, RemoteAudio audio) {
        TrackInfo pending = publisher.pendingTracks.remove(cid);
        if (pending == null) {
            LOG.info("{}: media for unannounced track id {} (no AddTrack); not published", publisher, cid);
            return;
        }
        TrackInfo track = pending.toBuilder().setMid(mid == null ? "" : mid).build();
        publisher.publishedTracks.put(track.getSid(), track);
        publisher.cidBySid.put(track.getSid(), cid);
        if (audio != null) {
            AudioForwarder forwarder = new AudioForwarder(track.getSid(), audio, context.audioPump(),
                    publisher.record::audioFrameReceived);
            publisher.room.forwarders().put(track.getSid(), forwarder);
            forwarder.start();
        }
        // The testkit forwards audio only: a video track is published and can be subscribed to, but no downtrack
        // carries it (docs/protocol.md, differences).
        LOG.info("{} published {} ({}{})", publisher, track.getSid(), track.getName(),
                audio == null ? ", video: not forwarded" : "");
        publisher.changed();
        for (Participant other : List.copyOf(publisher.room.participants())) {
            if (other != publisher && other.autoSubscribe() && other.canSubscribe()) {
                other.subscribedTracks.add(track.getSid());
                subscribe(other, publisher, track, true);
            }
        }
    }

    /** Tracks the client stopped sending in its latest offer are unpublished. */
    void stillSending(Participant publisher, java.util.Set<String> sendingTrackIds) {
        for (String trackSid : List.copyOf(publisher.publishedTracks.keySet())) {
            String cid = publisher.cidBySid.get(trackSid);
            if (cid != null && !sendingTrackIds.contains(cid)) {
                unpublish(publisher, trackSid);
            }
        }
    }

    void unpublish(Participant publisher, String trackSid) {
        if (publisher.publishedTracks.remove(trackSid) == null) {
            return;
        }
        publisher.cidBySid.remove(trackSid);
        AudioForwarder forwarder = publisher.room.forwarders().remove(trackSid);
        if (forwarder != null) {
            forwarder.stop();
        }
        LOG.info("{} unpublished {}", publisher, trackSid);
        publisher.changed();
        for (Participant other : publisher.room.participants()) {
            if (other != publisher && other.media.removeDowntrack(trackSid) != null) {
                other.media.negotiateSubscriber(false);
            }
        }
    }

    /** Adds {@code track} of {@code publisher} to {@code subscriber}'s subscriber PC. */
    void subscribe(Participant subscriber, Participant publisher, TrackInfo track, boolean renegotiate) {
        AudioForwarder forwarder = publisher.room.forwarders().get(track.getSid());
        // One downtrack per subscribed track, as LiveKit's subscription manager keeps one subscription per track
        // (SubscriptionManager.SubscribeToTrack in pkg/rtc/subscriptionmanager.go reuses m.subscriptions[trackID]):
        // adding one is asynchronous, so a second request before the first is added (auto-subscribe at the PC's
        // creation and the client's own UpdateSubscription, milliseconds apart) must not add another.
        if (forwarder == null || subscriber.media.hasDowntrack(track.getSid())
                || !subscriber.addingDowntracks.add(track.getSid())) {
            return;
        }
        // LiveKit's stream id: <publisher sid>|<track sid>, or PackSyncStreamID's <publisher sid>|<stream> for a
        // subscriber that supports it (SubscribedTrack in pkg/rtc/subscribedtrack.go).
        String streamId = publisher.sid() + "|" + (subscriber.supportsSyncStreamId() && !track.getStream().isEmpty()
                ? track.getStream() : track.getSid());
        boolean reuse = subscriber.supportsTransceiverReuse();
        subscriber.media.addDowntrack(track.getSid(), streamId, reuse)
                .doFinally(signal -> subscriber.addingDowntracks.remove(track.getSid()))
                .subscribe(downtrack -> {
                    forwarder.addTarget(downtrack, subscriber.record::audioFrameForwarded);
                    if (renegotiate) {
                        subscriber.media.negotiateSubscriber(false);
                    }
                }, error -> LOG.warn("{}: downtrack for {} failed: {}", subscriber, track.getSid(),
                        error.toString()));
    }

    void unsubscribe(Participant subscriber, String trackSid) {
        subscriber.subscribedTracks.remove(trackSid);
        var downtrack = subscriber.media.removeDowntrack(trackSid);
        AudioForwarder forwarder = subscriber.room.forwarders().get(trackSid);
        if (downtrack != null) {
            if (forwarder != null) {
                forwarder.removeTarget(downtrack);
            }
            subscriber.media.negotiateSubscriber(false);
        }
    }

    /**
     * Once a new participant's subscriber PC exists: every published track it may subscribe to (with
     * auto_subscribe), and those it asked for before the PC existed (LiveKit's subscription manager keeps a
     * subscription until it can be served), all before its first offer.
     */
    void subscribeToExisting(Participant subscriber) {
        if (!subscriber.canSubscribe()) {
            return;
        }
        for (Participant publisher : subscriber.room.participants()) {
            if (publisher == subscriber) {
                continue;
            }
            for (TrackInfo track : publisher.publishedTracks.values()) {
                if (subscriber.autoSubscribe() || subscriber.subscribedTracks.contains(track.getSid())) {
                    subscriber.subscribedTracks.add(track.getSid());
                    subscribe(subscriber, publisher, track, true);
                }
            }
        }
    }

    /** A participant left: its tracks go, and its subscriptions' downtracks with them. */
    void participantLeft(Participant participant) {
        for (String trackSid : List.copyOf(participant.publishedTracks.keySet())) {
            AudioForwarder forwarder = participant.room.forwarders().remove(trackSid);
            if (forwarder != null) {
                forwarder.stop();
            }
            for (Participant other : participant.room.participants()) {
                if (other != participant && other.media.removeDowntrack(trackSid) != null) {
                    other.media.negotiateSubscriber(false);
                }
            }
        }
    }
}
