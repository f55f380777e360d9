package io.rtcreactor.engine;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A session's flight recorder ({@link Room#diagnostics()}): its last signal messages, both ways, and its state
 * changes and reconnect episodes, oldest first. What an operator wants in hand after a dropped call. Types, offer
 * ids, epochs and times only: never a payload, an SDP body or a token.
 *
 * @param session the session's name in the logs
 * @param entries the entries, oldest first (at most {@link RoomOptions#flightRecorder()})
 */
public record Diagnostics(String session, List<Entry> entries) {

    /**
     * One recorded fact.
     *
     * @param at      when
     * @param kind    a signal message in or out, a state change, or a reconnect episode's step
     * @param what    the message type ({@code offer}, {@code leave}, …), the state, or the step
     * @param epoch   the signal connection it belongs to (0 for none)
     * @param offerId the offer or answer id of an {@code offer} / {@code answer}, else 0
     * @param detail  a short qualifier: a leave's action and reason, an episode's mode or cause; may be empty
     */
    public record Entry(Instant at, Kind kind, String what, int epoch, int offerId, String detail) {

        @Override
        public String toString() {
            return at + " " + kind.arrow + " " + what + (epoch > 0 ? " #" + epoch : "")
                    + (offerId > 0 ? " offer " + offerId : "") + (detail.isEmpty() ? "" : " " + detail);
        }
    }

    /** What an entry records. */
    public enum Kind {
        SIGNAL_IN("<-"),
        SIGNAL_OUT("->"),
        STATE("=="),
        EPISODE("**");

        private final String arrow;

        Kind(String arrow) {
            this.arrow = arrow;
        }
    }

    public Diagnostics {
        entries = List.copyOf(entries);
    }

    /** One line per entry, oldest first. */
    @Override
    public String toString() {
        return entries.stream().map(Entry::toString).collect(Collectors.joining("\n"));
    }
}
