package io.rtcreactor.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13: over a whole faulted session (a migration, a dropped signal connection, a full reconnect, then a rejoin
 * the server refuses with 401) and a join with a token the server rejects, no log line (the engine's at DEBUG, the
 * rest at INFO), no exception message or stack trace, no event, no diagnostic dump and no metric tag contains the
 * API secret or an access token.
 */
@Timeout(150)
class SecretsTest {

    private static final String KEY = "APIscan7Qk2";
    private static final String SECRET = "sEcReT-4f7a9c2e8b1d6053a7e9c4b2d8f1a6e3-do-not-log";
    /** Any JWT: three base64url parts, the first a JSON header. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}");

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    private Level engineLevel;

    @BeforeEach
    void capture() {
        captured.setContext(logging);
        captured.start();
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(captured);
        Logger engine = logging.getLogger("io.rtcreactor");
        engineLevel = engine.getLevel();
        // The engine's and the testkit's DEBUG lines too, into the capture only (not the console).
        engine.setLevel(Level.DEBUG);
        engine.setAdditive(false);
        engine.addAppender(captured);
    }

    @AfterEach
    void release() {
        Logger engine = logging.getLogger("io.rtcreactor");
        engine.detachAppender(captured);
        engine.setAdditive(true);
        engine.setLevel(engineLevel);
        logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        captured.stop();
    }

    @Test
    void noSecretAndNoTokenAnywhereOverAFaultedSession() {
        NetworkNamespace.requireIsolated();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> seen = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        try (Scenario scenario = Scenario.start(TestkitOptions.defaults().withApiKey(KEY, SECRET),
                Scenario.fastOptions().withMetrics(MicrometerMetrics.bind(registry)))) {
            scenario.established();
            tokens.add(scenario.harness.server.token(Scenario.ROOM, "agent"));
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            scenario.fault(new Fault.CloseSignal(true));
            scenario.reconnected(2);
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true));
            assertThat(scenario.reconnected(3).mode()).isEqualTo(Mode.FULL);
            scenario.recovered();
            // The next rejoin is refused as a rejected token is: the session ends, saying so.
            scenario.fault(new Fault.Refuse(401, 20));
            scenario.fault(new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, true));
            RoomEvent.Disconnected ended = scenario.disconnected();
            assertThat(describe(ended.cause())).as("the end names the refusal").contains("401");

            // A join with a token signed with another secret.
            String forged = AccessToken.builder(KEY, "another-secret-of-at-least-32-characters!!")
                    .identity("intruder").grant(VideoGrant.join(Scenario.ROOM)).build().toJwt();
            tokens.add(forged);
            Room refused = Room.create(scenario.harness.server.url(), forged, RoomOptions.defaults());
            assertThatThrownBy(() -> refused.connect().block(Harness.WAIT))
                    .satisfies(error -> seen.add(describe(error)));

            for (Harness.Recorded recorded : List.of(scenario.agent, scenario.peer)) {
                for (RoomEvent event : recorded.events(RoomEvent.class)) {
                    seen.add(event.toString());
                    if (event instanceof RoomEvent.Disconnected disconnected && disconnected.cause() != null) {
                        seen.add(describe(disconnected.cause()));
                    }
                }
                seen.add(recorded.room.diagnostics().toString());
                seen.add(recorded.room.toString());
            }
            seen.add(refused.diagnostics().toString());
            registry.getMeters().forEach(meter -> seen.add(meter.getId().toString()));
        }
        for (ILoggingEvent event : captured.list) {
            seen.add(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                seen.add(ThrowableProxyUtil.asString(event.getThrowableProxy()));
            }
        }
        assertThat(captured.list).as("the capture works").hasSizeGreaterThan(100);
        assertThat(String.join("\n", seen)).as("what was captured").contains("resum", "401");
        for (String text : seen) {
            assertThat(text).doesNotContain(SECRET);
            assertThat(JWT.matcher(text).find()).as("a token in: %s", text).isFalse();
            for (String token : tokens) {
                assertThat(text).doesNotContain(token.substring(token.lastIndexOf('.') + 1));
            }
        }
    }

    /** An exception as a log would show it: class, message, causes, stack. */
    private static String describe(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
