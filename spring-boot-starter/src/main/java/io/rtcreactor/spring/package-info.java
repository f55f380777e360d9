/**
 * Spring Boot auto-configuration for RTC Reactor: {@code rtc-reactor.*} properties ({@link
 * io.rtcreactor.spring.RtcReactorProperties}), a {@link io.rtcreactor.spring.RoomConnector} bean that mints tokens
 * and connects rooms, the WebRTC runtime as a bean closed on shutdown, a health indicator and Micrometer metrics
 * when the application has them. Registered in
 * {@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}.
 */
package io.rtcreactor.spring;
