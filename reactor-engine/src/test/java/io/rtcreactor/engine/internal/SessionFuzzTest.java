package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.ConnectionState;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.testing.PropertyDeadline;
import io.rtcreactor.engine.testing.RandomMessages;
import io.rtcreactor.engine.testing.StateRules;
import io.rtcreactor.engine.testing.fake.FakePeer;
import io.rtcreactor.engine.testing.fake.FakePeers;
import io.rtcreactor.engine.testing.fake.FakeSignalServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.scheduler.VirtualTimeScheduler;

import static io.rtcreactor.engine.ConnectionState.CONNECTED;
import static io.rtcreactor.engine.ConnectionState.DISCONNECTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, fuzzing, the session: a joined session (tier 2: the whole pipeline in virtual time against the scripted
 * server and fake peer connections) gets a script of random server messages — every oneof case of
 * {@code SignalResponse} with fields missing or absurd (zero and negative intervals, empty ids, unknown enums, huge
 * repeated fields; {@link RandomMessages}) — mixed with time passing and dropped connections. After every script:
 * nothing was thrown or dropped on a lane, every state change was a legal one, the episode ended (CONNECTED again or
 * DISCONNECTED with a reason) within the reconnect policy's deadline, and disconnect() ended the session and closed
 * every peer connection. Cases: {@code jqwik.tries.default} ({@code -Drtcr.fuzz.tries}); jqwik prints the failing
 * seed, {@code @Property(seed = "…")} replays it.
 */
@AddLifecycleHook(PropertyDeadline.class)
class SessionFuzzTest {

    /** What the scripts did, printed once at the end: the figures docs/reliability.md records. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> TALLY =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static void count(String what) {
        count(what, 1);
    }

    private static void count(String what, long n) {
        TALLY.computeIfAbsent(what, k -> new java.util.concurrent.atomic.LongAdder()).add(n);
    }

    @AfterContainer
    static void report() {
        System.out.println("session fuzz: " + new java.util.TreeMap<>(TALLY));
    }

    @Property
    void aJoinedSessionSurvivesAnyScriptOfServerMessages(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        RandomMessages messages = new RandomMessages(random);
        List<Throwable> lost = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(lost::add);
        Schedulers.onHandleError("session-fuzz", (thread, error) -> lost.add(error));
        VirtualTimeScheduler clock = VirtualTimeScheduler.create();
        List<Disposable> subscriptions = new ArrayList<>();
        try {
            FakeSignalServer server = new FakeSignalServer(clock);
            FakePeers peers = new FakePeers(clock);
            RoomOptions options = RoomOptions.defaults().withScheduler(clock)
                    .withCallbackScheduler(Schedulers.immediate())
                    .withReconnectPolicy(JitteredBackoff.defaults().withJitter(0));
            Session session = new Session("ws://fake", "token", options, "fuzz", server);
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            List<RoomEvent> events = new CopyOnWriteArrayList<>();
            subscriptions.add(session.hub().states().subscribe(states::add));
            subscriptions.add(session.hub().events().subscribe(events::add));
            subscriptions.add(session.start(peers, Mono.empty()).subscribe(null, lost::add));
            run(clock, Duration.ofMillis(500), lost);
            assertThat(session.hub().state()).isEqualTo(CONNECTED);
            if (random.nextBoolean()) {
                subscriptions.add(session.publishData("x".getBytes(StandardCharsets.UTF_8), DataOptions.reliable())
                        .subscribe(null, e -> { }));
            }

            for (int i = 0, steps = 1 + random.nextInt(15); i < steps; i++) {
                switch (random.nextInt(10)) {
                    case 0 -> run(clock, Duration.ofMillis(random.nextInt(3000)), lost);
                    case 1 -> {
                        server.latest().drop();
                        count("drops");
                    }
                    default -> {
                        server.latest().send(messages.response());
                        count("messages");
                    }
                }
                run(clock, Duration.ofMillis(random.nextInt(50)), lost);
            }
            // Invariant 9: every episode ends within the policy's deadline (60 s), recovered or ended.
            run(clock, Duration.ofSeconds(90), lost);
            ConnectionState settled = session.hub().state();
            count("scripts");
            count("settled " + settled);
            count("rejected inputs", events.stream().filter(RoomEvent.InputRejected.class::isInstance).count());
            assertThat(settled).as("episode ended; states %s", states).isIn(CONNECTED, DISCONNECTED);

            boolean[] ended = new boolean[1];
            subscriptions.add(session.ended().subscribe(d -> {
                assertThat(d.reason()).isNotNull();
                ended[0] = true;
            }));
            subscriptions.add(session.disconnect().subscribe(null, e -> { }));
            run(clock, options.disconnectTimeout(), lost);
            assertThat(ended[0]).as("ended after disconnect()").isTrue();
            assertThat(peers.peers()).allMatch(FakePeer::isClosed);

            assertThat(lost).as("errors thrown or dropped on the lanes").isEmpty();
            StateRules.assertLegal(states);
            // Rejected inputs say what was wrong; none is a message whose handling threw (an engine bug).
            events.stream().filter(RoomEvent.InputRejected.class::isInstance).map(RoomEvent.InputRejected.class::cast)
                    .forEach(rejected -> assertThat(rejected.reason()).as(rejected.what()).isNotBlank()
                            .doesNotStartWith(SignalInbound.UNHANDLED));
        } finally {
            subscriptions.forEach(Disposable::dispose);
            clock.dispose();
            Hooks.resetOnErrorDropped();
            Schedulers.resetOnHandleError("session-fuzz");
        }
    }

    private static void run(VirtualTimeScheduler clock, Duration time, List<Throwable> lost) {
        try {
            clock.advanceTimeBy(time);
        } catch (RuntimeException | Error e) {
            lost.add(e);
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
