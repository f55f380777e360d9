package io.rtcreactor.testkit.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.Locale;

/**
 * A fault as other tools send it to {@code POST /_testkit/faults}, written from FAULTS.md's control-surface table
 * (names, snake_case parameters, LiveKit's enum names) independently of the testkit's own parser, so that a test
 * driving the JSON API also checks that the two agree.
 */
public final class FaultJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultJson() {
    }

    public static String of(String room, String identity, Fault fault) {
        ObjectNode node = JSON.createObjectNode().put("room", room).put("identity", identity).put("fault", fault.name());
        if (fault instanceof Fault.Leave leave) {
            node.put("action", leave.action().name()).put("reason", leave.reason().name())
                    .put("close_socket", leave.closeSocket());
            if (leave.legacyCanReconnect() != null) {
                node.put("can_reconnect", leave.legacyCanReconnect());
            }
        } else if (fault instanceof Fault.Migrate migrate) {
            node.put("subscriber_close_after_ms", migrate.subscriberCloseAfter().toMillis())
                    .put("old_path", migrate.oldPath().name().toLowerCase(Locale.ROOT));
        } else if (fault instanceof Fault.CloseSignal close) {
            node.put("mode", close.abrupt() ? "abrupt" : "clean");
        } else if (fault instanceof Fault.WithholdAnswer withhold) {
            node.put("target", "publisher").put("which", withhold.iceRestartOnly() ? "ice_restart" : "next");
            millis(node, withhold.duration());
        } else if (fault instanceof Fault.DelayOffer delay) {
            node.put("target", "subscriber");
            millis(node, delay.duration());
        } else if (fault instanceof Fault.Silent silent) {
            node.put("what", silent.what().name().toLowerCase(Locale.ROOT));
            millis(node, silent.duration());
        } else if (fault instanceof Fault.Refuse refuse) {
            node.put("status", refuse.status()).put("count", refuse.count());
        } else if (fault instanceof Fault.HangUpgrade hang) {
            node.put("count", hang.count());
            millis(node, hang.after());
        } else if (fault instanceof Fault.BlackHoleMedia hole) {
            millis(node, hole.duration());
        } else if (fault instanceof Fault.UpdatePermission permission) {
            node.put("can_publish", permission.canPublish());
        } else if (fault instanceof Fault.MuteTrack mute) {
            node.put("muted", mute.muted());
            if (mute.trackSid() != null) {
                node.put("track_sid", mute.trackSid());
            }
        } else if (fault instanceof Fault.DropReliable drop) {
            node.put("count", drop.count());
        } else if (fault instanceof Fault.LeaveInsteadOfReconnect instead) {
            node.put("action", instead.action().name());
        } else if (fault instanceof Fault.CorruptFrame corrupt) {
            node.put("kind", corrupt.kind().name().toLowerCase(Locale.ROOT));
        } else if (fault instanceof Fault.OmitField omit) {
            node.put("what", omit.what().name().toLowerCase(Locale.ROOT));
        } else if (fault instanceof Fault.Flood flood) {
            node.put("what", flood.what().name().toLowerCase(Locale.ROOT)).put("count", flood.count());
        } else if (fault instanceof Fault.JoinPing ping) {
            node.put("interval", ping.interval()).put("timeout", ping.timeout());
        }
        // stale_answer, duplicate_answer, redeliver_reliable, refuse_resume, messages_before_reconnect_response,
        // offer_burst and stale_socket take no parameters.
        return node.toString();
    }

    private static void millis(ObjectNode node, Duration duration) {
        if (duration != null) {
            node.put("ms", duration.toMillis());
        }
    }
}
