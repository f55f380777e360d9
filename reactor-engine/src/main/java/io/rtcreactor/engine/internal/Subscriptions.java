package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AutoSubscribe;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.proto.ParticipantTracks;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.UpdateSubscription;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Which remote tracks this session wants, told to the server as {@code UpdateSubscription{participant_tracks,
 * subscribe}} (LiveKit's {@code Room.UpdateSubscriptions}, pkg/rtc/room.go, subscribes or unsubscribes each listed
 * track; asking twice is harmless).
 *
 * <ul>
 *   <li>{@link AutoSubscribe#AUDIO_ONLY}: the join asked for nothing; each audio track is asked for when it is
 *       published.</li>
 *   <li>The application's {@code subscribe}/{@code unsubscribe} decide for one track, and an unsubscribed track is
 *       never asked for again on the engine's own.</li>
 *   <li>A full reconnect joins as a new participant with no subscriptions but what the join asked for: every
 *       wanted track still published is asked for again (and, with {@link AutoSubscribe#ALL}, every declined one
 *       given up again). A resume keeps the server's subscriptions; SyncState lists them.</li>
 * </ul>
 * Lane-confined.
 */
final class Subscriptions {

    private final AutoSubscribe mode;
    private final Consumer<SignalRequest> signal;
    /** Wanted tracks: track sid → the publisher's sid. */
    private final Map<String, String> wanted = new LinkedHashMap<>();
    /** Tracks the application unsubscribed from: track sid → the publisher's sid. */
    private final Map<String, String> declined = new LinkedHashMap<>();
    /** Wanted tracks already asked for on the current participant. */
    private final Set<String> asked = new HashSet<>();

    Subscriptions(AutoSubscribe mode, Consumer<SignalRequest> signal) {
        this.mode = mode;
        this.signal = signal;
    }

    /** A remote track was published (or first seen). */
    void published(String participantSid, TrackPublication track) {
        if (mode == AutoSubscribe.AUDIO_ONLY && track.kind() == TrackPublication.Kind.AUDIO
                && !declined.containsKey(track.sid())) {
            wanted.put(track.sid(), participantSid);
            ask(participantSid, track.sid());
        }
    }

    /** The application subscribes to {@code trackSid}. */
    void subscribe(String participantSid, String trackSid) {
        declined.remove(trackSid);
        wanted.put(trackSid, participantSid);
        asked.remove(trackSid);
        ask(participantSid, trackSid);
    }

    /** The application unsubscribes from {@code trackSid}. */
    void unsubscribe(String participantSid, String trackSid) {
        wanted.remove(trackSid);
        asked.remove(trackSid);
        declined.put(trackSid, participantSid);
        send(Map.of(trackSid, participantSid), false);
    }

    /** The track is gone (unpublished, or its publisher left). */
    void gone(String trackSid) {
        wanted.remove(trackSid);
        declined.remove(trackSid);
        asked.remove(trackSid);
    }

    /** A full reconnect is joining as a new participant: nothing is asked for on it yet. */
    void rejoining() {
        asked.clear();
    }

    /** After the new participant's snapshot: asks again for every wanted track that is still published. */
    void rejoined(Predicate<String> stillPublished) {
        Map<String, String> again = new LinkedHashMap<>();
        wanted.forEach((track, owner) -> {
            if (!asked.contains(track) && stillPublished.test(track)) {
                again.put(track, owner);
            }
        });
        asked.addAll(again.keySet());
        send(again, true);
        if (mode == AutoSubscribe.ALL) {
            Map<String, String> refused = new LinkedHashMap<>();
            declined.forEach((track, owner) -> {
                if (stillPublished.test(track)) {
                    refused.put(track, owner);
                }
            });
            send(refused, false);
        }
    }

    private void ask(String participantSid, String trackSid) {
        if (asked.add(trackSid)) {
            send(Map.of(trackSid, participantSid), true);
        }
    }

    private void send(Map<String, String> tracks, boolean subscribe) {
        if (tracks.isEmpty()) {
            return;
        }
        Map<String, List<String>> byOwner = new LinkedHashMap<>();
        tracks.forEach((track, owner) -> byOwner.computeIfAbsent(owner, o -> new java.util.ArrayList<>()).add(track));
        UpdateSubscription.Builder update = UpdateSubscription.newBuilder().setSubscribe(subscribe);
        byOwner.forEach((owner, sids) -> update.addParticipantTracks(ParticipantTracks.newBuilder()
                .setParticipantSid(owner).addAllTrackSids(sids)));
        signal.accept(SignalRequest.newBuilder().setSubscription(update).build());
    }
}
