package io.rtcreactor.engine;

import java.util.List;
import java.util.Objects;

/**
 * How to send a data packet. Immutable. {@link #reliable()} packets are ordered, retransmitted, sequence-numbered
 * and re-sent after a resume; {@link #lossy()} ones are neither. Without destinations the packet goes to everyone
 * else in the room.
 */
public final class DataOptions {

    private final boolean reliable;
    private final String topic;
    private final List<String> destinations;

    private DataOptions(boolean reliable, String topic, List<String> destinations) {
        this.reliable = reliable;
        this.topic = topic;
        this.destinations = List.copyOf(destinations);
    }

    /** Reliable, no topic, to everyone. */
    public static DataOptions reliable() {
        return new DataOptions(true, "", List.of());
    }

    /** Lossy, no topic, to everyone. */
    public static DataOptions lossy() {
        return new DataOptions(false, "", List.of());
    }

    public DataOptions topic(String value) {
        return new DataOptions(reliable, Objects.requireNonNull(value, "topic"), destinations);
    }

    /** Only these participant identities receive the packet. */
    public DataOptions destinations(List<String> identities) {
        return new DataOptions(reliable, topic, identities);
    }

    public boolean isReliable() {
        return reliable;
    }

    public String topic() {
        return topic;
    }

    public List<String> destinations() {
        return destinations;
    }

    @Override
    public String toString() {
        return "DataOptions{" + (reliable ? "reliable" : "lossy") + ", topic=" + topic + ", to=" + destinations + "}";
    }
}
