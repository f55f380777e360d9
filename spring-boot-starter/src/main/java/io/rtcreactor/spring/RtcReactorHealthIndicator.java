package io.rtcreactor.spring;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.rtc.RtcRuntime;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code rtcReactor} in the health endpoint: the rooms by state and the runtime's live peer connections. A room
 * that is resuming or reconnecting does not make the application DOWN: recovering is the engine doing its job, and
 * a load balancer that pulled the instance then would drop the very calls being saved. The details show it.
 */
public final class RtcReactorHealthIndicator implements HealthIndicator {

    private final RoomConnector connector;
    private final RtcRuntime runtime;

    public RtcReactorHealthIndicator(RoomConnector connector, RtcRuntime runtime) {
        this.connector = connector;
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        Map<ConnectionState, Integer> sessions = connector.sessionsByState();
        return Health.up()
                .withDetail("sessions", byName(sessions))
                .withDetail("recovering", sessions.get(ConnectionState.RESUMING)
                        + sessions.get(ConnectionState.RECONNECTING))
                .withDetail("livePeerConnections", runtime.livePeerConnections())
                .withDetail("runtime", runtime.name())
                .build();
    }

    private static Map<String, Integer> byName(Map<ConnectionState, Integer> sessions) {
        Map<String, Integer> named = new java.util.LinkedHashMap<>();
        sessions.forEach((state, count) -> named.put(state.name(), count));
        return named;
    }
}
