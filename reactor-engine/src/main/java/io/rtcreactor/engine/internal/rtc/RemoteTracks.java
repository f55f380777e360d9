package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * What a transport receives, by mid: each receiving transceiver's current remote audio and the msid stream id it
 * was reported under. A track is reported when libwebrtc raises {@code onTrack}, and also when a remote description
 * moves a new stream onto a transceiver that is already receiving, which libwebrtc does not announce. Confined to
 * the transport's native worker.
 */
final class RemoteTracks {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTracks.class);
    /** Stream ids remembered as reported, newest kept; a call sees far fewer tracks than this. */
    static final int STREAMS_REMEMBERED = 4096;

    private final String transport;
    private final Scheduler worker;
    private final Consumer<Boolean> sinkCounter;
    private final List<RemoteAudio> audio = new ArrayList<>();
    private final Map<String, RemoteAudio> audioByMid = new HashMap<>();
    private final Map<String, String> streamByMid = new HashMap<>();
    /**
     * Every stream id reported, oldest first. A track sid is never used again, so a section showing a stream
     * already reported carries no new track (libwebrtc as a server wrote a reused section's first msid again in
     * later offers, before PeerTransport restated stream ids before each offer).
     */
    private final LinkedHashSet<String> reported = new LinkedHashSet<>();

    RemoteTracks(String transport, Scheduler worker, Consumer<Boolean> sinkCounter) {
        this.transport = transport;
        this.worker = worker;
        this.sinkCounter = sinkCounter;
    }

    /** The track {@code transceiver} now receives, under {@code streamId}. */
    TransportEvent.TrackReceived arrived(RTCRtpTransceiver transceiver, String streamId) {
        String mid = transceiver.getMid();
        MediaStreamTrack track = transceiver.getReceiver().getTrack();
        String kind = track.getKind();
        RemoteAudio remote = null;
        if (MediaStreamTrack.AUDIO_TRACK_KIND.equals(kind)) {
            remote = new RemoteAudio(transport + "/" + mid, (AudioTrack) track, worker, sinkCounter);
            // LiveKit reuses a transceiver for a new subscription (ParticipantImpl.SupportsTransceiverReuse): the
            // new track arrives on the same mid and the same native track. The sink of the track it replaces must
            // go, or it keeps copying every frame for as long as the connection lives.
            RemoteAudio replaced = mid == null ? null : audioByMid.put(mid, remote);
            if (replaced != null) {
                audio.remove(replaced);
                replaced.detach();
                LOG.debug("{}: transceiver {} reused for a new track; the previous sink is released", transport, mid);
            }
            audio.add(remote);
            if (mid != null) {
                streamByMid.put(mid, streamId);
            }
            remember(streamId);
        }
        return new TransportEvent.TrackReceived(transport, mid, track.getId(), streamId, kind, remote);
    }

    /**
     * Tracks that remote description {@code sdp} moved onto transceivers already receiving. The W3C rule
     * (RTCPeerConnection, "set the RTCSessionDescription") fires a track event when the direction starts to
     * receive <i>or the associated remote streams grew</i>; libwebrtc implements only the first. LiveKit's server
     * (pion's {@code AddTrack}) reuses a transceiver whose current direction does not send, which it still is while
     * an offer giving it a track is unanswered: remove that track before the answer and add another, and the next
     * offer carries the new track on the same receiving mid with only a new msid.
     */
    List<TransportEvent> movedBy(String sdp, Supplier<RTCRtpTransceiver[]> transceivers) {
        if (streamByMid.isEmpty()) {
            return List.of(); // nothing received yet (a publisher's answers): no native call needed
        }
        List<TransportEvent> moved = new ArrayList<>();
        for (RTCRtpTransceiver transceiver : transceivers.get()) {
            String mid = transceiver.getMid();
            String before = mid == null ? null : streamByMid.get(mid);
            if (before == null || transceiver.stopped() || !Msid.sends(sdp, mid)) {
                continue;
            }
            String stream = Msid.streamId(sdp, mid);
            if (!stream.isEmpty() && !stream.equals(before) && !reported.contains(stream)) {
                LOG.debug("{}: mid {} now carries stream {} (was {}) without a track event", transport, mid, stream,
                        before);
                moved.add(arrived(transceiver, stream));
            }
        }
        return moved;
    }

    /** Stops every remote track's sink (the transport closes). */
    void detachAll(Consumer<Runnable> quietly) {
        for (RemoteAudio remote : audio) {
            quietly.accept(remote::detach);
        }
    }

    private void remember(String streamId) {
        reported.remove(streamId);
        reported.add(streamId);
        if (reported.size() > STREAMS_REMEMBERED) {
            reported.remove(reported.iterator().next());
        }
    }
}
