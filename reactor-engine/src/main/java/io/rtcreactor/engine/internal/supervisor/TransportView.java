package io.rtcreactor.engine.internal.supervisor;

import io.rtcreactor.engine.rtc.PeerState;

/**
 * What the supervisor knows about one transport of the current generation.
 *
 * @param open           the transport exists (the publisher only once something used it)
 * @param needed         the session is not connected without it: the primary transport the JoinResponse named
 *                       ({@code subscriber_primary}), the publisher once opened, the subscriber once the server
 *                       offered on it. A publish-only token makes the publisher primary, and the server may never
 *                       offer on the subscriber; waiting for it would wait for ever.
 * @param state          its last reported aggregate state
 * @param renegotiatedIn the attempt (its connection epoch) in which an answer was last applied on it, or 0
 * @param credentials    the local ICE ufrag of its newest local description, or empty before the first one
 * @param credentialsIn  the attempt in which those credentials were set (0: outside any attempt)
 * @param pathOn         the ufrag a look at its stats proved a working pair on, for the current credentials only
 */
public record TransportView(boolean open, boolean needed, PeerState state, int renegotiatedIn, String credentials,
                            int credentialsIn, String pathOn) {

    /** Not created (yet) in this generation. */
    public static final TransportView ABSENT = new TransportView(false, false, PeerState.NEW, 0, "", 0, "");

    TransportView opened() {
        return new TransportView(true, needed, state, renegotiatedIn, credentials, credentialsIn, pathOn);
    }

    TransportView asNeeded() {
        return new TransportView(open, true, state, renegotiatedIn, credentials, credentialsIn, pathOn);
    }

    /** Connected, or not needed: either way nothing to wait for (full join). */
    boolean settled() {
        return !needed || (open && state == PeerState.CONNECTED);
    }

    TransportView withState(PeerState value) {
        return new TransportView(open, needed, value, renegotiatedIn, credentials, credentialsIn, pathOn);
    }

    TransportView renegotiated(int epoch) {
        return new TransportView(open, needed, state, epoch, credentials, credentialsIn, pathOn);
    }

    /** New credentials: whatever was proven about the old ones no longer counts. */
    TransportView withCredentials(String ufrag, int epoch) {
        return new TransportView(open, needed, state, renegotiatedIn, ufrag, epoch, "");
    }

    TransportView withPath(String ufrag) {
        return new TransportView(open, needed, state, renegotiatedIn, credentials, credentialsIn, ufrag);
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
