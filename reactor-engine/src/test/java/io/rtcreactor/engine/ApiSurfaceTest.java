package io.rtcreactor.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13's tidy public API: the types applications hold expose what applications may use, and nothing the engine
 * drives (a publication's route and pump, a remote track's feed) nor a way to make one.
 */
class ApiSurfaceTest {

    @Test
    void aPublicationShowsOnlyWhatAnApplicationUses() {
        assertThat(LocalTrackPublication.class.getConstructors()).isEmpty();
        assertThat(publicMethods(LocalTrackPublication.class)).containsExactlyInAnyOrder(
                "sid", "cid", "name", "options", "muted", "framesSent", "mute", "unpublish", "toString");
    }

    @Test
    void aRemoteTrackShowsOnlyWhatAnApplicationUses() {
        assertThat(RemoteAudioTrack.class.getConstructors()).isEmpty();
        assertThat(publicMethods(RemoteAudioTrack.class)).containsExactlyInAnyOrder(
                "sid", "participantSid", "participantIdentity", "frames", "droppedFrames", "deliveredFrames",
                "toString");
    }

    @Test
    void theCausesApplicationsMatchOnLiveInTheApiPackage() {
        for (Class<?> type : new Class<?>[] {LeaveRequestedException.class, ReconnectTimeoutException.class,
                JoinTimeoutException.class, DisconnectIncompleteException.class, LeaveAction.class, Mode.class}) {
            assertThat(type.getPackageName()).as(type.getSimpleName()).isEqualTo("io.rtcreactor.engine");
        }
        assertThat(RtcReactorException.class).isAssignableFrom(JoinTimeoutException.class);
        assertThat(RtcReactorException.class).isAssignableFrom(DisconnectIncompleteException.class);
    }

    private static Set<String> publicMethods(Class<?> type) {
        return Arrays.stream(type.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .filter(m -> !m.isSynthetic()).map(Method::getName).collect(Collectors.toSet());
    }
}
