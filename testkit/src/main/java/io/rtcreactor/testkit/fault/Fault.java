package io.rtcreactor.testkit.fault;

import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import java.time.Duration;

/**
 * One fault of FAULTS.md's control surface, with exactly its parameters. A {@code null} duration means "until
 * further notice" where FAULTS.md says "omit = forever" (or, for {@link BlackHoleMedia}, until the next resume
 * or rejoin).
 */
public sealed interface Fault {

    /** The fault's name on the control API. */
    String name();

    /** True if the fault acts on a connection not made yet, so the participant need not exist (others: 404). */
    default boolean actsOnFutureConnection() {
        return false;
    }

    /**
     * Send a LeaveRequest now. {@code legacyCanReconnect} (JSON {@code can_reconnect}, an addition to FAULTS.md's
     * parameters) sets the pre-protocol-13 flag explicitly, to play a server that sends no action.
     */
    record Leave(LeaveRequest.Action action, DisconnectReason reason, boolean closeSocket, Boolean legacyCanReconnect)
            implements Fault {
        public Leave(LeaveRequest.Action action, DisconnectReason reason, boolean closeSocket) {
            this(action, reason, closeSocket, null);
        }

        public String name() {
            return "leave";
        }
    }

    /**
     * {@code leave{RESUME, MIGRATION}}, close the socket, serve the next resume as a new node. With
     * {@link OldPath#DROP} the participant's media path dies at the leave, as if the old node were gone.
     */
    record Migrate(Duration subscriberCloseAfter, OldPath oldPath) implements Fault {
        /** A migration whose old path keeps working (make-before-break). */
        public Migrate(Duration subscriberCloseAfter) {
            this(subscriberCloseAfter, OldPath.KEEP);
        }

        public String name() {
            return "migrate";
        }
    }

    /** What happens to a migrated participant's pre-migration ICE path ({@code old_path}). */
    enum OldPath {
        /** It keeps carrying media until the ICE restart moves it (the default). */
        KEEP,
        /** It carries nothing from the leave on: only the path the ICE restart establishes works. */
        DROP
    }

    /** Close the participant's socket, with a close frame or by dropping TCP. */
    record CloseSignal(boolean abrupt) implements Fault {
        public String name() {
            return "close_signal";
        }
    }

    /** Hold the server's answer to the client's next offer (or next ICE-restart offer). */
    record WithholdAnswer(Duration duration, boolean iceRestartOnly) implements Fault {
        public String name() {
            return "withhold_answer";
        }
    }

    /** Hold the server's next subscriber offer. */
    record DelayOffer(Duration duration) implements Fault {
        public String name() {
            return "delay_offer";
        }
    }

    /** After the client's next offer, also send an answer carrying an older offer id. */
    record StaleAnswer() implements Fault {
        public String name() {
            return "stale_answer";
        }
    }

    /** Send the next answer twice. */
    record DuplicateAnswer() implements Fault {
        public String name() {
            return "duplicate_answer";
        }
    }

    /** What {@link Silent} withholds. */
    enum Silence { JOIN_RESPONSE, RECONNECT_RESPONSE, PONG, ALL }

    /** Withhold those messages, for {@code duration} or forever. */
    record Silent(Silence what, Duration duration) implements Fault {
        public String name() {
            return "silent";
        }

        @Override
        public boolean actsOnFutureConnection() {
            return true;
        }
    }

    /** Refuse the next {@code count} upgrades with {@code status}; /rtc/validate reports the same. */
    record Refuse(int status, int count) implements Fault {
        public String name() {
            return "refuse";
        }

        @Override
        public boolean actsOnFutureConnection() {
            return true;
        }
    }

    /**
     * Accept TCP but hold the next {@code count} upgrades: for ever ({@code after} null), or answer them
     * {@code after} later, as LiveKit's server answers a join whose room needs time to start (it upgrades only once
     * the join produced its first response, trying up to three times with 3, 4 and 5 s timeouts:
     * {@code RTCService.serve} in pkg/service/rtcservice.go).
     */
    record HangUpgrade(int count, Duration after) implements Fault {
        public HangUpgrade(int count) {
            this(count, null);
        }

        public String name() {
            return "hang_upgrade";
        }

        @Override
        public boolean actsOnFutureConnection() {
            return true;
        }
    }

    /** Stop answering connectivity checks for this participant, so its PCs fail. */
    record BlackHoleMedia(Duration duration) implements Fault {
        public String name() {
            return "black_hole_media";
        }
    }

    /**
     * What an administrator's {@code RoomService.MutePublishedTrack} does: the server mutes (or unmutes) the
     * participant's published track {@code trackSid} ({@code null}: every track it publishes), tells the participant
     * with a {@code mute} message and the room with a ParticipantUpdate (LiveKit: {@code ParticipantImpl.SetTrackMuted}
     * with {@code fromAdmin}, pkg/rtc/participant.go, which sends {@code sendTrackMuted}).
     */
    record MuteTrack(String trackSid, boolean muted) implements Fault {
        public String name() {
            return "mute_track";
        }
    }

