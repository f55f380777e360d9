/**
 * What the engine counts and times, for operators: {@link io.rtcreactor.engine.metrics.EngineMetrics} is the
 * engine's side (no dependency), {@link io.rtcreactor.engine.metrics.MicrometerMetrics} binds it to a Micrometer
 * {@code MeterRegistry} (Micrometer is an optional dependency: add {@code io.micrometer:micrometer-core} to use it).
 * Tags never carry a token, an identity or a room name (cardinality and secrecy).
 */
package io.rtcreactor.engine.metrics;
