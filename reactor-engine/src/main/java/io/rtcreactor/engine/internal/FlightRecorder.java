package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.Diagnostics;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The session's last signal messages and state changes in a ring of fixed size (DESIGN.md's operator wants them
 * after a dropped call). Records types, offer ids and epochs, and for a leave its action and reason: never a
 * payload, an SDP body or a token. Written on the lane, read from any thread (synchronized: short, uncontended).
 */
final class FlightRecorder {

    private final String name;
    private final int capacity;
    private final LongSupplier millis;
    private final io.rtcreactor.engine.metrics.EngineMetrics metrics;
    private final Deque<Diagnostics.Entry> entries = new ArrayDeque<>();

    /** {@code millis}: the session's clock (its scheduler's time, so that virtual-time tests read virtual time). */
    FlightRecorder(String name, int capacity, LongSupplier millis) {
        this(name, capacity, millis, io.rtcreactor.engine.metrics.EngineMetrics.NONE);
    }

    /** As above, each signal message also counted in {@code metrics}. */
    FlightRecorder(String name, int capacity, LongSupplier millis, io.rtcreactor.engine.metrics.EngineMetrics metrics) {
        this.metrics = metrics;
        this.name = name;
        this.capacity = capacity;
        this.millis = millis;
    }

    void received(int epoch, SignalResponse message) {
        String detail = switch (message.getMessageCase()) {
            case LEAVE -> message.getLeave().getAction() + " " + message.getLeave().getReason();
            default -> "";
        };
        int offerId = switch (message.getMessageCase()) {
            case OFFER -> message.getOffer().getId();
            case ANSWER -> message.getAnswer().getId();
            default -> 0;
        };
        String type = IN_TYPES.get(message.getMessageCase());
        metrics.signal(true, type);
        add(Diagnostics.Kind.SIGNAL_IN, type, epoch, offerId, detail);
    }

    void sent(int epoch, SignalRequest message) {
        String detail = message.getMessageCase() == SignalRequest.MessageCase.LEAVE
                ? message.getLeave().getAction() + " " + message.getLeave().getReason() : "";
        int offerId = switch (message.getMessageCase()) {
            case OFFER -> message.getOffer().getId();
            case ANSWER -> message.getAnswer().getId();
            default -> 0;
        };
        String type = OUT_TYPES.get(message.getMessageCase());
        metrics.signal(false, type);
        add(Diagnostics.Kind.SIGNAL_OUT, type, epoch, offerId, detail);
    }

    void state(String state) {
        add(Diagnostics.Kind.STATE, state, 0, 0, "");
    }

    void episode(String step, String detail) {
        add(Diagnostics.Kind.EPISODE, step, 0, 0, detail);
    }

    synchronized Diagnostics snapshot() {
        return new Diagnostics(name, List.copyOf(entries));
    }

    private synchronized void add(Diagnostics.Kind kind, String what, int epoch, int offerId, String detail) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(new Diagnostics.Entry(Instant.ofEpochMilli(millis.getAsLong()), kind, what, epoch, offerId, detail));
    }

    /**
     * Message kinds as they are logged and tagged ("participant_update"), made once: lower-casing the name for every
     * message showed in the signal path's profile (benchmarks' P7).
     */
    private static <E extends Enum<E>> Map<E, String> types(Class<E> kinds) {
        Map<E, String> types = new EnumMap<>(kinds);
        for (E kind : kinds.getEnumConstants()) {
            types.put(kind, kind.name().toLowerCase(Locale.ROOT));
        }
        return types;
    }

    private static final Map<SignalResponse.MessageCase, String> IN_TYPES = types(SignalResponse.MessageCase.class);
    private static final Map<SignalRequest.MessageCase, String> OUT_TYPES = types(SignalRequest.MessageCase.class);
}
