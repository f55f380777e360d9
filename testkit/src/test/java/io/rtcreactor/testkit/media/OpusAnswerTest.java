package io.rtcreactor.testkit.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.proto.AudioTrackFeature;
import io.rtcreactor.engine.proto.TrackInfo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LiveKit's publisher answer rewriting (issue 10, item 15): DTX unless TF_NO_DTX, stereo with TF_STEREO. */
class OpusAnswerTest {

    private static final String OFFER = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
            + "a=msid:PA_x|TR_a TA_voice\r\na=rtpmap:111 opus/48000/2\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
            + "a=mid:1\r\na=msid:PA_x|TR_b TA_music\r\na=rtpmap:111 opus/48000/2\r\n";
    private static final String ANSWER = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
            + "a=rtpmap:111 opus/48000/2\r\na=fmtp:111 minptime=10;useinbandfec=1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:1\r\na=rtpmap:111 opus/48000/2\r\n"
            + "a=fmtp:111 minptime=10;useinbandfec=1;stereo=1\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
            + "a=mid:2\r\n";

    @Test
    void dtxIsOnUnlessTheTrackAskedOtherwiseAndStereoFollowsTheTrack() {
        Map<String, TrackInfo> tracks = Map.of(
                "TA_voice", TrackInfo.newBuilder().build(),
                "TA_music", TrackInfo.newBuilder().addAudioFeatures(AudioTrackFeature.TF_NO_DTX)
                        .addAudioFeatures(AudioTrackFeature.TF_STEREO).build());

        String configured = OpusAnswer.configure(ANSWER, OFFER, tracks::get);

        assertThat(configured).contains("a=mid:0\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n");
        assertThat(configured).contains("a=mid:1\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1;stereo=1;maxaveragebitrate=510000\r\n");
        assertThat(configured).endsWith("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:2\r\n");
    }

    @Test
    void sectionsOfTracksTheServerDoesNotKnowAreLeftAlone() {
        String configured = OpusAnswer.configure(ANSWER, OFFER, cid -> null);

        assertThat(configured).isEqualTo(ANSWER);
    }
}
