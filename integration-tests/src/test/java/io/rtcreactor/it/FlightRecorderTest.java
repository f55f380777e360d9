package io.rtcreactor.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rtcreactor.engine.Diagnostics;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13, the flight recorder: after a migration and a server-ended session, {@code room.diagnostics()} holds the
 * signal messages both ways, the state changes and the episode, and the session's end (not ours) is dumped at WARN;
 * never a token or an SDP body.
 */
@Timeout(120)
class FlightRecorderTest {

    @Test
    void aDroppedCallLeavesItsLastMessagesAndTransitionsInHand() {
        NetworkNamespace.requireIsolated();
        Logger sessionLog = (Logger) LoggerFactory.getLogger("io.rtcreactor.engine.internal.Session");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        sessionLog.addAppender(captured);
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            scenario.fault(new Fault.Migrate(Duration.ofSeconds(3)));
            assertThat(scenario.reconnected(1).mode()).isEqualTo(Mode.RESUME);
            scenario.fault(new Fault.Leave(LeaveRequest.Action.DISCONNECT, DisconnectReason.ROOM_DELETED, true));
            scenario.disconnected();

            Diagnostics diagnostics = scenario.agent.room.diagnostics();
            String text = diagnostics.toString();
            assertThat(text).contains("<- join #1").contains("-> offer").contains("<- answer")
                    .contains("<- leave #1 RESUME MIGRATION").contains("** started RESUME").contains("== RESUMING")
                    .contains("** recovered RESUME").contains("-> sync_state #2")
                    .contains("<- leave #2 DISCONNECT ROOM_DELETED").contains("** finished ROOM_DELETED");
            assertThat(text).doesNotContain("v=0").doesNotContain("eyJ"); // no SDP body, no JWT
            assertThat(diagnostics.entries()).allSatisfy(e -> assertThat(e.at()).isNotNull());

            ILoggingEvent dump = captured.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("signal messages and state changes")).findFirst()
                    .orElseThrow(() -> new AssertionError("no WARN dump among " + captured.list.size() + " lines"));
            assertThat(dump.getFormattedMessage()).contains("ROOM_DELETED").contains("<- leave #2 DISCONNECT ROOM_DELETED")
                    .doesNotContain("eyJ");
            // Lines logged on the session's lane carry the session and its signal epoch in the MDC.
            assertThat(dump.getMDCPropertyMap()).containsEntry("rtcr.epoch", "2")
                    .containsEntry("rtcr.session", diagnostics.session());
        } finally {
            sessionLog.detachAppender(captured);
        }
    }

    /** A deadline that fires is dumped at WARN too, even when the episode then recovers. */
    @Test
    void aMissedDeadlineIsDumpedWithTheRecord() {
        NetworkNamespace.requireIsolated();
        Logger stepLog = (Logger) LoggerFactory.getLogger("io.rtcreactor.engine.internal.StepLog");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        stepLog.addAppender(captured);
        try (Scenario scenario = Scenario.start()) {
            scenario.established();
            // The resume's response is held longer than the agent's responseTimeout (3 s): that deadline fires, the
            // next attempt gets through.
            scenario.fault(new Fault.Silent(Fault.Silence.RECONNECT_RESPONSE, Duration.ofSeconds(4)));
            scenario.fault(new Fault.CloseSignal(true));
            scenario.reconnected(1);
            ILoggingEvent dump = captured.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("deadline missed")).findFirst()
                    .orElseThrow(() -> new AssertionError("no WARN dump among " + captured.list.size() + " lines"));
            assertThat(dump.getFormattedMessage()).contains("RESPONSE deadline missed").contains("** started RESUME")
                    .contains("signal messages and state changes").doesNotContain("eyJ");
        } finally {
            stepLog.detachAppender(captured);
        }
    }
}
