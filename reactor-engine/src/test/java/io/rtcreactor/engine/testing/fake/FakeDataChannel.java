package io.rtcreactor.engine.testing.fake;

import io.rtcreactor.engine.internal.rtc.DataChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/** A data channel that keeps what is sent on it. */
public final class FakeDataChannel implements DataChannel {

    private final String label;
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private volatile State state = State.CONNECTING;

    public FakeDataChannel(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public Mono<Void> send(byte[] data, boolean binary) {
        return Mono.fromRunnable(() -> sent.add(data.clone()));
    }

    @Override
    public Mono<State> state() {
        return Mono.just(state);
    }

    @Override
    public Mono<Long> bufferedAmount() {
        return Mono.just(0L);
    }

    public void state(State value) {
        this.state = value;
    }

    /** Every message sent, in order. */
    public List<byte[]> sent() {
        return List.copyOf(sent);
    }
}
