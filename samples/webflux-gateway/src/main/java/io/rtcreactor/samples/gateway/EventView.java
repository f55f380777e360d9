package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.samples.echo.EventText;
import java.time.Instant;

/**
 * One room event as a Server-Sent Event's data: its type and the echo agent's one-line text for it.
 *
 * @param type the event record's name ({@code Reconnected}, {@code TrackSubscribed}, …)
 * @param text what happened, as the echo agent's timeline says it
 * @param at   when the gateway saw it
 */
public record EventView(String type, String text, Instant at) {

    static EventView of(RoomEvent event, Instant at) {
        return new EventView(event.getClass().getSimpleName(), EventText.of(event), at);
    }
}
