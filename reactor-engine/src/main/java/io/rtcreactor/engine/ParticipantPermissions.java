package io.rtcreactor.engine;

import java.util.Locale;
import java.util.Set;

/**
 * What the server allows this participant, as it last said: LiveKit's {@code ParticipantPermission}, sent in the
 * JoinResponse and again in a ParticipantUpdate about us whenever an administrator changes it
 * ({@code ParticipantImpl.SetPermission}, pkg/rtc/participant.go). The token's grant is where it starts; the
 * server's word is what counts, so the engine refuses locally only what LiveKit's server would drop without a word
 * (data from a participant without {@code canPublishData}: {@code onReceivedDataMessage} returns early, no answer).
 *
 * @param canPublish        may publish tracks
 * @param canSubscribe      may subscribe to tracks (LiveKit then sends no subscriber offer and never answers a
 *                          subscription: it fails silently)
 * @param canPublishData    may send data packets, streams and RPCs
 * @param publishSources    the track sources it may publish, LiveKit's {@code TrackSource} names ({@code MICROPHONE},
 *                          …); empty: every source
 * @param canUpdateMetadata may change its own name, metadata and attributes
 * @param hidden            the other participants do not see it
 */
public record ParticipantPermissions(boolean canPublish, boolean canSubscribe, boolean canPublishData,
                                     Set<String> publishSources, boolean canUpdateMetadata, boolean hidden) {

    /** Before the server said anything: everything the default grant allows (the server decides). */
    public static final ParticipantPermissions UNKNOWN =
            new ParticipantPermissions(true, true, true, Set.of(), false, false);

    public ParticipantPermissions {
        publishSources = Set.copyOf(publishSources);
    }

    /** Whether a track of {@code source} (a TrackSource name) may be published, as LiveKit decides it. */
    public boolean mayPublish(String source) {
        return canPublish && (publishSources.isEmpty()
                || publishSources.contains(source.toUpperCase(Locale.ROOT)));
    }
}