    /**
     * What an administrator's {@code RoomService.UpdateParticipant} with a permission does
     * ({@code ParticipantImpl.SetPermission}, pkg/rtc/participant.go): {@code canPublish} replaces the token's grant;
     * revoked, the participant's published tracks are removed and it is told with {@code track_unpublished}, and its
     * next AddTrack is refused with {@code request_response{NOT_ALLOWED}}.
     */
    record UpdatePermission(boolean canPublish) implements Fault {
        public String name() {
            return "update_permission";
        }
    }

    /**
     * What an administrator's {@code RoomService.MoveParticipant} does on LiveKit Cloud (the open-source server
     * answers "not implemented", pkg/service/roommanager.go): the participant, its connection and its tracks move
     * to {@code destinationRoom}; the old room sees it leave, the new room sees it join, and the participant gets a
     * {@code room_moved} with the new room, a token for it, itself and the new room's participants.
     */
    record Move(String destinationRoom) implements Fault {
        public String name() {
            return "move";
        }
    }

    /** What {@link Flood} sends. */
    enum Flooding { PARTICIPANT_UPDATES, TRICKLES, AUDIO }

    /**
     * Send {@code count} messages at once, as fast as the socket takes them (an addition to FAULTS.md's table): a
     * server whose room churns or whose ICE agent is stuck in a loop. Participant updates are about a made-up
     * participant {@code flood} whose metadata changes with every version, the last one saying it left; trickles
     * are one loopback host candidate (port 9, discard) for the subscriber, again and again; audio is {@code count}
     * 10 ms frames pushed at once into every downtrack the participant receives (audio faster than real time).
     */
    record Flood(Flooding what, int count) implements Fault {
        /** More than this is refused: a flood is a burst, not a way to stall the server. */
        public static final int MAX = 200_000;

        public Flood {
            if (count < 1 || count > MAX) {
                throw new IllegalArgumentException("flood count must be 1 to " + MAX);
            }
        }

        public String name() {
            return "flood";
        }
    }

    /** Drop the participant's next {@code count} reliable packets without counting them as seen. */
    record DropReliable(int count) implements Fault {
        public String name() {
            return "drop_reliable";
        }
    }

    /** Deliver the last forwarded reliable packet to its receivers again. */
    record RedeliverReliable() implements Fault {
        public String name() {
            return "redeliver_reliable";
        }
    }

    /** Answer the next {@code reconnect=1} with {@code leave{RECONNECT, STATE_MISMATCH}} as the first message. */
    record RefuseResume() implements Fault {
        public String name() {
            return "refuse_resume";
        }
    }

    /** Answer the next {@code reconnect=1} with a Leave of that action. */
    record LeaveInsteadOfReconnect(LeaveRequest.Action action) implements Fault {
        public String name() {
            return "leave_instead_of_reconnect";
        }
    }

    /** On the next resume send a participant update and a trickle before the ReconnectResponse. */
    record MessagesBeforeReconnectResponse() implements Fault {
        public String name() {
            return "messages_before_reconnect_response";
        }
    }

    /** Send two subscriber offers back-to-back. */
    record OfferBurst() implements Fault {
        public String name() {
            return "offer_burst";
        }
    }

    /** After the participant's next full rejoin, send an answer, an offer and a candidate on the old socket. */
    record StaleSocket() implements Fault {
        public String name() {
            return "stale_socket";
        }
    }

    /**
     * Kinds of bad frame. The first four break the frame itself; {@code BAD_SDP} (a subscriber offer whose SDP no
     * parser accepts) and {@code BAD_CANDIDATE} (a trickle whose candidate is not JSON) are well-formed messages
     * with unusable content, additions of the testkit's to FAULTS.md's list (docs/testkit.md).
     */
    enum Corruption { TRUNCATED, GARBAGE, UNKNOWN_FIELD, OVERSIZED, BAD_SDP, BAD_CANDIDATE }

    /** Send one bad frame now. */
    record CorruptFrame(Corruption kind) implements Fault {
        public String name() {
            return "corrupt_frame";
        }
    }

    /** Fields that {@link OmitField} can leave out. */
    enum Omission { JOIN_ROOM, JOIN_PARTICIPANT, CANDIDATE_SDP_MID, TRACK_PUBLISHED_TRACK, TRACK_PUBLISHED_SID }

    /** Leave that field out (or empty) of the next such message to this participant. */
    record OmitField(Omission what) implements Fault {
        public String name() {
            return "omit_field";
        }

        @Override
        public boolean actsOnFutureConnection() {
            return true;
        }
    }

    /** Put these values in the next JoinResponse. */
    record JoinPing(int interval, int timeout) implements Fault {
        public String name() {
            return "join_ping";
        }

        @Override
        public boolean actsOnFutureConnection() {
            return true;
        }
    }
}
