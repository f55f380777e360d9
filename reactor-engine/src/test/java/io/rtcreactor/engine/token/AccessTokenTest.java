package io.rtcreactor.engine.token;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokenTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
    private static final TokenVerifier VERIFIER = TokenVerifier.of("devkey", "secret").withClock(CLOCK);

    private static AccessToken.Builder token() {
        return AccessToken.builder("devkey", "secret").identity("agent").clock(CLOCK)
                .grant(VideoGrant.join("room-1"));
    }

    @Test
    void theKindAndRoomConfigRoundTripAndAbsentOnesReadAsStandardAndNull() {
        RoomConfig config = RoomConfig.defaults().withSyncStreams(true).withEmptyTimeout(30).withDepartureTimeout(5)
                .withMaxParticipants(3).withMetadata("room-meta").withAgent("echo", "m");
        VerifiedToken claims = VERIFIER.verify(token().kind("agent").roomConfig(config).build().toJwt());
        assertThat(claims.kind()).isEqualTo("agent");
        assertThat(claims.roomConfig()).isEqualTo(config);

        VerifiedToken plain = VERIFIER.verify(token().build().toJwt());
        assertThat(plain.kind()).isEmpty();
        assertThat(plain.roomConfig()).isNull();
    }

    @Test
    void aKindLiveKitDoesNotKnowIsRefusedWhenMinting() {
        assertThatThrownBy(() -> token().kind("robot"))
                .isInstanceOf(TokenException.class).hasMessageContaining("'robot'").hasMessageContaining("agent");
    }

    @Test
    void aRoomConfigWithSnakeCaseNamesIsReadAndOneWithWrongTypesIsRefused() {
        String snake = JWT.create().withIssuer("devkey").withSubject("a").withExpiresAt(T0.plusSeconds(60))
                .withClaim("roomConfig", Map.of("sync_streams", true, "empty_timeout", "30",
                        "agents", List.of(Map.of("agent_name", "echo"))))
                .sign(Algorithm.HMAC256("secret"));
        assertThat(VERIFIER.verify(snake).roomConfig())
                .isEqualTo(RoomConfig.defaults().withSyncStreams(true).withEmptyTimeout(30).withAgent("echo", ""));

        String wrong = JWT.create().withIssuer("devkey").withSubject("a").withExpiresAt(T0.plusSeconds(60))
                .withClaim("roomConfig", Map.of("syncStreams", "yes")).sign(Algorithm.HMAC256("secret"));
        assertThatThrownBy(() -> VERIFIER.verify(wrong)).isInstanceOf(TokenException.class)
                .hasMessageContaining("syncStreams").hasMessageContaining("boolean");
    }

    @Test
    void acceptsLiveKitsShortDevelopmentSecretAndRoundTripsEveryClaim() {
        VideoGrant grant = VideoGrant.builder().room("room-1").roomJoin(true).canPublish(true).canSubscribe(false)
                .canPublishData(false).canUpdateOwnMetadata(true).hidden(true).agent(true).build();
        String jwt = AccessToken.builder("devkey", "secret").identity("agent").name("Agent Smith")
                .metadata("{\"m\":1}").attributes(Map.of("role", "bot")).ttl(Duration.ofMinutes(10))
                .grant(grant).clock(CLOCK).build().toJwt();

        VerifiedToken claims = VERIFIER.verify(jwt, TokenVerifier.Requirement.ROOM_JOIN);

        assertThat(claims.apiKey()).isEqualTo("devkey");
        assertThat(claims.identity()).isEqualTo("agent");
        assertThat(claims.name()).isEqualTo("Agent Smith");
        assertThat(claims.metadata()).isEqualTo("{\"m\":1}");
        assertThat(claims.attributes()).containsExactly(Map.entry("role", "bot"));
        assertThat(claims.video()).isEqualTo(grant);
        assertThat(claims.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(claims.notBefore()).isEqualTo(T0);
    }

    @Test
    void hasLiveKitsClaimShape() {
        var decoded = JWT.decode(token().build().toJwt());
        assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
        assertThat(decoded.getIssuer()).isEqualTo("devkey");
        assertThat(decoded.getSubject()).isEqualTo("agent");
        assertThat(decoded.getClaim("video").asMap()).containsEntry("room", "room-1").containsEntry("roomJoin", true)
                .doesNotContainKeys("canPublish", "canSubscribe");
        assertThat(decoded.getExpiresAtAsInstant()).isEqualTo(T0.plus(AccessToken.DEFAULT_TTL));
    }

    @Test
    void appliesLiveKitsDefaultsForAbsentPermissions() {
        VideoGrant absent = VideoGrant.join("r");
        assertThat(absent.mayPublish()).isTrue();
        assertThat(absent.maySubscribe()).isTrue();
        assertThat(absent.mayPublishData()).isTrue();
        assertThat(absent.mayUpdateOwnMetadata()).isFalse();
        assertThat(absent.toBuilder().canPublish(false).build().mayPublishData()).isFalse();
        assertThat(absent.toBuilder().canPublish(false).canPublishData(true).build().mayPublishData()).isTrue();
    }

    @Test
    void refusesEachKindOfBadToken() {
        String good = token().build().toJwt();
        assertReason(() -> TokenVerifier.of("devkey", "other").withClock(CLOCK).verify(good),
                TokenException.Reason.BAD_SIGNATURE);
        assertReason(() -> TokenVerifier.of("otherkey", "secret").withClock(CLOCK).verify(good),
                TokenException.Reason.UNKNOWN_API_KEY);
        assertReason(() -> VERIFIER.withClock(Clock.offset(CLOCK, AccessToken.DEFAULT_TTL.plusSeconds(61)))
                .verify(good), TokenException.Reason.EXPIRED);
        assertReason(() -> VERIFIER.withClock(Clock.offset(CLOCK, Duration.ofSeconds(-61))).verify(good),
                TokenException.Reason.NOT_YET_VALID);
        assertReason(() -> VERIFIER.verify("not-a-jwt"), TokenException.Reason.MALFORMED);
        assertReason(() -> VERIFIER.verify(""), TokenException.Reason.MISSING_CLAIM);
        String noJoin = token().grant(VideoGrant.builder().room("r").build()).build().toJwt();
        assertReason(() -> VERIFIER.verify(noJoin, TokenVerifier.Requirement.ROOM_JOIN),
                TokenException.Reason.MISSING_GRANT);
        String noPublish = token().grant(VideoGrant.join("r").toBuilder().canPublish(false).build()).build().toJwt();
        assertReason(() -> VERIFIER.verify(noPublish, TokenVerifier.Requirement.CAN_PUBLISH_DATA),
                TokenException.Reason.MISSING_GRANT);
    }

    @Test
    void toleratesSixtySecondsOfSkew() {
        String good = token().ttl(Duration.ofSeconds(30)).build().toJwt();
        assertThat(VERIFIER.withClock(Clock.offset(CLOCK, Duration.ofSeconds(89))).verify(good).identity())
                .isEqualTo("agent");
        assertThat(VERIFIER.withClock(Clock.offset(CLOCK, Duration.ofSeconds(-59))).verify(good).identity())
                .isEqualTo("agent");
    }

    @Test
    void refusesOtherAlgorithmsAndMissingExpiry() {
        String hs384 = JWT.create().withIssuer("devkey").withSubject("a").withExpiresAt(T0.plusSeconds(60))
                .sign(Algorithm.HMAC384("secret"));
        assertReason(() -> VERIFIER.verify(hs384), TokenException.Reason.WRONG_ALGORITHM);
        String noExp = JWT.create().withIssuer("devkey").withSubject("a").sign(Algorithm.HMAC256("secret"));
        assertReason(() -> VERIFIER.verify(noExp), TokenException.Reason.MISSING_CLAIM);
    }

    @Test
    void refusesClaimsOfTheWrongType() {
        String videoAsString = JWT.create().withIssuer("devkey").withSubject("a").withExpiresAt(T0.plusSeconds(60))
                .withClaim("video", "all of it").sign(Algorithm.HMAC256("secret"));
        assertReason(() -> VERIFIER.verify(videoAsString), TokenException.Reason.MALFORMED);
        String joinAsString = JWT.create().withIssuer("devkey").withSubject("a").withExpiresAt(T0.plusSeconds(60))
                .withClaim("video", Map.of("room", "r", "roomJoin", "yes")).sign(Algorithm.HMAC256("secret"));
        assertReason(() -> VERIFIER.verify(joinAsString), TokenException.Reason.MALFORMED);
        String subAsNumber = JWT.create().withIssuer("devkey").withExpiresAt(T0.plusSeconds(60))
                .withClaim("sub", 42).sign(Algorithm.HMAC256("secret"));
        assertReason(() -> VERIFIER.verify(subAsNumber), TokenException.Reason.MALFORMED);
    }

    @Test
    void neverRevealsTokenOrSecretInTextOrStackTraces() {
        String secret = "a-very-private-secret-value";
        AccessToken token = AccessToken.builder("devkey", secret).identity("agent").clock(CLOCK)
                .grant(VideoGrant.join("r")).build();
        String jwt = token.toJwt();
        assertThat(token.toString()).doesNotContain(secret).contains("devkey");
        assertThat(VERIFIER.toString()).doesNotContain("secret");

        String[] parts = jwt.split("\\.");
        String garbledPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{not json".getBytes()) + "." + parts[2];
        List<Runnable> failures = List.of(
                () -> TokenVerifier.of("devkey", "secret").withClock(CLOCK).verify(jwt),
                () -> TokenVerifier.of("devkey", secret).withClock(Clock.offset(CLOCK, Duration.ofDays(1))).verify(jwt),
                () -> TokenVerifier.of("devkey", secret).withClock(CLOCK).verify(garbledPayload),
                () -> TokenVerifier.of("devkey", secret).withClock(CLOCK).verify(jwt + "x"));
        for (Runnable failure : failures) {
            assertThatThrownBy(failure::run).isInstanceOfSatisfying(TokenException.class, e -> {
                String trace = stackTrace(e);
                assertThat(trace).doesNotContain(secret);
                for (String part : parts) {
                    assertThat(trace).doesNotContain(part);
                }
                assertThat(e.retryable()).isFalse();
            });
        }
    }

    @Test
    void refusesToMintAJoinTokenWithoutIdentity() {
        assertReason(() -> AccessToken.builder("devkey", "secret").grant(VideoGrant.join("r")).build(),
                TokenException.Reason.INVALID_INPUT);
        assertReason(() -> AccessToken.builder("devkey", ""), TokenException.Reason.INVALID_INPUT);
    }

    private static void assertReason(Runnable action, TokenException.Reason reason) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(TokenException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
