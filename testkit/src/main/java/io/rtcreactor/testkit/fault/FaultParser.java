package io.rtcreactor.testkit.fault;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads a fault from the control API's JSON: {@code {"room": …, "identity": …, "fault": "<name>", …params}}, with
 * FAULTS.md's names and snake_case parameters and LiveKit's enum names. A malformed request is an
 * {@link IllegalArgumentException} whose message the API returns with status 400.
 */
public final class FaultParser {

    private FaultParser() {
    }

    public static Fault parse(JsonNode request) {
        String name = text(request, "fault", null);
        if (name == null) {
            throw new IllegalArgumentException("missing 'fault'");
        }
        return switch (name) {
            case "leave" -> new Fault.Leave(action(request, LeaveRequest.Action.DISCONNECT),
                    reason(request, DisconnectReason.UNKNOWN_REASON), bool(request, "close_socket", true),
                    request.hasNonNull("can_reconnect") ? bool(request, "can_reconnect", false) : null);
            case "migrate" -> new Fault.Migrate(Duration.ofMillis(number(request, "subscriber_close_after_ms", 3000)),
                    switch (text(request, "old_path", "keep")) {
                        case "keep" -> Fault.OldPath.KEEP;
                        case "drop" -> Fault.OldPath.DROP;
                        default -> throw new IllegalArgumentException("old_path must be keep or drop");
                    });
            case "close_signal" -> new Fault.CloseSignal(switch (text(request, "mode", "clean")) {
                case "clean" -> false;
                case "abrupt" -> true;
                default -> throw new IllegalArgumentException("mode must be clean or abrupt");
            });
            case "withhold_answer" -> {
                String target = text(request, "target", "publisher");
                if (!target.equals("publisher")) {
                    throw new IllegalArgumentException("withhold_answer supports target publisher only");
                }
                yield new Fault.WithholdAnswer(duration(request), switch (text(request, "which", "next")) {
                    case "next" -> false;
                    case "ice_restart" -> true;
                    default -> throw new IllegalArgumentException("which must be next or ice_restart");
                });
            }
            case "delay_offer" -> {
                String target = text(request, "target", "subscriber");
                if (!target.equals("subscriber")) {
                    throw new IllegalArgumentException("delay_offer supports target subscriber only");
                }
                if (!request.has("ms")) {
                    throw new IllegalArgumentException("delay_offer needs 'ms'");
                }
                yield new Fault.DelayOffer(duration(request));
            }
            case "stale_answer" -> new Fault.StaleAnswer();
            case "duplicate_answer" -> new Fault.DuplicateAnswer();
            case "silent" -> new Fault.Silent(enumValue(Fault.Silence.class, text(request, "what", "all")),
                    duration(request));
            case "refuse" -> {
                int status = integer(request, "status", 503);
                if (status != 401 && status != 403 && status != 404 && status != 503) {
                    throw new IllegalArgumentException("status must be 401, 403, 404 or 503");
                }
                yield new Fault.Refuse(status, integer(request, "count", 1));
            }
            case "hang_upgrade" -> new Fault.HangUpgrade(integer(request, "count", 1), duration(request));
            case "black_hole_media" -> new Fault.BlackHoleMedia(duration(request));
            case "mute_track" -> new Fault.MuteTrack(text(request, "track_sid", null),
                    !request.has("muted") || request.get("muted").asBoolean());
            case "update_permission" -> new Fault.UpdatePermission(
                    !request.has("can_publish") || request.get("can_publish").asBoolean());
            case "move" -> new Fault.Move(text(request, "destination_room", null));
            case "drop_reliable" -> new Fault.DropReliable(integer(request, "count", 1));
            case "redeliver_reliable" -> new Fault.RedeliverReliable();
            case "refuse_resume" -> new Fault.RefuseResume();
            case "leave_instead_of_reconnect" -> new Fault.LeaveInsteadOfReconnect(
                    action(request, LeaveRequest.Action.RECONNECT));
            case "messages_before_reconnect_response" -> new Fault.MessagesBeforeReconnectResponse();
            case "offer_burst" -> new Fault.OfferBurst();
            case "stale_socket" -> new Fault.StaleSocket();
            case "corrupt_frame" -> new Fault.CorruptFrame(enumValue(Fault.Corruption.class,
                    text(request, "kind", "garbage")));
            case "omit_field" -> new Fault.OmitField(enumValue(Fault.Omission.class, text(request, "what", null)));
            case "flood" -> new Fault.Flood(enumValue(Fault.Flooding.class, text(request, "what", "participant_updates")),
                    integer(request, "count", 1000));
            case "join_ping" -> new Fault.JoinPing(integer(request, "interval", 5), integer(request, "timeout", 15));
            default -> throw new IllegalArgumentException("unknown fault '" + name + "'");
        };
    }

    private static Duration duration(JsonNode request) {
        return request.has("ms") && !request.get("ms").isNull() ? Duration.ofMillis(number(request, "ms", 0)) : null;
    }

    private static LeaveRequest.Action action(JsonNode request, LeaveRequest.Action fallback) {
        String value = text(request, "action", null);
        return value == null ? fallback : enumValue(LeaveRequest.Action.class, value);
    }

    private static DisconnectReason reason(JsonNode request, DisconnectReason fallback) {
        String value = text(request, "reason", null);
        return value == null ? fallback : enumValue(DisconnectReason.class, value);
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String value) {
        if (value == null) {
            throw new IllegalArgumentException("missing value for " + type.getSimpleName());
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value) && !constant.name().equals("UNRECOGNIZED")) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a " + type.getSimpleName() + " ("
                + java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name)
                .filter(n -> !n.equals("UNRECOGNIZED")).map(n -> n.toLowerCase(Locale.ROOT)).toList() + ")");
    }

    private static String text(JsonNode request, String field, String fallback) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return node.asText();
    }

    private static int integer(JsonNode request, String field, int fallback) {
        long value = number(request, field, fallback);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("'" + field + "' must be at most " + Integer.MAX_VALUE);
        }
        return (int) value;
    }

    private static long number(JsonNode request, String field, long fallback) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.canConvertToLong() || node.asLong() < 0) {
            throw new IllegalArgumentException("'" + field + "' must be a non-negative number");
        }
        return node.asLong();
    }

    private static boolean bool(JsonNode request, String field, boolean fallback) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw new IllegalArgumentException("'" + field + "' must be true or false");
        }
        return node.asBoolean();
    }
}
