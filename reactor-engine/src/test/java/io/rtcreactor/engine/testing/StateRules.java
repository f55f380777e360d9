package io.rtcreactor.engine.testing;

import io.rtcreactor.engine.ConnectionState;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.rtcreactor.engine.ConnectionState.CONNECTED;
import static io.rtcreactor.engine.ConnectionState.CONNECTING;
import static io.rtcreactor.engine.ConnectionState.DISCONNECTED;
import static io.rtcreactor.engine.ConnectionState.RECONNECTING;
import static io.rtcreactor.engine.ConnectionState.RESUMING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state changes a session may make (DESIGN.md's state machine), as an oracle independent of the engine's own
 * transition function: a join ends connected or disconnected; a connected session resumes, reconnects or ends; a
 * resume that fails escalates to a full reconnect; nothing leaves DISCONNECTED.
 */
public final class StateRules {

    private static final Map<ConnectionState, Set<ConnectionState>> LEGAL = Map.of(
            CONNECTING, EnumSet.of(CONNECTED, DISCONNECTED),
            CONNECTED, EnumSet.of(RESUMING, RECONNECTING, DISCONNECTED),
            RESUMING, EnumSet.of(CONNECTED, RECONNECTING, DISCONNECTED),
            RECONNECTING, EnumSet.of(CONNECTED, DISCONNECTED),
            DISCONNECTED, EnumSet.noneOf(ConnectionState.class));

    private StateRules() {
    }

    /** Fails naming the first illegal change in {@code states} (repeats of one state are not changes). */
    public static void assertLegal(List<ConnectionState> states) {
        for (int i = 1; i < states.size(); i++) {
            ConnectionState from = states.get(i - 1);
            ConnectionState to = states.get(i);
            assertThat(from == to || LEGAL.get(from).contains(to)).as("%s -> %s in %s", from, to, states).isTrue();
        }
    }
}
