package io.rtcreactor.engine.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtcreactor.engine.testing.PropertyDeadline;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, fuzzing, tokens: what the testkit (and any server built on {@link TokenVerifier}) does with whatever
 * arrives as an access token — random text, a valid token with characters changed, and properly signed tokens whose
 * claims have absurd values and wrong JSON types (numbers for booleans, arrays for strings, objects nested where a
 * string belongs, times in the past, the far future or negative). Every token verifies or is refused with a
 * {@link TokenException} whose message names what was wrong and never contains the token; nothing else is
 * thrown. Cases: {@code -Drtcr.fuzz.tries} (1000 in CI).
 */
@AddLifecycleHook(PropertyDeadline.class)
class TokenFuzzTest {

    private static final TokenVerifier VERIFIER = TokenVerifier.of("devkey", "secret");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CLAIMS = {"room", "roomJoin", "canPublish", "canSubscribe", "canPublishData",
        "canUpdateOwnMetadata", "hidden", "agent", "canPublishSources", "roomAdmin", "roomCreate"};

    @Property
    void randomTextIsRefusedWithAReason(@ForAll("text") String token) {
        verifiesOrRefuses(token);
    }

    @Property
    void aValidTokenWithCharactersChangedVerifiesOrIsRefused(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        char[] token = valid().toCharArray();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            token[random.nextInt(token.length)] = "AZaz09-_.=+/ ".charAt(random.nextInt(13));
        }
        verifiesOrRefuses(new String(token));
    }

    @Property
    void signedTokensWithAbsurdClaimsVerifyOrAreRefused(@ForAll("seeds") long seed) throws Exception {
        Random random = new Random(seed);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", random.nextInt(10) == 0 ? value(random, 0) : "devkey");
        putSometimes(payload, "sub", random, random.nextBoolean() ? "agent" : value(random, 0));
        putSometimes(payload, "exp", random, random.nextBoolean()
                ? Instant.now().plusSeconds(random.nextInt(7200) - 600).getEpochSecond() : value(random, 0));
        putSometimes(payload, "nbf", random, value(random, 0));
        putSometimes(payload, "name", random, value(random, 0));
        putSometimes(payload, "metadata", random, value(random, 0));
        putSometimes(payload, "kind", random, random.nextBoolean() ? "agent" : value(random, 0));
        putSometimes(payload, "attributes", random, value(random, 0));
        putSometimes(payload, "roomConfig", random, value(random, 0));
        Map<String, Object> video = new LinkedHashMap<>();
        for (String claim : CLAIMS) {
            putSometimes(video, claim, random, random.nextBoolean() ? plausible(claim, random) : value(random, 0));
        }
        payload.put("video", random.nextInt(10) == 0 ? value(random, 0) : video);
        verifiesOrRefuses(signed(payload));
    }

    /**
     * The payload signed with the server's secret, assembled here rather than by the JWT library, which refuses to
     * sign registered claims of the wrong type: a server must still cope with such a token, minted by anyone.
     */
    private static String signed(Map<String, Object> payload) throws Exception {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(UTF_8)) + "."
                + base64.encodeToString(JSON.writeValueAsBytes(payload));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("secret".getBytes(UTF_8), "HmacSHA256"));
        return unsigned + "." + base64.encodeToString(mac.doFinal(unsigned.getBytes(UTF_8)));
    }

    private static void verifiesOrRefuses(String token) {
        for (TokenVerifier.Requirement[] requirements : List.of(new TokenVerifier.Requirement[0],
                TokenVerifier.Requirement.values())) {
            try {
                VerifiedToken verified = VERIFIER.verify(token, requirements);
                assertThat(verified.identity()).isNotNull();
                assertThat(verified.video()).isNotNull();
            } catch (TokenException refused) {
                assertThat(refused.getMessage()).isNotBlank();
                if (token.length() > 8) {
                    assertThat(refused.getMessage()).doesNotContain(token);
                }
            }
        }
    }

    private static String valid() {
        return AccessToken.builder("devkey", "secret").identity("agent").grant(VideoGrant.join("room")).build()
                .toJwt();
    }

    private static void putSometimes(Map<String, Object> map, String key, Random random, Object value) {
        if (random.nextInt(4) != 0) {
            map.put(key, value);
        }
    }

    /** A value of the right type for {@code claim}, often one LiveKit would not expect. */
    private static Object plausible(String claim, Random random) {
        return switch (claim) {
            case "room" -> random.nextBoolean() ? "room" : "";
            case "canPublishSources" -> List.of(random.nextBoolean() ? "microphone" : "CAMERA", "");
            default -> random.nextBoolean();
        };
    }

    /** Any JSON value, nested up to three deep. */
    private static Object value(Random random, int depth) {
        switch (random.nextInt(depth >= 3 ? 6 : 8)) {
            case 0:
                return null;
            case 1:
                return random.nextBoolean();
            case 2:
                return random.nextInt(3) == 0 ? Long.MIN_VALUE : random.nextLong();
            case 3:
                return random.nextDouble() * 1e300;
            case 4:
                return "x".repeat(random.nextInt(3) == 0 ? 10_000 : random.nextInt(5));
            case 5:
                return -1;
            case 6: {
                List<Object> list = new ArrayList<>();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    list.add(value(random, depth + 1));
                }
                return list;
            }
            default: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0, n = random.nextInt(4); i < n; i++) {
                    map.put(random.nextBoolean() ? "k" + i : CLAIMS[random.nextInt(CLAIMS.length)],
                            value(random, depth + 1));
                }
                return map;
            }
        }
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(600),
                Arbitraries.strings().withChars("AZaz09-_.").ofMaxLength(600));
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
