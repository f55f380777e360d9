/**
 * The WebFlux agent gateway: a Spring Boot service on RTC Reactor's starter that runs echo-agent sessions on
 * request ({@link io.rtcreactor.samples.gateway.AgentController}), streams each one's events as Server-Sent Events,
 * and exposes health and Prometheus metrics through the actuator. With no {@code rtc-reactor.url} it starts the
 * testkit in its own process ({@link io.rtcreactor.samples.gateway.EmbeddedTestkit}), so {@code java -jar} alone
 * gives a working server to call.
 */
package io.rtcreactor.samples.gateway;
