package io.rtcreactor.engine.rtc;

import reactor.core.publisher.Mono;

/**
 * Runs before each SDP step of a negotiator; the step waits for the returned {@link Mono}. The default does
 * nothing. Fault tests use it to make a step slow or stuck (FAULTS.md F3: "an SDP step that cannot complete"),
 * which is how they prove that control messages are never held behind SDP work.
 */
@FunctionalInterface
public interface SdpStepHook {

    /** No delay. */
    SdpStepHook NONE = (transport, step, offerId) -> Mono.empty();

    /**
     * @param transport the transport's name, e.g. {@code publisher#2}
     * @param step      {@code createOffer}, {@code setLocalDescription}, {@code setRemoteDescription} or
     *                  {@code createAnswer}
     * @param offerId   the offer id the step belongs to
     */
    Mono<Void> before(String transport, String step, int offerId);
}
