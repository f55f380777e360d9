package io.rtcreactor.samples.gateway;

import java.time.Instant;

/**
 * An agent session as the API shows it.
 *
 * @param id        the gateway's id of the session
 * @param room      the room it is in
 * @param identity  its participant identity
 * @param state     its connection state ({@code CONNECTING}, {@code CONNECTED}, {@code RESUMING}, …)
 * @param startedAt when it was asked for
 */
public record AgentView(String id, String room, String identity, String state, Instant startedAt) {
}
