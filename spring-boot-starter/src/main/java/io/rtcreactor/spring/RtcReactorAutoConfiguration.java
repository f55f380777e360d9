package io.rtcreactor.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.metrics.EngineMetrics;
import io.rtcreactor.engine.metrics.MicrometerMetrics;
import io.rtcreactor.engine.rtc.RtcRuntime;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The beans of RTC Reactor: the WebRTC runtime (one set of native threads for every room; released on shutdown,
 * after the rooms), the {@link RoomOptions} built from {@code rtc-reactor.options.*} and any
 * {@link RoomOptionsCustomizer}, the {@link RoomConnector} (its rooms leave early in the shutdown, while the network
 * still works: {@link RoomConnectorLifecycle}), Micrometer metrics when a {@code MeterRegistry} bean exists, and a
 * health indicator when Spring Boot's health support is present. Each bean backs off when the application defines
 * its own.
 */
@AutoConfiguration
@ConditionalOnClass(Room.class)
@EnableConfigurationProperties(RtcReactorProperties.class)
public class RtcReactorAutoConfiguration {

    /**
     * The WebRTC runtime every room of the application shares (loading the native library, about a quarter of a
     * second, happens here, at start-up, not on the first call). Released on shutdown, after the rooms (the
     * connector depends on it, so Spring destroys the connector first); Spring awaits the returned Mono.
     */
    @Bean(destroyMethod = "release")
    @ConditionalOnMissingBean
    public RtcRuntime rtcReactorRuntime() {
        return RtcRuntime.create("spring");
    }

    /**
     * The engine's metrics: Micrometer when the application has a registry (looked up when the options are built,
     * so the order of auto-configurations does not matter), none otherwise.
     */
    @Bean
    @ConditionalOnMissingBean
    public EngineMetrics rtcReactorMetrics(ObjectProvider<MicrometerPresence> micrometer) {
        MicrometerPresence presence = micrometer.getIfAvailable();
        return presence == null ? EngineMetrics.NONE : presence.metrics();
    }

    @Bean
    @ConditionalOnMissingBean
    public RoomOptions rtcReactorRoomOptions(RtcReactorProperties properties, RtcRuntime runtime,
                                             EngineMetrics metrics,
                                             ObjectProvider<RoomOptionsCustomizer> customizers) {
        RoomOptions options = OptionsBinding.apply(properties.options(), RoomOptions.defaults())
                .withRtcRuntime(runtime)
                .withMetrics(metrics);
        for (RoomOptionsCustomizer customizer : customizers.orderedStream().toList()) {
            options = customizer.customize(options);
        }
        return options;
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public RoomConnector rtcReactorRoomConnector(RtcReactorProperties properties, RoomOptions options) {
        return new RoomConnector(properties, options);
    }

    /** Leaves the rooms early in the shutdown, while the network still works (see the class). */
    @Bean
    @ConditionalOnMissingBean
    public RoomConnectorLifecycle rtcReactorRoomConnectorLifecycle(RoomConnector connector) {
        return new RoomConnectorLifecycle(connector);
    }

    /** Present only with Micrometer on the class path and a registry in the context. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class MicrometerConfiguration {

        @Bean
        MicrometerPresence rtcReactorMicrometerPresence(ObjectProvider<MeterRegistry> registry) {
            return () -> {
                MeterRegistry found = registry.getIfAvailable();
                return found == null ? EngineMetrics.NONE : MicrometerMetrics.bind(found);
            };
        }
    }

    /** Keeps Micrometer's classes out of the outer configuration, which must load without them. */
    @FunctionalInterface
    interface MicrometerPresence {
        EngineMetrics metrics();
    }
}
