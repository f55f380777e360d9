package io.rtcreactor.engine.reconnect;

import io.rtcreactor.engine.RtcReactorException;
import io.rtcreactor.engine.rtc.PeerState;
import java.time.Duration;

/**
 * A first join's transports did not connect within the recovery timeout, though the server had answered: the
 * attempt fails (and is retried while the join's bound allows); the message says where each transport got to.
 */
public final class TransportsNotConnectedException extends RtcReactorException {

    private static final long serialVersionUID = 1L;

    public TransportsNotConnectedException(Duration deadline, PeerState publisher, boolean publisherNeeded,
                                           PeerState subscriber, boolean subscriberNeeded) {
        super("the transports did not connect within " + deadline.toMillis() + " ms of the server's answer"
                + " (publisher " + describe(publisher, publisherNeeded) + ", subscriber "
                + describe(subscriber, subscriberNeeded) + ")");
    }

    private static String describe(PeerState state, boolean needed) {
        return needed ? state.name() : state.name() + ", not needed";
    }

    @Override
    public boolean retryable() {
        return true;
    }
}
