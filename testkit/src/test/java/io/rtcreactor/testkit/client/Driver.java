package io.rtcreactor.testkit.client;

import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.fault.Fault;

/** How a test injects a fault: the in-process Java API, or the JSON control API other tools use. */
public enum Driver {

    /** {@link LoopbackServer#fault}. */
    JAVA {
        @Override
        public int apply(LoopbackServer server, String room, String identity, Fault fault) {
            return server.fault(room, identity, fault).block(ProtocolClient.WAIT);
        }
    },

    /** {@code POST /_testkit/faults} with FAULTS.md's JSON. */
    JSON {
        @Override
        public int apply(LoopbackServer server, String room, String identity, Fault fault) {
            return new HttpProbe(server.httpUrl()).postJson("/_testkit/faults", FaultJson.of(room, identity, fault))
                    .status();
        }
    };

    /** Applies the fault and returns the control API's status (200 accepted, 404 no such participant). */
    public abstract int apply(LoopbackServer server, String room, String identity, Fault fault);
}
