package io.rtcreactor.testkit.fault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The faults armed for one identity in one room, waiting for the moment they act. Confined to the server's lane.
 * Counted faults ({@code refuse}, {@code hang_upgrade}, {@code drop_reliable}) act that many times; timed ones
 * ({@code silent}) act until they expire; the others act once.
 */
public final class ArmedFaults {

    private static final class Entry {
        Fault fault;
        int remaining;
        final Instant expires;

        Entry(Fault fault, int remaining, Instant expires) {
            this.fault = fault;
            this.remaining = remaining;
            this.expires = expires;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Arms {@code fault} at {@code now}. */
    public void arm(Fault fault, Instant now) {
        int count = 1;
        if (fault instanceof Fault.Refuse refuse) {
            count = refuse.count();
        } else if (fault instanceof Fault.HangUpgrade hang) {
            count = hang.count();
        } else if (fault instanceof Fault.DropReliable drop) {
            count = drop.count();
        }
        Instant expires = fault instanceof Fault.Silent silent && silent.duration() != null
                ? now.plus(silent.duration()) : null;
        if (count > 0) {
            entries.add(new Entry(fault, count, expires));
        }
    }

    /** Consumes one use of the first armed fault of {@code type} that matches. */
    public <T extends Fault> Optional<T> take(Class<T> type, Predicate<T> matching, Instant now) {
        expire(now);
        for (Entry entry : entries) {
            if (type.isInstance(entry.fault) && matching.test(type.cast(entry.fault))) {
                T fault = type.cast(entry.fault);
                if (entry.expires == null && --entry.remaining <= 0) {
                    entries.remove(entry);
                }
                return Optional.of(fault);
            }
        }
        return Optional.empty();
    }

    /** Consumes one use of the first armed fault of {@code type}. */
    public <T extends Fault> Optional<T> take(Class<T> type, Instant now) {
        return take(type, any -> true, now);
    }

    /** True if a {@code silent} fault covering {@code what} is active. */
    public boolean silences(Fault.Silence what, Instant now) {
        expire(now);
        return entries.stream().anyMatch(e -> e.fault instanceof Fault.Silent s
                && (s.what() == what || s.what() == Fault.Silence.ALL));
    }

    /**
     * How long a {@code silent} fault for exactly {@code what} still holds: null if none is armed, negative if it
     * holds forever.
     */
    public Duration silenceRemaining(Fault.Silence what, Instant now) {
        expire(now);
        for (Entry entry : entries) {
            if (entry.fault instanceof Fault.Silent s && s.what() == what) {
                return entry.expires == null ? Duration.ofMillis(-1) : Duration.between(now, entry.expires);
            }
        }
        return null;
    }

    /** Drops every armed fault. */
    public void clear() {
        entries.clear();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** How many more times armed faults named {@code name} will act (a timed fault counts once). */
    public int remaining(String name) {
        return entries.stream().filter(e -> e.fault.name().equals(name)).mapToInt(e -> e.remaining).sum();
    }

    /** Names of the armed faults, for the room-state JSON. */
    public List<String> names() {
        return entries.stream().map(e -> e.fault.name()).toList();
    }

    private void expire(Instant now) {
        entries.removeIf(e -> e.expires != null && !now.isBefore(e.expires));
    }

    /** A helper for faults whose duration may be absent. */
    public static Duration orForever(Duration value) {
        return value == null ? Duration.ofDays(365) : value;
    }
}
