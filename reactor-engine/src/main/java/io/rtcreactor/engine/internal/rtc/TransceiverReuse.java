package io.rtcreactor.engine.internal.rtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import java.util.List;

/**
 * Sending a new audio track on a transceiver that a removed one left free, as LiveKit's server does for a new
 * subscription ({@code ParticipantImpl.SupportsTransceiverReuse}, pkg/rtc/participant.go): the receiver sees the
 * same mid come back with a new msid and a new {@code onTrack} on its old transceiver. A transceiver is free, as
 * in pion's {@code AddTrack} (peerconnection.go, which LiveKit's {@code AddTrackLocal} calls; its
 * {@code RTPTransceiver.isSendAllowed}), when it has no track and its <i>current</i> direction does not send.
 * That includes one given a track in an offer not answered yet (its current direction changes only with the
 * answer): a track removed before that answer and another added put the new one on the same transceiver, and the
 * receiver sees only its msid change, with no {@code onTrack} (PeerTransport reports such a track itself).
 * Runs on the transport's native worker.
 */
final class TransceiverReuse {

    private TransceiverReuse() {
    }

    /** A negotiated audio transceiver that no longer sends, or null. */
    static RTCRtpTransceiver freeAudio(RTCPeerConnection pc) {
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            RTCRtpTransceiverDirection current = transceiver.getCurrentDirection();
            MediaStreamTrack receiving = transceiver.getReceiver().getTrack();
            if (!transceiver.stopped() && transceiver.getMid() != null && transceiver.getSender().getTrack() == null
                    && receiving != null && MediaStreamTrack.AUDIO_TRACK_KIND.equals(receiving.getKind())
                    && (current == RTCRtpTransceiverDirection.RECV_ONLY
                    || current == RTCRtpTransceiverDirection.INACTIVE)) {
                return transceiver;
            }
        }
        return null;
    }

    /** Puts {@code track} on {@code transceiver} under {@code streamIds} and makes it send again. */
    static RTCRtpSender refit(RTCRtpTransceiver transceiver, AudioTrack track, List<String> streamIds) {
        RTCRtpSender sender = transceiver.getSender();
        sender.replaceTrack(track);
        sender.setStreams(streamIds);
        transceiver.setDirection(RTCRtpTransceiverDirection.SEND_RECV);
        return sender;
    }
}
