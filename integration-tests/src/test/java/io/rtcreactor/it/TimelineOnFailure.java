package io.rtcreactor.it;

import io.rtcreactor.testkit.room.ParticipantRecord;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a scenario fails, the engine's log says what the engine did; what the server saw is in the testkit's
 * per-participant timelines, which the harness's teardown is about to discard. This handler runs before the
 * teardown and prints them: every signal message in and out, with its offer id, time and socket. A failure in CI
 * is then diagnosable from the log alone (the races these tests catch rarely reproduce on demand).
 * Registered for every test of this module by {@code META-INF/services} (JUnit's extension autodetection).
 */
public final class TimelineOnFailure implements TestExecutionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(TimelineOnFailure.class);

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (Harness harness : Harness.OPEN) {
            for (String room : harness.roomNames) {
                List<ParticipantRecord> records = harness.server.inspect(r -> r.records(room))
                        .block(Harness.WAIT);
                for (ParticipantRecord record : records == null ? List.<ParticipantRecord>of() : records) {
                    print(context.getDisplayName(), room, record);
                }
            }
        }
        throw failure;
    }

    private static void print(String test, String room, ParticipantRecord record) {
        StringBuilder out = new StringBuilder();
        out.append("testkit timeline of ").append(record.identity()).append(" in ").append(room)
                .append(" (failed: ").append(test).append(')');
        long start = record.timeline().isEmpty() ? 0 : record.timeline().get(0).timeMillis();
        for (ParticipantRecord.TimelineEntry e : record.timeline()) {
            out.append("\n  +").append(e.timeMillis() - start).append(" ms  ").append(e.direction()).append(' ')
                    .append(e.type());
            if (e.offerId() != 0) {
                out.append(" id=").append(e.offerId());
            }
            out.append(" socket#").append(e.socket());
        }
        LOG.warn("{}", out);
    }
}
