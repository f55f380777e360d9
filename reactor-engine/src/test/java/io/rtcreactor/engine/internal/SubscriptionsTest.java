package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.AutoSubscribe;
import io.rtcreactor.engine.TrackPublication;
import io.rtcreactor.engine.proto.ParticipantTracks;
import io.rtcreactor.engine.proto.UpdateSubscription;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10, item 7: which UpdateSubscription requests the engine sends, and when. */
@Timeout(10)
class SubscriptionsTest {

    private static final TrackPublication MIC = new TrackPublication("TR_mic", "mic", TrackPublication.Kind.AUDIO,
            "MICROPHONE", false);
    private static final TrackPublication CAMERA = new TrackPublication("TR_cam", "cam", TrackPublication.Kind.VIDEO,
            "CAMERA", false);

    private final List<UpdateSubscription> sent = new ArrayList<>();

    private Subscriptions subscriptions(AutoSubscribe mode) {
        return new Subscriptions(mode, request -> sent.add(request.getSubscription()));
    }

    private static UpdateSubscription update(boolean subscribe, String participant, String... tracks) {
        return UpdateSubscription.newBuilder().setSubscribe(subscribe).addParticipantTracks(ParticipantTracks
                .newBuilder().setParticipantSid(participant).addAllTrackSids(List.of(tracks))).build();
    }

    @Test
    void audioOnlyAsksForEachAudioTrackOnceAndNeverForVideo() {
        Subscriptions subs = subscriptions(AutoSubscribe.AUDIO_ONLY);
        subs.published("PA_a", MIC);
        subs.published("PA_a", CAMERA);
        subs.published("PA_a", MIC);
        assertThat(sent).containsExactly(update(true, "PA_a", "TR_mic"));
    }

    @Test
    void allAndNoneLeaveItToTheJoinAndTheApplication() {
        for (AutoSubscribe mode : List.of(AutoSubscribe.ALL, AutoSubscribe.NONE)) {
            Subscriptions subs = subscriptions(mode);
            subs.published("PA_a", MIC);
            subs.published("PA_a", CAMERA);
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void anUnsubscribedTrackIsNotTakenBackOnTheEnginesOwnButOnRequest() {
        Subscriptions subs = subscriptions(AutoSubscribe.AUDIO_ONLY);
        subs.published("PA_a", MIC);
        subs.unsubscribe("PA_a", "TR_mic");
        subs.rejoining();
        subs.published("PA_a", MIC);
        subs.rejoined(track -> true);
        subs.subscribe("PA_a", "TR_cam");
        assertThat(sent).containsExactly(update(true, "PA_a", "TR_mic"), update(false, "PA_a", "TR_mic"),
                update(true, "PA_a", "TR_cam"));
    }

    @Test
    void aFullReconnectAsksAgainForEveryWantedTrackStillPublishedInOneRequest() {
        Subscriptions subs = subscriptions(AutoSubscribe.AUDIO_ONLY);
        subs.published("PA_a", MIC);
        subs.subscribe("PA_b", "TR_cam");
        subs.subscribe("PA_b", "TR_gone");
        sent.clear();
        subs.rejoining();
        subs.rejoined(track -> !track.equals("TR_gone"));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).getSubscribe()).isTrue();
        assertThat(sent.get(0).getParticipantTracksList()).containsExactly(
                ParticipantTracks.newBuilder().setParticipantSid("PA_a").addTrackSids("TR_mic").build(),
                ParticipantTracks.newBuilder().setParticipantSid("PA_b").addTrackSids("TR_cam").build());
    }

    @Test
    void aTrackAlreadyAskedForOnTheNewParticipantIsNotAskedForTwice() {
        Subscriptions subs = subscriptions(AutoSubscribe.AUDIO_ONLY);
        subs.published("PA_a", MIC);
        sent.clear();
        subs.rejoining();
        subs.published("PA_a", MIC);
        subs.rejoined(track -> true);
        assertThat(sent).containsExactly(update(true, "PA_a", "TR_mic"));
    }

    @Test
    void withAllADeclinedTrackIsGivenUpAgainAfterAFullReconnect() {
        Subscriptions subs = subscriptions(AutoSubscribe.ALL);
        subs.unsubscribe("PA_a", "TR_cam");
        sent.clear();
        subs.rejoining();
        subs.rejoined(track -> true);
        assertThat(sent).containsExactly(update(false, "PA_a", "TR_cam"));
    }

    @Test
    void aTrackThatWentIsForgotten() {
        Subscriptions subs = subscriptions(AutoSubscribe.AUDIO_ONLY);
        subs.published("PA_a", MIC);
        subs.gone("TR_mic");
        sent.clear();
        subs.rejoining();
        subs.rejoined(track -> true);
        assertThat(sent).isEmpty();
    }
}
