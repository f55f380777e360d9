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
 * same mid come back with a new msid and a new {@code onTrack} on its old transceiver. Only a transceiver whose
 * removal was negotiated (its current direction no longer sends) is taken, so that the receiver sees the track
 * leave before the next one arrives. Runs on the transport's native worker.
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
