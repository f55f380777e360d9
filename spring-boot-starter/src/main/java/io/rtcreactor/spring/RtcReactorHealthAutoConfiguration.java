package io.rtcreactor.spring;

import io.rtcreactor.engine.rtc.RtcRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code rtcReactor} health indicator, when Spring Boot's health support is on the class path (the actuator
 * brings it); {@code management.health.rtc-reactor.enabled=false} turns it off.
 */
@AutoConfiguration(after = RtcReactorAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(RoomConnector.class)
@ConditionalOnEnabledHealthIndicator("rtc-reactor")
public class RtcReactorHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "rtcReactorHealthIndicator")
    public RtcReactorHealthIndicator rtcReactorHealthIndicator(RoomConnector connector, RtcRuntime runtime) {
        return new RtcReactorHealthIndicator(connector, runtime);
    }
}
