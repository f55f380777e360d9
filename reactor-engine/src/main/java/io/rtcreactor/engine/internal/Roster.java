package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.RemoteAudioTrack;
import io.rtcreactor.engine.RemoteParticipant;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.internal.rtc.RemoteAudio;
import io.rtcreactor.engine.proto.ParticipantInfo;
import io.rtcreactor.engine.proto.TrackInfo;
import io.rtcreactor.engine.proto.TrackType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The other participants and their tracks, as the server describes them. Updates are version-checked (a
 * participant's info is applied only if its version is newer), and every change comes out as past-tense events.
 * Remote audio is matched to its track by the stream id LiveKit forwards it with: {@code <participant sid>|<track
 * sid>}. Lane-confined.
 */
final class Roster {

    private static final class Remote {
        ParticipantInfo info;
        RemoteParticipant snapshot;

        Remote(ParticipantInfo info) {
            this.info = info;
            this.snapshot = snapshotOf(info);
        }
    }

    private final int audioBuffer;
    private final reactor.core.scheduler.Scheduler callbacks;
    private final Map<String, Remote> bySid = new LinkedHashMap<>();
    private final Map<String, RemoteAudioTrack> audio = new HashMap<>();
    private final Map<String, RemoteAudio> unmatched = new HashMap<>();
    private String selfSid;
    private final io.rtcreactor.engine.metrics.EngineMetrics metrics;

    Roster(int audioBuffer, reactor.core.scheduler.Scheduler callbacks) {
        this(audioBuffer, callbacks, io.rtcreactor.engine.metrics.EngineMetrics.NONE);
    }

    Roster(int audioBuffer, reactor.core.scheduler.Scheduler callbacks,
           io.rtcreactor.engine.metrics.EngineMetrics metrics) {
        this.audioBuffer = audioBuffer;
        this.callbacks = callbacks;
        this.metrics = metrics;
        this.selfSid = "";
    }

    void selfSid(String sid) {
        this.selfSid = sid;
    }

    /** Current snapshots by identity. */
    /** The identity of the participant with {@code sid}, or "" if we do not know it. */
    String identityOf(String sid) {
        Remote remote = bySid.get(sid);
        return remote == null ? "" : remote.snapshot.identity();
    }

    Map<String, RemoteParticipant> participants() {
        Map<String, RemoteParticipant> out = new LinkedHashMap<>();
        bySid.values().forEach(r -> out.put(r.snapshot.identity(), withAudio(r.snapshot)));
        return out;
    }

    /** The snapshot with each subscribed track's audio at hand ("tracks at hand", issue 11). */
    private RemoteParticipant withAudio(RemoteParticipant snapshot) {
        if (snapshot.tracks().stream().noneMatch(t -> audio.containsKey(t.sid()))) {
            return snapshot;
        }
        List<TrackPublication> tracks = snapshot.tracks().stream()
                .map(t -> audio.containsKey(t.sid()) ? t.withAudio(audio.get(t.sid())) : t).toList();
        return new RemoteParticipant(snapshot.sid(), snapshot.identity(), snapshot.name(), snapshot.metadata(),
                snapshot.attributes(), snapshot.agent(), tracks);
    }

    /** The {@code client_protocol} {@code identity} announced (0 for none, or for nobody of that name). */
    int clientProtocol(String identity) {
        for (Remote remote : bySid.values()) {
            if (remote.info.getIdentity().equals(identity)) {
                return remote.info.getClientProtocol();
            }
        }
        return 0;
    }

    /** Tracks subscribed so far (their audio may be flowing). */
    List<RemoteAudioTrack> audioTracks() {
        return List.copyOf(audio.values());
    }

    /**
     * Applies a participant list that is the whole room (a JoinResponse, or the full update after a resume):
     * known participants absent from it have left.
     */
    void applySnapshot(List<ParticipantInfo> others, Consumer<RoomEvent> events) {
        Set<String> present = new java.util.HashSet<>();
        for (ParticipantInfo info : others) {
            if (!info.getSid().equals(selfSid)) {
                present.add(info.getSid());
            }
        }
        for (Remote gone : List.copyOf(bySid.values())) {
            if (!present.contains(gone.info.getSid())) {
                remove(gone, events);
            }
        }
        applyUpdate(others, events);
    }

    /** Applies a ParticipantUpdate. */
    void applyUpdate(List<ParticipantInfo> infos, Consumer<RoomEvent> events) {
        for (ParticipantInfo info : infos) {
            if (info.getSid().equals(selfSid) || info.getSid().isEmpty()) {
                continue;
            }
            Remote known = bySid.get(info.getSid());
            if (info.getState() == ParticipantInfo.State.DISCONNECTED) {
                if (known != null) {
                    remove(known, events);
                }
                continue;
            }
            if (known == null) {
                Remote added = new Remote(info);
                bySid.put(info.getSid(), added);
                events.accept(new RoomEvent.ParticipantConnected(added.snapshot));
                for (TrackInfo track : info.getTracksList()) {
                    events.accept(new RoomEvent.TrackPublished(added.snapshot, publication(track)));
                }
                resolveUnmatched(added, events);
            } else if (info.getVersion() > known.info.getVersion() || info.getVersion() == 0) {
                update(known, info, events);
            }
        }
    }

    /** The sid of the participant publishing {@code trackSid}, or null if no one we know does. */
    String publisherOf(String trackSid) {
        for (Remote remote : bySid.values()) {
            if (remote.info.getTracksList().stream().anyMatch(t -> t.getSid().equals(trackSid))) {
                return remote.info.getSid();
            }
        }
        return null;
    }

    /** We unsubscribed from {@code trackSid}: its audio ends here, whatever the server still sends. */
    void dropSubscription(String trackSid, Consumer<RoomEvent> events) {
        String owner = publisherOf(trackSid);
        if (owner != null) {
            unsubscribe(bySid.get(owner), trackSid, events);
        }
    }

    /**
     * Remote audio arrived on the subscriber transport, with its stream id and the receiver's track id. LiveKit's
     * stream id is {@code <participant sid>|<track sid>}, or in a {@code sync_streams} room
     * {@code <participant sid>|<stream>} ({@code PA_…|camera}); its track id is always the track sid. As LiveKit's
     * JS client does (Room.onTrackAdded), the track is the stream id's part if that names a track ({@code TR…}),
     * else the receiver's track id.
     */
    void mediaArrived(String streamId, String trackId, RemoteAudio media, Consumer<RoomEvent> events) {
        String[] parts = streamId.split("\\|", 2);
        if (parts.length != 2) {
            events.accept(new RoomEvent.InputRejected("remote track",
                    "stream id '" + streamId + "' is not '<participant sid>|<track sid or stream>'"));
            return;
        }
        String trackSid = parts[1].startsWith("TR") || trackId == null || trackId.isEmpty() ? parts[1] : trackId;
        Remote owner = bySid.get(parts[0]);
        if (owner == null || owner.info.getTracksList().stream().noneMatch(t -> t.getSid().equals(trackSid))) {
            // The ParticipantUpdate that announces it may still be on its way: keep it until then.
            unmatched.put(parts[0] + "|" + trackSid, media);
            return;
        }
        attach(owner, trackSid, media, events);
    }

    /** The subscriber transport is being replaced: audio keeps its tracks but stops until new media arrives. */
    void transportsReset() {
        audio.values().forEach(EngineAccess.tracks()::detach);
        unmatched.clear();
    }

    /** Ends every track (the session ended). */
    void clear() {
        audio.values().forEach(EngineAccess.tracks()::end);
        audio.clear();
        bySid.clear();
        unmatched.clear();
    }

    private void attach(Remote owner, String trackSid, RemoteAudio media, Consumer<RoomEvent> events) {
        RemoteAudioTrack track = audio.get(trackSid);
        boolean fresh = track == null;
        if (fresh) {
            track = EngineAccess.tracks().create(trackSid, owner.info.getSid(), owner.info.getIdentity(), audioBuffer,
                    callbacks, metrics::audioFrameDropped);
            audio.put(trackSid, track);
        }
        EngineAccess.tracks().attach(track, media);
        if (fresh) {
            events.accept(new RoomEvent.TrackSubscribed(owner.snapshot, track));
        }
    }

    private void resolveUnmatched(Remote owner, Consumer<RoomEvent> events) {
        for (TrackInfo track : owner.info.getTracksList()) {
            RemoteAudio media = unmatched.remove(owner.info.getSid() + "|" + track.getSid());
            if (media != null) {
                attach(owner, track.getSid(), media, events);
            }
        }
    }

    private void update(Remote known, ParticipantInfo info, Consumer<RoomEvent> events) {
        Map<String, TrackInfo> before = new LinkedHashMap<>();
        known.info.getTracksList().forEach(t -> before.put(t.getSid(), t));
        boolean described = !Objects.equals(known.info.getName(), info.getName())
                || !Objects.equals(known.info.getMetadata(), info.getMetadata())
                || !known.info.getAttributesMap().equals(info.getAttributesMap());
        Map<String, String> beforeAttributes = known.info.getAttributesMap();
        known.info = info;
        known.snapshot = snapshotOf(info);
        for (TrackInfo track : info.getTracksList()) {
            TrackInfo old = before.remove(track.getSid());
            if (old == null) {
                events.accept(new RoomEvent.TrackPublished(known.snapshot, publication(track)));
            } else if (old.getMuted() != track.getMuted()) {
                events.accept(new RoomEvent.TrackMuteChanged(known.snapshot, publication(track), track.getMuted()));
            }
        }
        for (TrackInfo removed : before.values()) {
            unsubscribe(known, removed.getSid(), events);
            events.accept(new RoomEvent.TrackUnpublished(known.snapshot, publication(removed)));
        }
        if (described) {
            events.accept(new RoomEvent.ParticipantUpdated(known.snapshot));
        }
        Map<String, String> changed = attributeChanges(beforeAttributes, info.getAttributesMap());
        if (!changed.isEmpty()) {
            events.accept(new RoomEvent.AttributesChanged(known.snapshot, changed));
        }
        resolveUnmatched(known, events);
    }

    /**
     * What changed between two attribute maps, as LiveKit's JS client reports it ({@code ParticipantAttributesChanged},
     * utils {@code diffAttributes}): new and changed keys with their new values, removed keys with "".
     */
    static Map<String, String> attributeChanges(Map<String, String> before, Map<String, String> after) {
        Map<String, String> changed = new java.util.TreeMap<>();
        after.forEach((key, value) -> {
            if (!value.equals(before.get(key))) {
                changed.put(key, value);
            }
        });
        before.keySet().forEach(key -> {
            if (!after.containsKey(key)) {
                changed.put(key, "");
            }
        });
        return Map.copyOf(changed);
    }

    private void remove(Remote gone, Consumer<RoomEvent> events) {
        bySid.remove(gone.info.getSid());
        for (TrackInfo track : gone.info.getTracksList()) {
            unsubscribe(gone, track.getSid(), events);
        }
        events.accept(new RoomEvent.ParticipantDisconnected(gone.snapshot));
    }

    private void unsubscribe(Remote owner, String trackSid, Consumer<RoomEvent> events) {
        RemoteAudioTrack track = audio.remove(trackSid);
        if (track != null) {
            EngineAccess.tracks().end(track);
            events.accept(new RoomEvent.TrackUnsubscribed(owner.snapshot, track));
        }
    }

    private static RemoteParticipant snapshotOf(ParticipantInfo info) {
        List<TrackPublication> tracks = new ArrayList<>();
        info.getTracksList().forEach(t -> tracks.add(publication(t)));
        return new RemoteParticipant(info.getSid(), info.getIdentity(), info.getName(), info.getMetadata(),
                info.getAttributesMap(), info.getKind() == ParticipantInfo.Kind.AGENT, tracks);
    }

    static TrackPublication publication(TrackInfo track) {
        TrackPublication.Kind kind = switch (track.getType()) {
            case VIDEO -> TrackPublication.Kind.VIDEO;
            case DATA -> TrackPublication.Kind.DATA;
            default -> TrackPublication.Kind.AUDIO;
        };
        return new TrackPublication(track.getSid(), track.getName(), kind, track.getSource().name(), track.getMuted());
    }

    static boolean isAudio(TrackInfo track) {
        return track.getType() == TrackType.AUDIO;
    }
}
