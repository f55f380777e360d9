package io.rtcreactor.samples.echo;

import io.rtcreactor.engine.DataReceived;
import io.rtcreactor.engine.RemoteParticipant;
import io.rtcreactor.engine.RoomEvent;

/** One readable line per room event: what happened and the facts that identify it (never a token). */
public final class EventText {

    private EventText() {
    }

    public static String of(RoomEvent event) {
        if (event instanceof RoomEvent.ParticipantConnected e) {
            return "participant joined " + who(e.participant());
        } else if (event instanceof RoomEvent.ParticipantDisconnected e) {
            return "participant left " + who(e.participant());
        } else if (event instanceof RoomEvent.ParticipantUpdated e) {
            return "participant updated " + who(e.participant());
        } else if (event instanceof RoomEvent.TrackPublished e) {
            return e.participant().identity() + " published " + e.track().kind().name().toLowerCase()
                    + " track " + e.track().sid() + " \"" + e.track().name() + "\"";
        } else if (event instanceof RoomEvent.TrackUnpublished e) {
            return e.participant().identity() + " unpublished track " + e.track().sid();
        } else if (event instanceof RoomEvent.TrackSubscribed e) {
            return "subscribed to " + e.participant().identity() + "'s audio " + e.track().sid();
        } else if (event instanceof RoomEvent.TrackUnsubscribed e) {
            return "unsubscribed from " + e.participant().identity() + "'s audio " + e.track().sid();
        } else if (event instanceof RoomEvent.TrackMuteChanged e) {
            return e.participant().identity() + (e.muted() ? " muted " : " unmuted ") + e.track().sid();
        } else if (event instanceof RoomEvent.LocalTrackPublished e) {
            return "published " + e.track().name() + " track " + e.track().sid();
        } else if (event instanceof RoomEvent.LocalTrackUnpublished e) {
            return "unpublished " + e.track().name() + " track " + e.track().sid();
        } else if (event instanceof RoomEvent.LocalAudioEnded e) {
            return "the source of our " + e.track().name() + " track ended"
                    + (e.error() == null ? "" : ": " + message(e.error()));
        } else if (event instanceof RoomEvent.LocalTrackEndedByServer e) {
            return "the server ended our " + e.track().name() + " track: " + e.reason();
        } else if (event instanceof RoomEvent.LocalTrackMutedByServer e) {
            return "the server " + (e.muted() ? "muted" : "unmuted") + " our " + e.track().name() + " track "
                    + e.track().sid();
        } else if (event instanceof RoomEvent.DataPacketReceived e) {
            return data(e.data());
        } else if (event instanceof RoomEvent.DataGap e) {
            return "data lost: " + (e.local() ? "our" : e.senderIdentity() + "'s") + " reliable packets " + e.from()
                    + ".." + e.to() + " cannot be recovered";
        } else if (event instanceof RoomEvent.Resuming e) {
            return "resuming after: " + message(e.cause());
        } else if (event instanceof RoomEvent.Reconnecting e) {
            return "reconnecting fully after: " + message(e.cause());
        } else if (event instanceof RoomEvent.Reconnected e) {
            return "reconnected " + e.mode() + " in " + e.took().toMillis() + " ms";
        } else if (event instanceof RoomEvent.Disconnected e) {
            return "disconnected reason=" + e.reason() + (e.cause() == null ? "" : " cause=" + message(e.cause()));
        } else if (event instanceof RoomEvent.AttributesChanged e) {
            return "attributes of " + who(e.participant()) + " changed: " + e.changed();
        } else if (event instanceof RoomEvent.DtmfReceived e) {
            return e.senderIdentity() + " pressed " + e.digit() + " (DTMF " + e.code() + ")";
        } else if (event instanceof RoomEvent.ChatMessageReceived e) {
            return "chat from " + e.message().senderIdentity() + " (legacy packet): " + e.message().message().length()
                    + " chars";
        } else if (event instanceof RoomEvent.TranscriptionReceived e) {
            return "transcription (legacy packet): " + e.segments().size() + " segment(s)";
        } else if (event instanceof RoomEvent.RoomMoved e) {
            return "moved by the server from room " + e.from() + " to room " + e.to();
        } else if (event instanceof RoomEvent.TokenRefreshed) {
            return "token refreshed by the server";
        } else if (event instanceof RoomEvent.ConnectionQualityChanged e) {
            return "connection quality of " + (e.local() ? "this agent" : e.identity().isEmpty() ? e.participantSid()
                    : e.identity()) + ": " + e.quality();
        } else if (event instanceof RoomEvent.InputRejected e) {
            return "input rejected (" + e.what() + "): " + e.reason();
        } else if (event instanceof RoomEvent.AnswerDropped e) {
            return "answer #" + e.answerId() + " dropped: " + e.reason();
        }
        return event.toString();
    }

    static String data(DataReceived data) {
        return "data from " + data.senderIdentity() + " topic=" + (data.topic().isEmpty() ? "-" : data.topic()) + " "
                + data.payload().length + " bytes " + (data.reliable() ? "reliable seq=" + data.sequence() : "lossy");
    }

    /** An error as one line: its type and message, and the first cause's (what a reader needs to act). */
    public static String message(Throwable error) {
        if (error == null) {
            return "-";
        }
        String text = error.getClass().getSimpleName() + ": " + error.getMessage();
        Throwable cause = error.getCause();
        return cause == null || cause == error ? text : text + " (caused by " + cause.getClass().getSimpleName()
                + ": " + cause.getMessage() + ")";
    }

    private static String who(RemoteParticipant participant) {
        return participant.identity() + " (" + participant.sid() + ")";
    }
}
