package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Keeps one server PC's local candidates until the offer or answer carrying their ICE credentials has been sent,
 * as LiveKit's server does ({@code cacheLocalCandidates} until {@code localDescriptionSent} in its
 * {@code transport.go}): a client never sees a candidate for credentials it has not been given. libwebrtc starts
 * gathering when the description is applied locally, which is before the testkit sends it (and long before, when
 * {@code delay_offer} or {@code withhold_answer} hold it). Candidates are matched to descriptions by ICE ufrag,
 * which covers ICE restarts too. Lane-confined.
 */
final class CandidateHold {

    private final Set<String> sentUfrags = new HashSet<>();
    private final List<IceCandidate> held = new ArrayList<>();

    /** True if {@code candidate} may be sent now; otherwise it is kept until its description is sent. */
    boolean admit(IceCandidate candidate) {
        String ufrag = candidate.usernameFragment();
        if (ufrag.isEmpty() ? !sentUfrags.isEmpty() : sentUfrags.contains(ufrag)) {
            return true;
        }
        held.add(candidate);
        return false;
    }

    /** A description with {@code ufrag} was sent: releases, in gathering order, the candidates waiting for it. */
    void descriptionSent(String ufrag, Consumer<IceCandidate> send) {
        sentUfrags.add(ufrag);
        for (Iterator<IceCandidate> it = held.iterator(); it.hasNext(); ) {
            IceCandidate candidate = it.next();
            if (candidate.usernameFragment().isEmpty() || candidate.usernameFragment().equals(ufrag)) {
                it.remove();
                send.accept(candidate);
            }
        }
    }
}
