package io.rtcreactor.it;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A random fault plan drawn from FAULTS.md, fully determined by its seed: one to four steps, each a pause of up to
 * three seconds and then one fault on the agent. The pauses are short enough that faults land inside each other's
 * episodes — during a resume, a full reconnect or the backoff between attempts — and long enough that some land in
 * steady state. Two kinds of fault are drawn: triggers, which start an episode now (a migration, a leave, a closed
 * socket, dead media, missing pongs), and armed faults, which wait for the next connection, offer or message and
 * spoil it (refused or hung upgrades, withheld responses and answers, refused resumes, stale sockets, bad frames).
 * A plan whose steps are all armed gets a trigger last, so that every plan exercises recovery.
 *
 * <p>Left out on purpose: faults that end the session by design ({@code leave{DISCONNECT}}, 401/403), that change
 * what the application asked for (server mute, permission changes, moves), and {@code drop_reliable} alone, which
 * models a packet lost for good unless a resume follows (LosslessDataTest covers it with the resume).
 */
record ChaosPlan(long seed, List<Step> steps) {

    /** One step: wait {@code pause}, then inject {@code fault}. */
    record Step(Duration pause, Fault fault) {
        @Override
        public String toString() {
            return "+" + pause.toMillis() + " ms " + fault;
        }
    }

    private static final List<Function<Random, Fault>> TRIGGERS = List.of(
            r -> new Fault.Migrate(Duration.ofSeconds(3), r.nextBoolean() ? Fault.OldPath.KEEP : Fault.OldPath.DROP),
            r -> new Fault.Leave(LeaveRequest.Action.RESUME, DisconnectReason.MIGRATION, r.nextBoolean()),
            r -> new Fault.Leave(LeaveRequest.Action.RECONNECT, DisconnectReason.STATE_MISMATCH, r.nextBoolean()),
            r -> new Fault.CloseSignal(r.nextBoolean()),
            r -> new Fault.BlackHoleMedia(null),
            r -> new Fault.Silent(Fault.Silence.PONG, Duration.ofMillis(2_000 + r.nextInt(8_000))));

    private static final List<Function<Random, Fault>> ARMED = List.of(
            r -> new Fault.Refuse(503, 1 + r.nextInt(2)),
            r -> new Fault.HangUpgrade(1),
            r -> new Fault.Silent(Fault.Silence.RECONNECT_RESPONSE,
                    r.nextBoolean() ? null : Duration.ofMillis(500 + r.nextInt(4_000))),
            r -> new Fault.Silent(Fault.Silence.JOIN_RESPONSE, Duration.ofMillis(500 + r.nextInt(4_000))),
            r -> new Fault.RefuseResume(),
            r -> new Fault.LeaveInsteadOfReconnect(r.nextBoolean() ? LeaveRequest.Action.RECONNECT
                    : LeaveRequest.Action.RESUME),
            r -> new Fault.MessagesBeforeReconnectResponse(),
            r -> new Fault.WithholdAnswer(Duration.ofMillis(300 + r.nextInt(5_000)), r.nextBoolean()),
            r -> new Fault.DelayOffer(Duration.ofMillis(200 + r.nextInt(3_000))),
            r -> new Fault.StaleAnswer(),
            r -> new Fault.DuplicateAnswer(),
            r -> new Fault.OfferBurst(),
            r -> new Fault.StaleSocket(),
            r -> new Fault.RedeliverReliable(),
            r -> new Fault.CorruptFrame(pick(r, Fault.Corruption.values())),
            r -> new Fault.OmitField(r.nextBoolean() ? Fault.Omission.CANDIDATE_SDP_MID : Fault.Omission.JOIN_ROOM),
            r -> new Fault.JoinPing(0, 0));

    /** The plan of {@code seed}: the same seed always gives the same steps. */
    static ChaosPlan draw(long seed) {
        Random random = new Random(seed);
        int count = 1 + random.nextInt(4);
        List<Step> steps = new ArrayList<>();
        boolean triggered = false;
        for (int i = 0; i < count; i++) {
            boolean trigger = random.nextInt(5) < 2;
            triggered |= trigger;
            steps.add(new Step(pause(random), pick(random, trigger ? TRIGGERS : ARMED).apply(random)));
        }
        if (!triggered) {
            steps.add(new Step(pause(random), pick(random, TRIGGERS).apply(random)));
        }
        return new ChaosPlan(seed, List.copyOf(steps));
    }

    /** Mostly short (inside the previous fault's episode), sometimes long enough for it to have ended. */
    private static Duration pause(Random random) {
        return Duration.ofMillis(random.nextInt(4) == 0 ? 1_500 + random.nextInt(1_500) : random.nextInt(800));
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    private static <T> T pick(Random random, T[] items) {
        return items[random.nextInt(items.length)];
    }

    @Override
    public String toString() {
        return "seed " + seed + ": " + steps;
    }
}
