package io.rtcreactor.testkit.room;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.JoinResponse;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.ParticipantUpdate;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.proto.TrackPublishedResponse;
import io.rtcreactor.testkit.fault.Fault;
import io.rtcreactor.testkit.signal.SignalSocket;
import java.util.Random;

/**
 * Where each fault of FAULTS.md acts: immediately ({@link #actNow}) or at the point of the protocol it changes
 * (the {@code shape*} and {@code send*} helpers, called from the normal path). Lane-confined.
 */
final class FaultActions {

    private FaultActions() {
    }

    /** Acts on a fault that takes effect at once; false if the fault is to be armed instead. */
    static boolean actNow(RoomRegistry registry, Participant p, Fault fault) {
        if (p == null) {
            return false;
        }
        if (fault instanceof Fault.Leave leave) {
            boolean removes;
            SignalSocket socket = p.socket();
            if (leave.legacyCanReconnect() != null) {
                p.sendLegacyLeave(leave.reason(), leave.legacyCanReconnect(), leave.closeSocket());
                removes = !leave.legacyCanReconnect();
            } else {
                p.sendLeave(leave.action(), leave.reason(), leave.closeSocket());
                // DISCONNECT ends the participant; RECONNECT means the server no longer has it (PROTOCOL.md).
                removes = leave.action() != LeaveRequest.Action.RESUME;
            }
            if (removes && socket != null && p.faults.take(Fault.StaleSocket.class, p.context.clock().instant())
                    .isPresent()) {
                // stale_socket: the socket of a participant the server has just let go of keeps talking. Right behind
                // the Leave is the one moment a client that closes its old socket at once (as it should) still reads
                // from it: an answer, an offer and a candidate follow the Leave on it, in this order.
                sendStale(p, socket);
            }
            if (removes) {
                // Removing would close the socket at once; close_socket and leaveCloseDelay decide that instead.
                p.releaseSocket();
                registry.remove(p, leave.reason());
            }
            return true;
        }
        if (fault instanceof Fault.Migrate migrate) {
            if (migrate.oldPath() == Fault.OldPath.DROP) {
                // The old node is gone: nothing it had carries media any more, from this moment on.
                p.context.relay().dropPath(p.sid());
            }
            p.sendLeave(LeaveRequest.Action.RESUME, DisconnectReason.MIGRATION, true);
            p.migrated = true;
            // As LiveKit's ParticipantImpl.MaybeStartMigration (pkg/rtc/participant.go): the timer of an earlier
            // migration is cleared before the new one is set, so a second migration is timed from its own leave.
            if (p.subscriberCloseTimer != null) {
                p.subscriberCloseTimer.dispose();
            }
            p.subscriberCloseTimer = p.later(migrate.subscriberCloseAfter().toMillis(), () -> {
                if (p.migrated) {
                    p.media.close(true).subscribe();
                }
            });
            return true;
        }
        if (fault instanceof Fault.CloseSignal close) {
            SignalSocket socket = p.socket();
            if (socket != null) {
                if (close.abrupt()) {
                    socket.abort();
                } else {
                    socket.close(1000, "close_signal fault");
                }
            }
            return true;
        }
        if (fault instanceof Fault.CorruptFrame corrupt) {
            SignalSocket socket = p.socket();
            if (socket != null) {
                p.record.note("out-corrupt", corrupt.kind().name().toLowerCase(java.util.Locale.ROOT), 0,
                        p.context.nowMillis(), socket.id());
                socket.sendBytes(corruptFrame(corrupt.kind()));
            }
            return true;
        }
        if (fault instanceof Fault.RedeliverReliable) {
            registry.data.redeliverLast();
            return true;
        }
        if (fault instanceof Fault.OfferBurst) {
            p.media.burstSubscriberOffers();
            return true;
        }
        if (fault instanceof Fault.UpdatePermission permission) {
            p.signals.permissionChanged(permission.canPublish());
            return true;
        }
        if (fault instanceof Fault.MuteTrack mute) {
            p.signals.adminMute(mute.trackSid(), mute.muted());
            return true;
        }
        if (fault instanceof Fault.Flood flood) {
            Flood.start(p, flood);
            return true;
        }
        if (fault instanceof Fault.BlackHoleMedia hole) {
            p.context.relay().block(p.sid(), hole.duration());
            return true;
        }
        return false;
    }

