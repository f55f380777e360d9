package io.rtcreactor.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Everything a {@link Room} reports, as past-tense records. */
public sealed interface RoomEvent {

    /** Another participant joined (or was found in the room when we joined). */
    record ParticipantConnected(RemoteParticipant participant) implements RoomEvent {
    }

    /** Another participant left (including while our own connection was down). */
    record ParticipantDisconnected(RemoteParticipant participant) implements RoomEvent {
    }

    /** A participant's name, metadata or attributes changed. */
    record ParticipantUpdated(RemoteParticipant participant) implements RoomEvent {
    }

    /** A participant published a track. */
    /**
     * Attributes of a participant changed (LiveKit's {@code ParticipantAttributesChanged}): the keys that are new or
     * changed with their values, removed keys with "" (how LiveKit removes one). Comes after the
     * {@link ParticipantUpdated} of the same update; {@code participant} is the new snapshot.
     */
    record AttributesChanged(RemoteParticipant participant, Map<String, String> changed) implements RoomEvent {
        public AttributesChanged {
            changed = Map.copyOf(changed);
        }
    }

    record TrackPublished(RemoteParticipant participant, TrackPublication track) implements RoomEvent {
    }

    /** A participant unpublished a track. */
    record TrackUnpublished(RemoteParticipant participant, TrackPublication track) implements RoomEvent {
    }

    /** A remote audio track arrived on our subscriber transport: its frames can be read. */
    record TrackSubscribed(RemoteParticipant participant, RemoteAudioTrack track) implements RoomEvent {
    }

    /** A remote audio track went away. */
    record TrackUnsubscribed(RemoteParticipant participant, RemoteAudioTrack track) implements RoomEvent {
    }

    /** A participant muted or unmuted a track. */
    record TrackMuteChanged(RemoteParticipant participant, TrackPublication track, boolean muted) implements RoomEvent {
    }

    /** One of our tracks is published (again, after a full reconnect). */
    record LocalTrackPublished(LocalTrackPublication track) implements RoomEvent {
    }

    /**
     * The frames {@code Flux} of one of our tracks ended: completed ({@code error} null) or failed (a frame in
     * another format than {@code publishAudio} takes, or the application's own error). The track stays published
     * and carries nothing until it is unpublished or given a new track; unpublish it when an utterance is done.
     */
    record LocalAudioEnded(LocalTrackPublication track, Throwable error) implements RoomEvent {
    }

    /** One of our tracks is unpublished. */
    record LocalTrackUnpublished(LocalTrackPublication track) implements RoomEvent {
    }

    /**
     * The server muted (or unmuted) one of our tracks: an administrator did (LiveKit's
     * {@code RoomService.MutePublishedTrack}). The publication follows at once (it sends silence while muted, and
     * the server is told it did), as LiveKit's own clients do; the application may unmute it again.
     */
    record LocalTrackMutedByServer(LocalTrackPublication track, boolean muted) implements RoomEvent {
    }

    /**
     * The server rated a participant's connection (LiveKit sends these every few seconds, for every participant
     * whose grade changed). {@code local} is true for our own connection: {@link ConnectionQuality#LOST} there means
     * the server has not received our media lately, even if our transports look connected.
     */
    record ConnectionQualityChanged(String participantSid, String identity, boolean local, ConnectionQuality quality,
                                    float score) implements RoomEvent {
    }

    /**
     * The server ended one of our publications: it unpublished the track ({@code track_unpublished}, e.g. an
     * administrator revoked the publish permission: LiveKit's {@code ParticipantImpl.SetPermission} removes the
     * tracks the participant may no longer publish), or refused to publish it again after a full reconnect
     * ({@code request_response}). The publication is stopped and no longer reported to the server.
     */
    record LocalTrackEndedByServer(LocalTrackPublication track, String reason) implements RoomEvent {
    }

    /** A user data packet arrived (also on {@link Room#dataReceived()}). */
    record DataPacketReceived(DataReceived data) implements RoomEvent {
    }

    /**
     * Reliable packets are missing and cannot be recovered: {@code from..to} (inclusive) of {@code senderSid}'s
     * sequence. For our own packets ({@code local} true) the buffer no longer held what a resume needed to re-send.
     */
    record DataGap(String senderSid, String senderIdentity, long from, long to, boolean local) implements RoomEvent {
    }

    /** The connection is being recovered by resuming the same session. */
    record Resuming(Throwable cause) implements RoomEvent {
    }

    /** The connection is being recovered by joining again (from the start or after a failed resume). */
    record Reconnecting(Throwable cause) implements RoomEvent {
    }

    /** Recovered: signal up, transports connected on their new ICE credentials, tracks published. */
    record Reconnected(Mode mode, Duration took) implements RoomEvent {
    }

    /** The session ended. {@code cause} is what started the ending (for a failed recovery: its first cause). */
    record Disconnected(DisconnectReason reason, Throwable cause) implements RoomEvent {
    }

    /**
     * A participant pressed a key: LiveKit's {@code sip_dtmf} data packet (a phone caller through LiveKit's SIP
     * bridge, or any SDK's {@code publishDtmf}). {@code code} is the RFC 4733 event code (0–9 digits, 10 {@code *},
     * 11 {@code #}, 12–15 A–D), {@code digit} its character.
     */
    record DtmfReceived(String senderIdentity, String senderSid, int code, String digit) implements RoomEvent {
    }

    /**
     * A legacy {@code chat_message} packet (LiveKit's deprecated {@code sendChatMessage}; today's clients send chat
     * as text streams on {@code lk.chat}). {@link Room#chatMessages()} gives both kinds.
     */
    record ChatMessageReceived(io.rtcreactor.engine.stream.ChatMessage message) implements RoomEvent {
    }

    /**
     * A legacy {@code transcription} packet (LiveKit's {@code publishTranscription}; today's agents send
     * transcriptions as text streams on {@code lk.transcription}). {@link Room#transcriptions()} gives both kinds.
     */
    record TranscriptionReceived(List<io.rtcreactor.engine.stream.TranscriptionSegment> segments) implements RoomEvent {
        public TranscriptionReceived {
            segments = List.copyOf(segments);
        }
    }

    /**
     * The server moved this participant to another room ({@code room_moved}): the participants of {@code from} have
     * been reported disconnected before this event, those of {@code to} connect after it. The session, its
     * transports and its own tracks carry on; the token was replaced with one for {@code to}.
     */
    record RoomMoved(String from, String to) implements RoomEvent {
    }

    /**
     * The server changed what this participant may do (an administrator's UpdateParticipant); with
     * {@code canPublish} revoked, LiveKit also removes our tracks ({@link LocalTrackEndedByServer}).
     */
    record PermissionsChanged(ParticipantPermissions permissions) implements RoomEvent {
    }

    /** The server sent a newer token; reconnects use it. */
    record TokenRefreshed() implements RoomEvent {
    }

    /** Input the engine could not use (a bad frame, an unparseable candidate or description); it carried on. */
    record InputRejected(String what, String reason) implements RoomEvent {
    }

    /** An answer of the server was ignored: not for the outstanding offer, or a duplicate (invariant 3). */
    record AnswerDropped(int answerId, String reason) implements RoomEvent {
    }
}
