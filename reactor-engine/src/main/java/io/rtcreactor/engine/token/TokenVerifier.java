package io.rtcreactor.engine.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.auth0.jwt.interfaces.Verification;
import io.rtcreactor.engine.internal.SystemClock;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Checks LiveKit access tokens as LiveKit's server does: HS256 only, issuer = a known API key, signature by that
 * key's secret, {@code exp} required, {@code exp}/{@code nbf} with a leeway (LiveKit allows one minute of
 * skew), and the grants an operation needs.
 *
 * <p>Immutable; {@code with*} methods return a copy. Error messages name the cause, never the token.
 */
public final class TokenVerifier {

    /** LiveKit's server tolerates one minute of clock skew. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(60);

    /** A grant an operation requires. */
    public enum Requirement {
        /** {@code video.roomJoin} true, a room and an identity. */
        ROOM_JOIN,
        /** {@code video.canPublish} (absent counts as true). */
        CAN_PUBLISH,
        /** {@code video.canSubscribe} (absent counts as true). */
        CAN_SUBSCRIBE,
        /** {@code video.canPublishData} (absent follows canPublish). */
        CAN_PUBLISH_DATA
    }

    private final Map<String, String> secrets;
    private final Clock clock;
    private final Duration leeway;

    private TokenVerifier(Map<String, String> secrets, Clock clock, Duration leeway) {
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
        this.leeway = leeway;
    }

    /** A verifier for one API key. */
    public static TokenVerifier of(String apiKey, String apiSecret) {
        return of(Map.of(apiKey, apiSecret));
    }

