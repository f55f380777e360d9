package io.rtcreactor.engine.token;

import java.time.Instant;
import java.util.Map;

/**
 * The claims of an access token whose signature and lifetime were checked. Holds no token text.
 *
 * @param apiKey     the issuer ({@code iss}), the API key that signed it
 * @param identity   the participant identity ({@code sub}); empty if absent
 * @param name       display name; empty if absent
 * @param metadata   participant metadata; empty if absent
 * @param attributes participant attributes
 * @param video      the video grant; a grant with nothing set if absent
 * @param expiresAt  {@code exp}
 * @param notBefore  {@code nbf}, or null if absent
 * @param kind       the participant kind ({@code kind}, e.g. {@code agent}); empty if absent (standard)
 * @param roomConfig how to make the room ({@code roomConfig}), or null if absent
 */
public record VerifiedToken(String apiKey, String identity, String name, String metadata,
                            Map<String, String> attributes, VideoGrant video, Instant expiresAt,
                            Instant notBefore, String kind, RoomConfig roomConfig) {

    public VerifiedToken {
        attributes = Map.copyOf(attributes);
    }
}
