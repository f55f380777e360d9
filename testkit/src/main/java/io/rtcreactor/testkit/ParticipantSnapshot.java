package io.rtcreactor.testkit;

import io.rtcreactor.testkit.room.Participant;
import io.rtcreactor.testkit.room.ParticipantRecord;
import io.rtcreactor.testkit.room.RoomRegistry;
import java.util.List;

/**
 * What the server knows of one identity in one room, at one moment: {@link LoopbackServer#participant} gives it,
 * for tests that check what the server saw (the same facts as {@code GET /_testkit/rooms/{room}}).
 *
 * @param identity        the identity
 * @param sid             the current participant's sid; empty when it is not in the room
 * @param state           LiveKit's participant state ({@code JOINING}, {@code JOINED}, {@code ACTIVE}), or
 *                        {@code DISCONNECTED} when it is not in the room
 * @param joins           full joins served (the first join and every full reconnect)
 * @param resumes         resumes served
 * @param fullReconnects  joins after the first
 * @param publishedTracks the sids of the tracks it publishes now
 * @param signal          the signal messages both ways, oldest first
 */
public record ParticipantSnapshot(String identity, String sid, String state, int joins, int resumes,
                                  int fullReconnects, List<String> publishedTracks, List<SignalMessage> signal) {

    /**
     * One signal message the server sent or received.
     *
     * @param direction {@code in} (from the participant), {@code out}, or {@code out-withheld} (dropped by a fault)
     * @param type      the message's case in snake_case ({@code offer}, {@code leave}, {@code join}, …)
     * @param offerId   the offer or answer id, 0 for other messages
     * @param timeMillis when, in the server's clock
     */
    public record SignalMessage(String direction, String type, int offerId, long timeMillis) {
    }

    public ParticipantSnapshot {
        publishedTracks = List.copyOf(publishedTracks);
        signal = List.copyOf(signal);
    }

    /** The types of the messages received from the participant, in order. */
    public List<String> received() {
        return signal.stream().filter(m -> m.direction().equals("in")).map(SignalMessage::type).toList();
    }

    /** Built on the server's lane. */
    static ParticipantSnapshot of(RoomRegistry registry, String room, String identity) {
        ParticipantRecord record = registry.record(room, identity);
        Participant current = registry.participant(room, identity);
        return new ParticipantSnapshot(identity, current == null ? "" : current.sid(),
                current == null ? "DISCONNECTED" : current.state().name(), record.joins(), record.resumes(),
                record.fullReconnects(), current == null ? List.of()
                        : current.publishedTracks().values().stream().map(track -> track.getSid()).toList(),
                record.timeline().stream().map(e -> new SignalMessage(e.direction(), e.type(), e.offerId(),
                        e.timeMillis())).toList());
    }
}
