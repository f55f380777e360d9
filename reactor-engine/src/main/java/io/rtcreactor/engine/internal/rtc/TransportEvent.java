package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.PeerState;

/**
 * What a {@link PeerTransport} reports, as immutable past-tense records. Every record is built from a native
 * callback's arguments (or from a follow-up read on the transport's native worker), never by calling into a
 * native object from the callback itself.
 */
public sealed interface TransportEvent {

    /** The transport's name, e.g. {@code subscriber#3}. */
    String transport();

    /** libwebrtc gathered a local candidate; it must be trickled to the remote side. */
    record CandidateGathered(String transport, IceCandidate candidate) implements TransportEvent {
    }

    /** Candidate gathering finished for the current ICE generation. */
    record GatheringCompleted(String transport) implements TransportEvent {
    }

    /** The peer connection's aggregate state changed. */
    record StateChanged(String transport, PeerState state) implements TransportEvent {
    }

    /** The ICE connection state changed (see {@link IceState} for what an ICE restart looks like). */
    record IceStateChanged(String transport, IceState state) implements TransportEvent {
    }

    /** libwebrtc asks for a new offer (tracks or channels changed). */
    record NegotiationNeeded(String transport) implements TransportEvent {
    }

    /** The remote side opened a data channel on this connection. */
    record ChannelAnnounced(String transport, DataChannel channel, int id) implements TransportEvent {
    }

    /**
     * A data channel's state changed. {@code id} is its SCTP stream id (-1 while none is assigned): a resume after
     * a migration reports it in SyncState, because LiveKit's new node recreates the channels by id.
     */
    record ChannelStateChanged(String transport, String label, DataChannel.State state, int id)
            implements TransportEvent {
    }

    /** A data channel delivered a message; {@code data} is a private copy. */
    record ChannelMessageReceived(String transport, String label, byte[] data, boolean binary)
            implements TransportEvent {
    }

    /**
     * A remote track arrived. {@code streamId} is the msid stream id of its media section (LiveKit:
     * {@code <participant sid>|<track sid>}), {@code mid} its media section id.
     */
    record TrackReceived(String transport, String mid, String trackId, String streamId, String kind,
                         RemoteAudio audio) implements TransportEvent {
    }
}
