package io.rtcreactor.engine.internal.rtc;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * A test double of {@link SdpPeer} whose every step returns a {@link Mono} the test controls: immediate (the
 * default), delayed in the scheduler's (virtual) time, never completing, failing, or held until the test releases
 * it. Like the real {@link PeerTransport}, each Mono is cold: the step starts, and is recorded, when it is
 * subscribed, not when the method is called.
 */
final class ScriptedSdpPeer implements SdpPeer {

    enum Step {
        CREATE_OFFER("createOffer"),
        CREATE_ANSWER("createAnswer"),
        SET_LOCAL("setLocalDescription"),
        SET_REMOTE("setRemoteDescription"),
        MIDS("getTransceivers");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    /** One step as it happened: when it started (virtual ms), with what, and how it ended. */
    static final class Call {
        final Step step;
        final long startedAt;
        final boolean iceRestart;
        final Sdp sdp;
        volatile String outcome = "pending";
        volatile long endedAt = -1;

        Call(Step step, long startedAt, boolean iceRestart, Sdp sdp) {
            this.step = step;
            this.startedAt = startedAt;
            this.iceRestart = iceRestart;
            this.sdp = sdp;
        }

        @Override
        public String toString() {
            return step.label + "@" + startedAt + (sdp == null ? "" : "(" + sdp.sdp() + ")")
                    + (iceRestart ? "[restart]" : "") + ":" + outcome;
        }
    }

    /** How a step replies. */
    static final class Reply {
        private final Duration delay;
        private final Throwable error;
        private final boolean never;
        private final Sinks.Empty<Void> gate;

        private Reply(Duration delay, Throwable error, boolean never, Sinks.Empty<Void> gate) {
            this.delay = delay;
            this.error = error;
            this.never = never;
            this.gate = gate;
        }

        static Reply immediate() {
            return new Reply(Duration.ZERO, null, false, null);
        }

        static Reply after(Duration delay) {
            return new Reply(delay, null, false, null);
        }

        static Reply never() {
            return new Reply(Duration.ZERO, null, true, null);
        }

        static Reply failing(Throwable error) {
            return new Reply(Duration.ZERO, error, false, null);
        }

        /** Completes when the test calls {@link #release()} (or fails with {@link #fail(Throwable)}). */
        static Reply held() {
            return new Reply(Duration.ZERO, null, false, Sinks.empty());
        }

        void release() {
            gate.tryEmitEmpty();
        }

        void fail(Throwable error) {
            gate.tryEmitError(error);
        }

        <T> Mono<T> shape(Mono<T> value, Scheduler clock) {
            if (never) {
                return Mono.never();
            }
            if (error != null) {
                return Mono.error(error);
            }
            Mono<T> out = value;
            if (gate != null) {
                out = gate.asMono().then(out);
            }
            if (!delay.isZero()) {
                out = Mono.delay(delay, clock).then(out);
            }
            return out;
        }
    }

    private final String name;
    private final Scheduler clock;
    private final Map<Step, Queue<Reply>> once = new EnumMap<>(Step.class);
    private final Map<Step, Reply> always = new EnumMap<>(Step.class);
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, String> mids = Map.of("0", "TR_audio", "1", "data");
    private int offers;
    private Sdp lastRemote;

    ScriptedSdpPeer(String name, Scheduler clock) {
        this.name = name;
        this.clock = clock;
        for (Step step : Step.values()) {
            once.put(step, new ArrayDeque<>());
            always.put(step, Reply.immediate());
        }
    }

    /** The next call of {@code step} replies so; later calls go back to the standing reply. */
    ScriptedSdpPeer next(Step step, Reply reply) {
        once.get(step).add(reply);
        return this;
    }

    /** Every call of {@code step} (not consumed by {@link #next}) replies so. */
    ScriptedSdpPeer always(Step step, Reply reply) {
        always.put(step, reply);
        return this;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<Call> calls(Step step) {
        return calls.stream().filter(c -> c.step == step).toList();
    }

    Map<String, String> mids() {
        return mids;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<Sdp> createOffer(boolean iceRestart) {
        return run(Step.CREATE_OFFER, iceRestart, null,
                Mono.fromCallable(() -> Sdp.offer("offer-" + (++offers) + (iceRestart ? "-restart" : ""))));
    }

    @Override
    public Mono<Sdp> createAnswer() {
        return run(Step.CREATE_ANSWER, false, null,
                Mono.fromCallable(() -> Sdp.answer("answer-to-" + (lastRemote == null ? "nothing" : lastRemote.sdp()))));
    }

    @Override
    public Mono<Void> setLocalDescription(Sdp description) {
        return run(Step.SET_LOCAL, false, description, Mono.empty());
    }

    @Override
    public Mono<Void> setRemoteDescription(Sdp description) {
        return run(Step.SET_REMOTE, false, description, Mono.fromRunnable(() -> lastRemote = description));
    }

    @Override
    public Mono<Map<String, String>> midToTrackId() {
        return run(Step.MIDS, false, null, Mono.just(mids));
    }

    private <T> Mono<T> run(Step step, boolean iceRestart, Sdp sdp, Mono<T> value) {
        return Mono.defer(() -> {
            Call call = new Call(step, clock.now(TimeUnit.MILLISECONDS), iceRestart, sdp);
            calls.add(call);
            Reply reply = once.get(step).isEmpty() ? always.get(step) : once.get(step).remove();
            return reply.shape(value, clock)
                    .doOnSuccess(v -> end(call, "done"))
                    .doOnError(e -> end(call, "failed"))
                    .doOnCancel(() -> end(call, "cancelled"));
        });
    }

    private void end(Call call, String outcome) {
        call.outcome = outcome;
        call.endedAt = clock.now(TimeUnit.MILLISECONDS);
    }
}
