package io.rtcreactor.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rtcreactor.engine.AutoSubscribe;
import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.EngineMetrics;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.token.TokenVerifier;
import io.rtcreactor.engine.token.VerifiedToken;
import io.rtcreactor.testkit.TestkitTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The beans, their conditions and the properties' binding, without a server. */
@Timeout(60)
class RtcReactorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RtcReactorAutoConfiguration.class,
                    RtcReactorHealthAutoConfiguration.class));

    @Test
    void unsetOptionsKeepTheEngineDefaults() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(RtcRuntime.class).hasSingleBean(RoomConnector.class)
                    .hasSingleBean(RoomOptions.class);
            RoomOptions options = context.getBean(RoomOptions.class);
            RoomOptions defaults = RoomOptions.defaults();
            assertThat(options.connectTimeout()).isEqualTo(defaults.connectTimeout());
            assertThat(options.recoveryTimeout()).isEqualTo(defaults.recoveryTimeout());
            assertThat(options.autoSubscribe()).isEqualTo(defaults.autoSubscribe());
            assertThat(options.flightRecorder()).isEqualTo(defaults.flightRecorder());
            assertThat(options.reconnectPolicy().deadline()).isEqualTo(defaults.reconnectPolicy().deadline());
            assertThat(options.rtcRuntime()).as("the rooms use the runtime bean")
                    .isSameAs(context.getBean(RtcRuntime.class));
        });
    }

    @Test
    void aTlsTrustFileBecomesTheEnginesTrustAndAnUnreadableOneStopsTheStart(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("ca.pem"), TestkitTls.selfSigned().certificatePem());
        runner.withPropertyValues("rtc-reactor.options.tls-trust=" + pem).run(context -> assertThat(
                context.getBean(RoomOptions.class).tlsTrust().description()).contains(pem.toString()));
        runner.run(context -> assertThat(context.getBean(RoomOptions.class).tlsTrust())
                .isSameAs(io.rtcreactor.engine.TlsTrust.system()));
        runner.withPropertyValues("rtc-reactor.options.tls-trust=" + dir.resolve("missing.pem")).run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("missing.pem"));
    }

    @Test
    void propertiesBecomeTheEngineOptions() {
        runner.withPropertyValues("rtc-reactor.options.connect-timeout=3s",
                        "rtc-reactor.options.auto-subscribe=ALL",
                        "rtc-reactor.options.flight-recorder=64",
                        "rtc-reactor.options.disconnect-timeout=750ms",
                        "rtc-reactor.options.join-timeout=12s",
                        "rtc-reactor.options.path-silence-limit=0s",
                        "rtc-reactor.options.region-failover=false",
                        "rtc-reactor.options.reconnect.max-attempts=4",
                        "rtc-reactor.options.reconnect.deadline=20s")
                .run(context -> {
                    RoomOptions options = context.getBean(RoomOptions.class);
                    assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(options.autoSubscribe()).isEqualTo(AutoSubscribe.ALL);
                    assertThat(options.flightRecorder()).isEqualTo(64);
                    assertThat(options.disconnectTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(options.joinTimeout()).isEqualTo(Duration.ofSeconds(12));
                    assertThat(options.pathSilenceLimit()).as("0 switches the watch off").isZero();
                    assertThat(options.regionFailover()).isFalse();
                    assertThat(options.reconnectPolicy()).isInstanceOf(JitteredBackoff.class);
                    assertThat(options.reconnectPolicy().deadline()).isEqualTo(Duration.ofSeconds(20));
                    // the fifth attempt is refused: four at most
                    assertThat(options.reconnectPolicy().nextDelay(4, Duration.ZERO, new RuntimeException()))
                            .isPresent();
                    assertThat(options.reconnectPolicy().nextDelay(5, Duration.ZERO, new RuntimeException()))
                            .isEmpty();
                });
    }

    @Test
    void customizersRunInOrderAfterTheProperties() {
        runner.withPropertyValues("rtc-reactor.options.event-buffer=10")
                .withBean("second", RoomOptionsCustomizer.class, () -> new Second())
                .withBean("first", RoomOptionsCustomizer.class, () -> new First())
                .run(context -> assertThat(context.getBean(RoomOptions.class).eventBuffer()).isEqualTo(22));
    }

    @Test
    void tokensGrantWhatThePropertiesSay() {
        runner.withPropertyValues("rtc-reactor.api-key=key1", "rtc-reactor.api-secret=a-secret-of-32-characters-long!!",
                        "rtc-reactor.token.ttl=10m", "rtc-reactor.token.agent=false")
                .run(context -> {
                    String jwt = context.getBean(RoomConnector.class).token("support", "agent-7");
                    VerifiedToken token = TokenVerifier.of("key1", "a-secret-of-32-characters-long!!").verify(jwt);
                    assertThat(token.identity()).isEqualTo("agent-7");
                    assertThat(token.video().room()).isEqualTo("support");
                    assertThat(token.video().mayJoin()).isTrue();
                    assertThat(token.video().isAgent()).isFalse();
                    assertThat(token.video().mayUpdateOwnMetadata()).isTrue();
                    assertThat(Duration.between(token.notBefore(), token.expiresAt()))
                            .isLessThanOrEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void missingSettingsAreNamedAndTheSecretIsNeverShown() {
        runner.withPropertyValues("rtc-reactor.api-key=key1", "rtc-reactor.api-secret=do-not-print-me")
                .run(context -> {
                    RoomConnector connector = context.getBean(RoomConnector.class);
                    assertThatThrownBy(() -> connector.create("r", "i"))
                            .hasMessageContaining("rtc-reactor.url is not set");
                    assertThat(context.getBean(RtcReactorProperties.class).toString())
                            .contains("apiSecret=(set)").doesNotContain("do-not-print-me");
                });
        runner.withPropertyValues("rtc-reactor.url=ws://127.0.0.1:1")
                .run(context -> assertThatThrownBy(() -> context.getBean(RoomConnector.class).token("r", "i"))
                        .hasMessageContaining("rtc-reactor.api-key and rtc-reactor.api-secret are not set"));
    }

    @Test
    void micrometerIsUsedWhenTheApplicationHasARegistry() {
        runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context.getBean(EngineMetrics.class)).isInstanceOf(MicrometerMetrics.class);
            assertThat(context.getBean(RoomOptions.class).metrics()).isSameAs(context.getBean(EngineMetrics.class));
        });
        runner.run(context -> assertThat(context.getBean(EngineMetrics.class)).isSameAs(EngineMetrics.NONE));
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(EngineMetrics.class)).isSameAs(EngineMetrics.NONE);
        });
    }

    @Test
    void theHealthIndicatorListsSessionsByStateAndCanBeTurnedOff() {
        runner.run(context -> {
            Health health = context.getBean("rtcReactorHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("sessions", "livePeerConnections", "runtime");
            @SuppressWarnings("unchecked")
            java.util.Map<String, Integer> sessions = (java.util.Map<String, Integer>) health.getDetails()
                    .get("sessions");
            assertThat(sessions).containsEntry(ConnectionState.CONNECTED.name(), 0)
                    .containsKeys("CONNECTING", "RESUMING", "RECONNECTING");
        });
        runner.withPropertyValues("management.health.rtc-reactor.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RtcReactorHealthIndicator.class));
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RtcReactorHealthIndicator.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        RoomConnector own = new RoomConnector(
                new RtcReactorProperties(null, null, null, null, null), RoomOptions.defaults());
        runner.withBean(RoomConnector.class, () -> own)
                .run(context -> assertThat(context.getBean(RoomConnector.class)).isSameAs(own));
    }

    @Test
    void theRuntimeIsReleasedWhenTheContextCloses() {
        RtcRuntime[] runtime = new RtcRuntime[1];
        runner.run(context -> runtime[0] = context.getBean(RtcRuntime.class));
        assertThatThrownBy(runtime[0]::retain).as("released: it cannot be held again")
                .hasMessageContaining("already closed");
    }

    @Order(1)
    static final class First implements RoomOptionsCustomizer {
        @Override
        public RoomOptions customize(RoomOptions options) {
            return options.withEventBuffer(options.eventBuffer() + 1);
        }
    }

    @Order(2)
    static final class Second implements RoomOptionsCustomizer {
        @Override
        public RoomOptions customize(RoomOptions options) {
            return options.withEventBuffer(options.eventBuffer() * 2);
        }
    }
}
