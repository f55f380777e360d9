package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.internal.supervisor.Supervisor;
import io.rtcreactor.engine.internal.supervisor.SupervisorInput;
import io.rtcreactor.engine.internal.supervisor.SupervisorRunner;
import io.rtcreactor.engine.internal.supervisor.SupervisorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the supervisor's steps: each one at debug, and a missed deadline at WARN with what the attempt had achieved
 * by then (what a reader of a dropped call's log wants first: which part never came) and the flight recorder's
 * last signal messages and state changes (issue 13: "dumped at WARN when … a deadline fires").
 */
final class StepLog implements SupervisorRunner.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);

    private final String name;
    private final PathWatch paths;
    private final FlightRecorder recorder;
    private SupervisorState before = SupervisorState.initial();

    StepLog(String name, PathWatch paths, FlightRecorder recorder) {
        this.name = name;
        this.paths = paths;
        this.recorder = recorder;
    }

    @Override
    public void stepped(SupervisorInput input, Supervisor.Step step, long atMillis) {
        if (input instanceof SupervisorInput.DeadlineMissed missed && missed.epoch() == before.attemptEpoch()) {
            io.rtcreactor.engine.Diagnostics last = recorder.snapshot();
            LOG.warn("{}: {} deadline missed; progress: {}; its last {} signal messages and state changes:\n{}", name,
                    missed.deadline(), progress(before), last.entries().size(), last);
        }
        if (!step.commands().isEmpty() && LOG.isDebugEnabled()) {
            LOG.debug("{}: {} → {}", name, input, step.commands());
        }
        before = step.state();
    }

    private String progress(SupervisorState s) {
        return "mode=" + s.mode() + ", responded=" + s.progress().responded() + ", restartOffer="
                + s.progress().restartOfferId() + (s.progress().restartExpected() ? "" : " (not needed)")
                + ", restartAnswered=" + s.progress().restartAnswered() + ", republishPending="
                + s.progress().republishPending() + ", subscriber=" + s.subscriber() + ", publisher="
                + s.publisher() + ", paths: " + paths.describe();
    }
}
