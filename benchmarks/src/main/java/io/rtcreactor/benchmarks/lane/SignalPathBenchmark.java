package io.rtcreactor.benchmarks.lane;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.internal.Session;
import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.metrics.EngineMetrics;
import io.rtcreactor.engine.proto.ConnectionQuality;
import io.rtcreactor.engine.proto.ConnectionQualityInfo;
import io.rtcreactor.engine.proto.ConnectionQualityUpdate;
import io.rtcreactor.engine.proto.Pong;
import io.rtcreactor.engine.proto.Room;
import io.rtcreactor.engine.proto.RoomUpdate;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SpeakerInfo;
import io.rtcreactor.engine.proto.SpeakersChanged;
import io.rtcreactor.engine.testing.fake.FakeSignalServer;
import io.rtcreactor.engine.testing.fake.FakePeers;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * P7, the signal path: a frame decoded from bytes as the signal connection does, then handed to a connected
 * session and handled on its lane (SignalLink's hop onto the lane, the inbound dispatch, the supervisor where the
 * message concerns it), per message, for a mix of the control messages a session receives all call long
 * (speaker changes, connection quality, room updates, pongs). The fake server's own hop (one task on a
 * single-thread scheduler per message) is included, so the figure is an upper bound of the engine's cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignalPathBenchmark {

    private static final int BATCH = 1_000;

    private final SignalCodec codec = SignalCodec.defaults();
    private final AtomicLong handled = new AtomicLong();
    private Scheduler network;
    private FakeSignalServer server;
    private Session session;
    private Disposable events;
    private byte[][] frames;

    @Setup(Level.Trial)
    public void setUp() {
        network = Schedulers.newSingle("fake-network");
        server = new FakeSignalServer(network);
        RoomOptions options = RoomOptions.defaults().withMetrics(new EngineMetrics() {
            @Override
            public void laneLatency(Duration waited) {
                handled.incrementAndGet();
            }
        });
        session = new Session("ws://fake", "token", options, "p7", server);
        events = session.hub().events().subscribe();
        session.start(new FakePeers(network), Mono.empty()).block(Duration.ofSeconds(10));
        frames = new byte[][] {
            codec.encode(SignalResponse.newBuilder().setSpeakersChanged(SpeakersChanged.newBuilder()
                    .addSpeakers(SpeakerInfo.newBuilder().setSid("PA_other").setLevel(0.5f).setActive(true)))
                    .build()),
            codec.encode(SignalResponse.newBuilder().setConnectionQuality(ConnectionQualityUpdate.newBuilder()
                    .addUpdates(ConnectionQualityInfo.newBuilder().setParticipantSid("PA_other")
                            .setQuality(ConnectionQuality.GOOD).setScore(4.2f))).build()),
            codec.encode(SignalResponse.newBuilder().setRoomUpdate(RoomUpdate.newBuilder()
                    .setRoom(Room.newBuilder().setName("room").setNumParticipants(2))).build()),
            codec.encode(SignalResponse.newBuilder().setPongResp(Pong.newBuilder().setLastPingTimestamp(1)
                    .setTimestamp(2)).build()),
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        session.disconnect().block(Duration.ofSeconds(10));
        events.dispose();
        network.dispose();
    }

    /**
     * The process's CPU time spent, for "per core": JMH reports it per second of the run (OPERATIONS counters are
     * normalised to time like the throughput), so messages per CPU-second are the throughput divided by
     * {@code cpuNanos / 1e9}. Handing each message from thread to thread leaves cores idle, so throughput alone
     * understates what a core does. The same time split by thread says where it goes: {@code callerNanos} this benchmark thread (decoding, handing to the fake server, waiting parked),
     * {@code fakeNanos} the fake server's delivery thread (not the engine's: Reactor Netty's event loop in
     * production), {@code laneNanos} Reactor's parallel threads the sessions' lanes and timers run on (the
     * engine), {@code callbackNanos} the pool events are delivered to applications on; the rest (GC, JIT) is the
     * process total minus these.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Cpu {
        private static final OperatingSystemMXBean OS =
                (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        public long cpuNanos;
        public long callerNanos;
        public long fakeNanos;
        public long laneNanos;
        public long callbackNanos;
        private long before;
        private long[] threadsBefore = new long[4];

        @Setup(Level.Invocation)
        public void start() {
            threadsBefore = byThread();
            before = OS.getProcessCpuTime();
        }

        @TearDown(Level.Invocation)
        public void stop() {
            cpuNanos += OS.getProcessCpuTime() - before;
            long[] after = byThread();
            callerNanos += after[0] - threadsBefore[0];
            fakeNanos += after[1] - threadsBefore[1];
            laneNanos += after[2] - threadsBefore[2];
            callbackNanos += after[3] - threadsBefore[3];
        }

        /** CPU time so far of this thread, the fake server's, the parallel pool's and the callback pool's. */
        private static long[] byThread() {
            long[] sums = new long[4];
            sums[0] = THREADS.getCurrentThreadCpuTime();
            for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                String name = info.getThreadName();
                int group = name.startsWith("fake-network") ? 1 : name.startsWith("parallel-") ? 2
                        : name.startsWith("boundedElastic-") ? 3 : -1;
                if (group > 0) {
                    long cpu = THREADS.getThreadCpuTime(info.getThreadId());
                    sums[group] += Math.max(0, cpu);
                }
            }
            return sums;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decodeAndDispatch(Cpu cpu) {
        long target = handled.get() + BATCH;
        FakeSignalServer.Connection connection = server.latest();
        for (int i = 0; i < BATCH; i++) {
            connection.send(codec.decodeResponse(frames[i & 3]));
        }
        while (handled.get() < target) {
            // Parked, not spinning: on two cores a spinning caller would take the lane's own CPU.
            LockSupport.parkNanos(20_000);
        }
        return target;
    }
}
