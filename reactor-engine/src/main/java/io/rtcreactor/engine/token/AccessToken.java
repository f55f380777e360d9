package io.rtcreactor.engine.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.rtcreactor.engine.internal.SystemClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A LiveKit access token to be minted: an HS256 JWT with LiveKit's claim shape ({@code iss} = API key,
 * {@code sub} = identity, {@code exp}, {@code nbf}, {@code name}, {@code metadata}, {@code attributes}, the
 * {@code video} grant, the participant {@code kind} and the {@code roomConfig}). Immutable; {@link #toJwt()} signs it.
 *
 * <p>{@link #toString()} never shows the secret; the JWT itself is only ever returned, never logged.
 */
public final class AccessToken {

    /** The participant kinds of LiveKit's {@code ParticipantInfo.Kind}, as the {@code kind} claim names them. */
    public static final java.util.List<String> KINDS = java.util.List.of("standard", "ingress", "egress", "sip",
            "agent", "connector", "bridge");

    /** LiveKit SDKs' default lifetime: six hours. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(6);

    private final String apiKey;
    private final String apiSecret;
    private final String identity;
    private final String name;
    private final String metadata;
    private final Map<String, String> attributes;
    private final Duration ttl;
    private final VideoGrant grant;
    private final String kind;
    private final RoomConfig roomConfig;
    private final Clock clock;

    private AccessToken(Builder b) {
        this.apiKey = b.apiKey;
        this.apiSecret = b.apiSecret;
        this.identity = b.identity;
        this.name = b.name;
        this.metadata = b.metadata;
        this.attributes = Map.copyOf(b.attributes);
        this.ttl = b.ttl;
        this.grant = b.grant;
        this.kind = b.kind;
        this.roomConfig = b.roomConfig;
        this.clock = b.clock;
    }

    /** Starts a token signed by {@code apiSecret} and issued by {@code apiKey}. */
    public static Builder builder(String apiKey, String apiSecret) {
        return new Builder(apiKey, apiSecret);
    }

    /** Signs the token now: {@code nbf} is the clock's now, {@code exp} now + ttl. */
    public String toJwt() {
        Instant now = clock.instant();
        JWTCreator.Builder jwt = JWT.create()
                .withIssuer(apiKey)
                .withNotBefore(now)
                .withExpiresAt(now.plus(ttl));
        if (identity != null && !identity.isEmpty()) {
            jwt.withSubject(identity);
        }
        if (name != null && !name.isEmpty()) {
            jwt.withClaim("name", name);
        }
        if (metadata != null && !metadata.isEmpty()) {
            jwt.withClaim("metadata", metadata);
        }
        if (!attributes.isEmpty()) {
            jwt.withClaim("attributes", Map.<String, Object>copyOf(attributes));
        }
        if (grant != null) {
            jwt.withClaim("video", grant.toClaim());
        }
        if (kind != null) {
            jwt.withClaim("kind", kind);
        }
        if (roomConfig != null) {
            jwt.withClaim("roomConfig", roomConfig.toClaim());
        }
        return jwt.sign(Algorithm.HMAC256(apiSecret));
    }

    public String apiKey() {
        return apiKey;
    }

    public String identity() {
        return identity;
    }

    public VideoGrant grant() {
        return grant;
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public String toString() {
        return "AccessToken{apiKey=" + apiKey + ", identity=" + identity + ", ttl=" + ttl + ", grant=" + grant
                + ", apiSecret=<hidden>}";
    }

    /** Collects the claims of an {@link AccessToken}. */
    public static final class Builder {
        private final String apiKey;
        private final String apiSecret;
        private String identity;
        private String name;
        private String metadata;
        private Map<String, String> attributes = Map.of();
        private Duration ttl = DEFAULT_TTL;
        private VideoGrant grant;
        private String kind;
        private RoomConfig roomConfig;
        private Clock clock = SystemClock.utc();

        private Builder(String apiKey, String apiSecret) {
            if (apiKey == null || apiKey.isEmpty()) {
                throw new TokenException(TokenException.Reason.INVALID_INPUT, "an access token needs an API key");
            }
            if (apiSecret == null || apiSecret.isEmpty()) {
                throw new TokenException(TokenException.Reason.INVALID_INPUT, "an access token needs an API secret");
            }
            this.apiKey = apiKey;
            this.apiSecret = apiSecret;
        }

        /** The participant identity ({@code sub}); required by LiveKit to join. */
        public Builder identity(String value) {
            this.identity = value;
            return this;
        }

        /** Display name ({@code name}). */
        public Builder name(String value) {
            this.name = value;
            return this;
        }

        /** Participant metadata ({@code metadata}). */
        public Builder metadata(String value) {
            this.metadata = value;
            return this;
        }

        /** Participant attributes ({@code attributes}). */
        public Builder attributes(Map<String, String> value) {
            this.attributes = Objects.requireNonNull(value, "attributes");
            return this;
        }

        /** Lifetime; default {@link #DEFAULT_TTL} (6 h). Must be positive. */
        public Builder ttl(Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new TokenException(TokenException.Reason.INVALID_INPUT, "an access token's ttl must be positive");
            }
            this.ttl = value;
            return this;
        }

        /** The {@code video} grant. */
        public Builder grant(VideoGrant value) {
            this.grant = value;
            return this;
        }

        /**
         * The participant's kind ({@code kind}), as LiveKit names them: {@code standard}, {@code agent},
         * {@code sip}, {@code ingress}, {@code egress}, {@code connector}, {@code bridge}. The room sees it in
         * ParticipantInfo.kind; frontends tell agents apart by it. Absent: standard.
         */
        public Builder kind(String value) {
            if (value != null && !KINDS.contains(value)) {
                throw new TokenException(TokenException.Reason.INVALID_INPUT, "'" + value
                        + "' is not a participant kind LiveKit knows; use one of " + KINDS);
            }
            this.kind = value;
            return this;
        }

        /** How the room is made if this token's holder creates it ({@code roomConfig}). */
        public Builder roomConfig(RoomConfig value) {
            this.roomConfig = value;
            return this;
        }

        /** The clock that sets {@code nbf} and {@code exp}; default the system UTC clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public AccessToken build() {
            if (grant != null && grant.mayJoin() && (identity == null || identity.isEmpty())) {
                throw new TokenException(TokenException.Reason.INVALID_INPUT,
                        "a token that grants roomJoin needs an identity (LiveKit identifies participants by it)");
            }
            return new AccessToken(this);
        }
    }
}
