package io.rtcreactor.spring;

import io.rtcreactor.engine.RoomOptions;

/**
 * Adjusts the {@link RoomOptions} the auto-configuration builds from the properties, for what properties cannot say
 * (a custom {@code ReconnectPolicy}, a scheduler). Options are immutable: return the changed copy. Customizers run
 * in their {@code @Order}.
 */
@FunctionalInterface
public interface RoomOptionsCustomizer {

    RoomOptions customize(RoomOptions options);
}