    /** A verifier for several API keys (key → secret). */
    public static TokenVerifier of(Map<String, String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a token verifier needs at least one API key");
        }
        return new TokenVerifier(keys, SystemClock.utc(), DEFAULT_LEEWAY);
    }

    /** The clock against which exp and nbf are checked; default the system UTC clock. */
    public TokenVerifier withClock(Clock value) {
        return new TokenVerifier(secrets, Objects.requireNonNull(value, "clock"), leeway);
    }

    /** Tolerated clock skew; default {@link #DEFAULT_LEEWAY} (60 s). */
    public TokenVerifier withLeeway(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("leeway must not be negative");
        }
        return new TokenVerifier(secrets, clock, value);
    }

    /**
     * Verifies {@code jwt} and checks that it carries every required grant.
     *
     * @throws TokenException with the reason, never containing the token
     */
    public VerifiedToken verify(String jwt, Requirement... requirements) {
        if (jwt == null || jwt.isBlank()) {
            throw new TokenException(TokenException.Reason.MISSING_CLAIM,
                    "no access token was presented (send it as 'Authorization: Bearer <jwt>' or 'access_token')");
        }
        DecodedJWT unverified = decode(jwt);
        String apiKey = unverified.getIssuer();
        if (apiKey == null || apiKey.isEmpty()) {
            throw new TokenException(TokenException.Reason.MISSING_CLAIM,
                    "the token has no issuer ('iss' must be the API key that signed it)");
        }
        String secret = secrets.get(apiKey);
        if (secret == null) {
            throw new TokenException(TokenException.Reason.UNKNOWN_API_KEY,
                    "the token was issued by API key '" + apiKey + "', which this server does not know;"
                            + " mint it with one of the server's API keys");
        }
        DecodedJWT verified = check(jwt, apiKey, secret);
        VerifiedToken token = toClaims(verified, apiKey);
        for (Requirement requirement : requirements) {
            require(token, requirement);
        }
        return token;
    }

    private DecodedJWT check(String jwt, String apiKey, String secret) {
        long leewaySeconds = leeway.toSeconds();
        Verification verification = JWT.require(Algorithm.HMAC256(secret))
                .withIssuer(apiKey)
                .withClaimPresence("exp")
                .acceptLeeway(leewaySeconds);
        JWTVerifier verifier = ((com.auth0.jwt.JWTVerifier.BaseVerification) verification).build(clock);
        try {
            return verifier.verify(jwt);
        } catch (AlgorithmMismatchException e) {
            throw new TokenException(TokenException.Reason.WRONG_ALGORITHM,
                    "the token is not signed with HS256, the only algorithm LiveKit accepts");
        } catch (SignatureVerificationException e) {
            throw new TokenException(TokenException.Reason.BAD_SIGNATURE,
                    "the token's signature does not match the secret of API key '" + apiKey
                            + "'; it was signed with another secret");
        } catch (TokenExpiredException e) {
            throw new TokenException(TokenException.Reason.EXPIRED,
                    "the token expired at " + e.getExpiredOn() + " (leeway " + leewaySeconds
                            + " s); mint a new one");
        } catch (MissingClaimException e) {
            throw new TokenException(TokenException.Reason.MISSING_CLAIM,
                    "the token lacks the required claim '" + e.getClaimName() + "'");
        } catch (IncorrectClaimException e) {
            if ("nbf".equals(e.getClaimName())) {
                throw new TokenException(TokenException.Reason.NOT_YET_VALID,
                        "the token is not valid yet ('nbf' is in the future beyond the " + leewaySeconds
                                + " s leeway); check the clocks of the minting machine and this one");
            }
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the token's claim '" + e.getClaimName() + "' has an unexpected value");
        } catch (JWTVerificationException e) {
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the token could not be verified (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static DecodedJWT decode(String jwt) {
        try {
            return JWT.decode(jwt);
        } catch (JWTDecodeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the access token is not a well-formed JWT (three base64url parts with JSON header and claims)");
        }
    }

    private static VerifiedToken toClaims(DecodedJWT jwt, String apiKey) {
        try {
            Map<String, Object> video = mapClaim(jwt, "video");
            Map<String, Object> rawAttributes = mapClaim(jwt, "attributes");
            Map<String, String> attributes = new LinkedHashMap<>();
            rawAttributes.forEach((k, v) -> attributes.put(k, stringValue("attributes." + k, v)));
            Map<String, Object> roomConfig = mapClaim(jwt, "roomConfig");
            return new VerifiedToken(apiKey, stringClaim(jwt, "sub"), stringClaim(jwt, "name"),
                    stringClaim(jwt, "metadata"), attributes, VideoGrant.fromClaim(video),
                    jwt.getExpiresAtAsInstant(), jwt.getNotBeforeAsInstant(), stringClaim(jwt, "kind"),
                    jwt.getClaim("roomConfig").isMissing() ? null : RoomConfig.fromClaim(roomConfig));
        } catch (JWTDecodeException e) {
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the token's claims have unexpected types (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Map<String, Object> mapClaim(DecodedJWT jwt, String name) {
        Claim claim = jwt.getClaim(name);
        if (claim.isMissing() || claim.isNull()) {
            return Map.of();
        }
        Map<String, Object> map = claim.asMap();
        if (map == null) {
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the token's '" + name + "' claim is not a JSON object");
        }
        return map;
    }

    private static String stringClaim(DecodedJWT jwt, String name) {
        Claim claim = jwt.getClaim(name);
        if (claim.isMissing() || claim.isNull()) {
            return "";
        }
        String value = claim.asString();
        if (value == null) {
            throw new TokenException(TokenException.Reason.MALFORMED,
                    "the token's '" + name + "' claim is not a string");
        }
        return value;
    }

    private static String stringValue(String name, Object value) {
        if (value instanceof String s) {
            return s;
        }
        throw new TokenException(TokenException.Reason.MALFORMED,
                "the token's '" + name + "' is of type " + VideoGrant.jsonType(value) + " where a string is expected");
    }

    private static void require(VerifiedToken token, Requirement requirement) {
        VideoGrant video = token.video();
        switch (requirement) {
            case ROOM_JOIN -> {
                if (!video.mayJoin()) {
                    throw missing("the token does not grant roomJoin; mint it with video.roomJoin = true");
                }
                if (video.room() == null || video.room().isEmpty()) {
                    throw new TokenException(TokenException.Reason.INCOMPLETE,
                            "the token names no room; LiveKit takes the room from video.room");
                }
                if (token.identity().isEmpty()) {
                    throw new TokenException(TokenException.Reason.INCOMPLETE,
                            "the token has no identity ('sub'); LiveKit needs one to join");
                }
            }
            case CAN_PUBLISH -> {
                if (!video.mayPublish()) {
                    throw missing("the token does not allow publishing (video.canPublish is false)");
                }
            }
            case CAN_SUBSCRIBE -> {
                if (!video.maySubscribe()) {
                    throw missing("the token does not allow subscribing (video.canSubscribe is false)");
                }
            }
            case CAN_PUBLISH_DATA -> {
                if (!video.mayPublishData()) {
                    throw missing("the token does not allow sending data (video.canPublishData is false)");
                }
            }
            default -> throw new IllegalStateException("unhandled requirement " + requirement);
        }
    }

    private static TokenException missing(String message) {
        return new TokenException(TokenException.Reason.MISSING_GRANT, message);
    }

    @Override
    public String toString() {
        return "TokenVerifier{apiKeys=" + secrets.keySet() + ", leeway=" + leeway + "}";
    }
}
