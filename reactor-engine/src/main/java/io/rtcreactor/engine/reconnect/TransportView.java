package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.rtc.PeerState;

/**
 * What the supervisor knows about one transport of the current generation.
 *
 * @param open           the transport exists (the publisher only once something used it)
 * @param state          its last reported aggregate state
 * @param renegotiatedIn the attempt (its connection epoch) in which an answer was last applied on it, or 0
 * @param credentials    the local ICE ufrag of its newest local description, or empty before the first one
 * @param credentialsIn  the attempt in which those credentials were set (0: outside any attempt)
 * @param pathOn         the ufrag a look at its stats proved a working pair on, for the current credentials only
 */
public record TransportView(boolean open, PeerState state, int renegotiatedIn, String credentials, int credentialsIn,
                            String pathOn) {

    /** Not created (yet) in this generation. */
    public static final TransportView ABSENT = new TransportView(false, PeerState.NEW, 0, "", 0, "");

    TransportView opened() {
        return new TransportView(true, state, renegotiatedIn, credentials, credentialsIn, pathOn);
    }

    TransportView withState(PeerState value) {
        return new TransportView(open, value, renegotiatedIn, credentials, credentialsIn, pathOn);
    }

    TransportView renegotiated(int epoch) {
        return new TransportView(open, state, epoch, credentials, credentialsIn, pathOn);
    }

    /** New credentials: whatever was proven about the old ones no longer counts. */
    TransportView withCredentials(String ufrag, int epoch) {
        return new TransportView(open, state, renegotiatedIn, ufrag, epoch, "");
    }

    TransportView withPath(String ufrag) {
        return new TransportView(open, state, renegotiatedIn, credentials, credentialsIn, ufrag);
    }

    /**
     * True if the transport runs on credentials set during attempt {@code epoch}, proven by a look at its stats
     * (invariant 8: "connected on the new ICE credentials"), and says so itself.
     */
    boolean connectedOnCredentialsOf(int epoch) {
        return open && epoch != 0 && credentialsIn == epoch && !credentials.isEmpty() && credentials.equals(pathOn)
                && state == PeerState.CONNECTED;
    }
}