    static byte[] corruptFrame(Fault.Corruption kind) {
        return switch (kind) {
            case TRUNCATED -> {
                byte[] whole = SignalResponse.newBuilder().setUpdate(ParticipantUpdate.newBuilder()
                        .addParticipants(io.rtcreactor.engine.proto.ParticipantInfo.newBuilder()
                                .setSid("PA_truncated").setIdentity("truncated").setName("x".repeat(64))))
                        .build().toByteArray();
                yield java.util.Arrays.copyOf(whole, whole.length / 2);
            }
            case GARBAGE -> {
                byte[] garbage = new byte[97];
                new Random(97).nextBytes(garbage);
                garbage[0] = (byte) 0xff;
                yield garbage;
            }
            // Field 99 of SignalResponse, length-delimited: a case from some future protocol version.
            case UNKNOWN_FIELD -> new byte[] {(byte) 0x9a, 0x06, 0x02, 0x08, 0x01};
            // Above what a client accepts as a response (LiveKit's server itself sets no limit on what it sends).
            case OVERSIZED -> SignalResponse.newBuilder()
                    .setRefreshToken("x".repeat(io.rtcreactor.engine.internal.signal.SignalCodec.DEFAULT_MAX_RESPONSE_BYTES + 1024))
                    .build().toByteArray();
            // An id no real offer of this session has, so the client's answer (if any) is told apart.
            case BAD_SDP -> SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder().setType("offer")
                    .setSdp("this is not a session description").setId(7777)).build().toByteArray();
            case BAD_CANDIDATE -> RoomRegistry.trickle(SignalTarget.SUBSCRIBER, "{candidate: not json").toByteArray();
        };
    }

    /** {@code omit_field} (join_room, join_participant) and {@code join_ping} shape the next JoinResponse. */
    static void shapeJoin(Participant p, JoinResponse.Builder join) {
        var now = p.context.clock().instant();
        p.faults.take(Fault.OmitField.class, f -> f.what() == Fault.Omission.JOIN_ROOM, now).ifPresent(f -> join.clearRoom());
        p.faults.take(Fault.OmitField.class, f -> f.what() == Fault.Omission.JOIN_PARTICIPANT, now)
                .ifPresent(f -> join.clearParticipant());
        p.faults.take(Fault.JoinPing.class, now).ifPresent(f -> join.setPingInterval(f.interval()).setPingTimeout(f.timeout()));
    }

    /** {@code omit_field} (track_published_track, track_published_sid) shape the next TrackPublishedResponse. */
    static void shapeTrackPublished(Participant p, TrackPublishedResponse.Builder response) {
        var now = p.context.clock().instant();
        p.faults.take(Fault.OmitField.class, f -> f.what() == Fault.Omission.TRACK_PUBLISHED_TRACK, now)
                .ifPresent(f -> response.clearTrack());
        p.faults.take(Fault.OmitField.class, f -> f.what() == Fault.Omission.TRACK_PUBLISHED_SID, now)
                .ifPresent(f -> response.setTrack(response.getTrack().toBuilder().setSid("")));
    }

    /** {@code omit_field} (candidate_sdp_mid) shapes the next server candidate. */
    static String shapeCandidate(Participant p, IceCandidate candidate) {
        if (p.faults.take(Fault.OmitField.class, f -> f.what() == Fault.Omission.CANDIDATE_SDP_MID,
                p.context.clock().instant()).isPresent()) {
            return "{\"candidate\":\"" + candidate.candidate() + "\",\"sdpMLineIndex\":" + candidate.sdpMLineIndex() + "}";
        }
        // As LiveKit's server: ParticipantImpl.sendICECandidate (pkg/rtc/participant_signal.go) trickles pion's
        // ICECandidate.ToJSON, which carries no usernameFragment; a client must place them by the description they
        // follow.
        return candidate.withUsernameFragment("").toJson();
    }

    /** Sends a publisher answer through {@code withhold_answer}, {@code stale_answer}, {@code duplicate_answer}. */
    static void sendPublisherAnswer(Participant p, SignalResponse answer, boolean iceRestart, Sdp previousAnswer,
                                    int previousId) {
        var now = p.context.clock().instant();
        var withheld = p.faults.take(Fault.WithholdAnswer.class, f -> !f.iceRestartOnly() || iceRestart, now);
        if (p.faults.take(Fault.StaleAnswer.class, now).isPresent() && previousAnswer != null) {
            p.send(SignalResponse.newBuilder().setAnswer(SessionDescription.newBuilder().setType("answer")
                    .setSdp(previousAnswer.sdp()).setId(Math.max(0, previousId))).build());
        }
        boolean duplicate = p.faults.take(Fault.DuplicateAnswer.class, now).isPresent();
        Runnable send = () -> {
            p.send(answer);
            if (duplicate) {
                p.send(answer);
            }
            p.signals.publisherAnswerSent(answer.getAnswer().getSdp());
        };
        if (withheld.isEmpty()) {
            send.run();
        } else if (withheld.get().duration() != null) {
            p.later(withheld.get().duration().toMillis(), () -> {
                send.run();
                burstBehindWithheldAnswer(p);
            });
        }
    }

    /**
     * FAULTS.md F2: "the answer arrives, followed at once by a trickle, a subscriber offer and a participant update".
     * The trickle and the update go out right behind the answer; the subscriber offer as soon as the server's
     * negotiation actor has made it (a few milliseconds).
     */
    private static void burstBehindWithheldAnswer(Participant p) {
        IceCandidate candidate = p.media.lastSubscriberCandidate();
        if (candidate != null) {
            p.send(RoomRegistry.trickle(SignalTarget.SUBSCRIBER, candidate.toJson()));
        }
        p.media.negotiateSubscriber(false);
        ParticipantUpdate.Builder update = ParticipantUpdate.newBuilder().addParticipants(p.info());
        p.room.othersInfo(p).forEach(update::addParticipants);
        p.send(SignalResponse.newBuilder().setUpdate(update).build());
    }

    /**
     * {@code stale_socket} when a full rejoin finds the old participant with its socket still open: 300 ms after the
     * rejoin, the old socket sends an answer, an offer and a candidate.
     */
    static void staleSocket(Participant previous, SignalSocket oldSocket) {
        previous.context.lane().schedule(() -> sendStale(previous, oldSocket), 300,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The stale messages: an answer to offer 1, an offer with id 99, a subscriber candidate; then a close 2 s on. */
    private static void sendStale(Participant previous, SignalSocket oldSocket) {
        previous.send(oldSocket, SignalResponse.newBuilder().setAnswer(SessionDescription.newBuilder()
                .setType("answer").setSdp("v=0\r\n").setId(1)).build());
        previous.send(oldSocket, SignalResponse.newBuilder().setOffer(SessionDescription.newBuilder()
                .setType("offer").setSdp("v=0\r\n").setId(99)).build());
        previous.send(oldSocket, RoomRegistry.trickle(SignalTarget.SUBSCRIBER,
                new IceCandidate("candidate:1 1 udp 2122260223 198.18.0.1 9 typ host", "0", 0, "").toJson()));
        previous.context.lane().schedule(() -> oldSocket.close(1000, "stale socket done"), 2,
                java.util.concurrent.TimeUnit.SECONDS);
    }

    /** {@code messages_before_reconnect_response}: an update and a trickle ahead of the ReconnectResponse. */
    static void messagesBeforeReconnectResponse(Participant p) {
        ParticipantUpdate.Builder update = ParticipantUpdate.newBuilder();
        p.room.othersInfo(p).forEach(update::addParticipants);
        p.send(SignalResponse.newBuilder().setUpdate(update).build());
        IceCandidate candidate = p.media.lastSubscriberCandidate();
        if (candidate != null) {
            p.send(RoomRegistry.trickle(SignalTarget.SUBSCRIBER, candidate.toJson()));
        }
    }
}
