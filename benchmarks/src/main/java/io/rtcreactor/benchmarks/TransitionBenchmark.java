package io.rtcreactor.benchmarks;

import io.rtcreactor.engine.DisconnectReason;
import io.rtcreactor.engine.LeaveAction;
import io.rtcreactor.engine.internal.supervisor.Phase;
import io.rtcreactor.engine.internal.supervisor.Supervisor;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.AnswerApplied;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.CredentialsSet;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.JoinAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.LeaveReceived;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PathConnected;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.PublisherOfferSent;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.RepublishCompleted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.ResumeAccepted;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SignalOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.Start;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.SubscriberAnswered;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportOpened;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput.TransportStateChanged;
import io.rtcreactor.engine.internal.supervisor.SupervisorState;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.ReconnectResponse;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import io.rtcreactor.engine.rtc.PeerState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import static io.rtcreactor.engine.proto.SignalTarget.PUBLISHER;
import static io.rtcreactor.engine.proto.SignalTarget.SUBSCRIBER;

/**
 * P7, the transition function alone ({@code Supervisor.next}): one input a connected session sees all the time
 * (a transport state report), and a whole migration's resume, from the Leave to connected again (ten inputs),
 * per input. With {@code -prof gc} JMH adds the allocation per input.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TransitionBenchmark {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final int RESUME_INPUTS = 10;

    private final Supervisor supervisor = new Supervisor(new Supervisor.Settings(JitteredBackoff.defaults()
            .withJitter(0), Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(5)));
    private SupervisorState connected;
    private final SupervisorInput steady = new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED);
    private final List<SupervisorInput> resume = List.of(
            new LeaveReceived(1, LeaveAction.RESUME, DisconnectReason.MIGRATION), new SignalOpened(2),
            new ResumeAccepted(2, ReconnectResponse.getDefaultInstance()), new CredentialsSet(1, PUBLISHER, "pub2"),
            new PublisherOfferSent(1, 2, true), new AnswerApplied(1, 2), new SubscriberAnswered(1, 2),
            new CredentialsSet(1, SUBSCRIBER, "sub2"), new PathConnected(1, PUBLISHER, "pub2"),
            new PathConnected(1, SUBSCRIBER, "sub2"));

    @Setup
    public void setUp() {
        connected = run(SupervisorState.initial(), List.of(new Start(), new SignalOpened(1),
                new JoinAccepted(1, JoinResponse.newBuilder().setSubscriberPrimary(true).build()),
                new TransportOpened(1, SUBSCRIBER), new SubscriberAnswered(1, 1), new CredentialsSet(1, SUBSCRIBER,
                        "sub1"), new TransportStateChanged(1, SUBSCRIBER, PeerState.CONNECTED),
                new RepublishCompleted(1), new TransportOpened(1, PUBLISHER), new CredentialsSet(1, PUBLISHER,
                        "pub1"), new TransportStateChanged(1, PUBLISHER, PeerState.CONNECTED)));
        require(connected, "the join");
        // The episode must really go through a resume and end connected, or the figure would measure less.
        SupervisorState midway = run(connected, resume.subList(0, 3));
        if (midway.phase() != Phase.RESUMING) {
            throw new IllegalStateException("the Leave did not start a resume: " + midway.phase());
        }
        require(resumeEpisode(), "the resume");
    }

    private static void require(SupervisorState state, String what) {
        if (state.phase() != Phase.CONNECTED) {
            throw new IllegalStateException(what + " did not end connected: " + state);
        }
    }

    private SupervisorState run(SupervisorState from, List<SupervisorInput> inputs) {
        SupervisorState state = from;
        for (SupervisorInput input : inputs) {
            state = supervisor.next(state, input, NOW).state();
        }
        return state;
    }

    @Benchmark
    public Supervisor.Step steadyInput() {
        return supervisor.next(connected, steady, NOW);
    }

    @Benchmark
    @OperationsPerInvocation(RESUME_INPUTS)
    public SupervisorState resumeEpisode() {
        return run(connected, resume);
    }
}
