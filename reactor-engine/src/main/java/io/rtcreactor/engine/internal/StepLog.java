package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.reconnect.Supervisor;
import io.rtcreactor.engine.reconnect.SupervisorInput;
import io.rtcreactor.engine.reconnect.SupervisorRunner;
import io.rtcreactor.engine.reconnect.SupervisorState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the supervisor's steps: each one at debug, and a missed recovery deadline at info with what the attempt had
 * achieved by then (what a reader of a dropped call's log wants first: which part never came).
 */
final class StepLog implements SupervisorRunner.Observer {

    private static final Logger LOG = LoggerFactory.getLogger(StepLog.class);

    private final String name;
    private final PathWatch paths;
    private SupervisorState before = SupervisorState.initial();

    StepLog(String name, PathWatch paths) {
        this.name = name;
        this.paths = paths;
    }

    @Override
    public void stepped(SupervisorInput input, Supervisor.Step step, long atMillis) {
        if (input instanceof SupervisorInput.DeadlineMissed missed && missed.epoch() == before.attemptEpoch()) {
            LOG.info("{}: {} deadline missed; progress: {}", name, missed.deadline(), progress(before));
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
