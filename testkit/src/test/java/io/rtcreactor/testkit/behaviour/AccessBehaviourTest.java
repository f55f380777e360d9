package io.rtcreactor.testkit.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.client.ConnectOptions;
import io.rtcreactor.testkit.client.HttpProbe;
import io.rtcreactor.testkit.client.ProtocolClient;
import io.rtcreactor.testkit.client.Testbed;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who gets in, as a client sees it: LiveKit's endpoints ({@code /rtc}, {@code /rtc/validate}, and 404 on the
 * single-PC {@code /rtc/v1} so that the newest clients fall back) and its token checks (PROTOCOL.md, "Connecting"
 * and "Access tokens").
 */
class AccessBehaviourTest {

    @RegisterExtension
    static final Testbed testbed = Testbed.perClass(Testbed.signalOnlyOptions());

    @Test
    void theSinglePeerConnectionEndpointRefusesTheUpgradeWith404SoClientsFallBackToRtc() {
        ProtocolClient v1 = testbed.connect(testbed.server().token("v1", "alice"), ConnectOptions.defaults().withPath("/rtc/v1"));

        assertThat(v1.awaitRefusal()).isEqualTo(404);
        assertThat(v1.received()).isEmpty();
    }

    @Test
    void theSinglePeerConnectionEndpointsAnswer404ToPlainRequests() {
        String token = testbed.server().token("v1", "alice");
        HttpProbe http = testbed.http();

        assertThat(http.get("/rtc/v1?access_token=" + token).status()).isEqualTo(404);
        assertThat(http.get("/rtc/v1/validate?access_token=" + token).status()).isEqualTo(404);
        assertThat(http.get("/rtc/v1/validate", token).status()).isEqualTo(404);
    }

    @Test
    void validateAnswersSuccessForAGoodTokenInTheQueryOrTheHeader() {
        String token = testbed.server().token("validate", "alice");

        HttpProbe.Answer query = testbed.http().get("/rtc/validate?access_token=" + encode(token));
        HttpProbe.Answer header = testbed.http().get("/rtc/validate", token);

        assertThat(query).isEqualTo(new HttpProbe.Answer(200, "success"));
        assertThat(header).isEqualTo(new HttpProbe.Answer(200, "success"));
    }

    static Stream<Arguments> badTokens() {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        Clock inAnHour = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        return Stream.of(
                Arguments.of("a wrong signature", AccessToken.builder("devkey", "not-the-secret").identity("alice")
                        .grant(VideoGrant.join("tokens")).build().toJwt()),
                Arguments.of("an unknown API key", AccessToken.builder("otherkey", "secret").identity("alice")
                        .grant(VideoGrant.join("tokens")).build().toJwt()),
                Arguments.of("an expired token", AccessToken.builder("devkey", "secret").identity("alice")
                        .grant(VideoGrant.join("tokens")).ttl(Duration.ofHours(1)).clock(twoHoursAgo).build().toJwt()),
                Arguments.of("a token not valid yet", AccessToken.builder("devkey", "secret").identity("alice")
                        .grant(VideoGrant.join("tokens")).ttl(Duration.ofHours(1)).clock(inAnHour).build().toJwt()),
                Arguments.of("no roomJoin grant", AccessToken.builder("devkey", "secret").identity("alice")
                        .grant(VideoGrant.builder().room("tokens").build()).build().toJwt()),
                Arguments.of("garbage", "not.a.jwt"),
                Arguments.of("no token at all", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTokens")
    void aBadTokenIsRefusedWith401ByTheUpgradeAndByValidateWithAReasonThatDoesNotRepeatTheToken(String what,
                                                                                               String token) {
        ProtocolClient client = testbed.connect(token, ConnectOptions.defaults());

        assertThat(client.awaitRefusal()).isEqualTo(401);
        HttpProbe.Answer validate = testbed.http().get("/rtc/validate?access_token=" + encode(token));
        HttpProbe.Answer plain = testbed.http().get("/rtc?access_token=" + encode(token));
        assertThat(validate.status()).isEqualTo(401);
        assertThat(plain.status()).isEqualTo(401);
        assertThat(validate.body()).isNotBlank();
        if (!token.isEmpty()) {
            assertThat(validate.body()).doesNotContain(token);
            assertThat(plain.body()).doesNotContain(token);
            for (String part : token.split("\\.")) {
                if (part.length() > 8) {
                    assertThat(validate.body()).as("the reason must not quote the token").doesNotContain(part);
                }
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
