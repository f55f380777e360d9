package io.rtcreactor.testkit.room;

import com.google.protobuf.InvalidProtocolBufferException;
import io.rtcreactor.engine.proto.DataPacket;
import io.rtcreactor.engine.proto.UserPacket;
import io.rtcreactor.testkit.fault.Fault;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Data packets as LiveKit's server routes them: the channel label decides the kind (LiveKit's Rust client marks
 * reliable packets LOSSY in the deprecated {@code kind}); a reliable packet whose {@code sequence} is not above
 * the last seen from its sender is dropped; the sender's identity and sid are stamped; the packet goes to its
 * destination identities, or to everyone else. Lane-confined.
 */
final class DataRouting {

    private static final Logger LOG = LoggerFactory.getLogger(DataRouting.class);

    private byte[] lastReliable;
    private List<Participant> lastReliableTargets = List.of();

    void arrived(Participant from, String label, byte[] bytes) {
        boolean reliable = label.equals("_reliable");
        if (!reliable && !label.equals("_lossy")) {
            return;
        }
        DataPacket packet;
        try {
            packet = DataPacket.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            from.record.badFrames++;
            return;
        }
        if (from.lostChannels.contains(label)) {
            // The "new node" listens on another stream id for this label: LiveKit's server never sees the packet.
            from.record.dataLostAfterMigration++;
            return;
        }
        if (!from.canPublishData()) {
            from.record.dataRefused++;
            LOG.debug("{} may not publish data; packet dropped", from);
            return;
        }
        if (reliable) {
            if (from.faults.take(Fault.DropReliable.class, from.context.clock().instant()).isPresent()) {
                from.record.reliableDropped++;
                return;
            }
            int sequence = packet.getSequence();
            if (sequence > 0) {
                if (Integer.compareUnsigned(sequence, from.lastReliableSequence) <= 0) {
                    LOG.debug("{}: reliable packet {} is not newer than {}; dropped", from, sequence,
                            from.lastReliableSequence);
                    return;
                }
                from.lastReliableSequence = sequence;
            }
            from.record.reliableReceived++;
        } else {
            from.record.lossyReceived++;
        }
        DataPacket stamped = stamp(from, packet, reliable);
        List<Participant> targets = targets(from, stamped.getDestinationIdentitiesList());
        byte[] out = stamped.toByteArray();
        for (Participant target : targets) {
            target.media.sendData(reliable, out);
        }
        if (reliable) {
            lastReliable = out;
            lastReliableTargets = targets;
        }
    }

    /** The {@code redeliver_reliable} fault: the last forwarded reliable packet, once more. */
    void redeliverLast() {
        if (lastReliable == null) {
            return;
        }
        for (Participant target : lastReliableTargets) {
            if (!target.isGone()) {
                target.media.sendData(true, lastReliable);
            }
        }
    }

    private static DataPacket stamp(Participant from, DataPacket packet, boolean reliable) {
        String identity = from.hidden() ? "" : from.identity();
        String sid = from.hidden() ? "" : from.sid();
        DataPacket.Builder builder = packet.toBuilder()
                .setKind(reliable ? DataPacket.Kind.RELIABLE : DataPacket.Kind.LOSSY)
                .setParticipantIdentity(identity)
                .setParticipantSid(sid);
        if (packet.hasUser()) {
            UserPacket.Builder user = packet.getUser().toBuilder().setParticipantIdentity(identity).setParticipantSid(sid);
            if (packet.getDestinationIdentitiesCount() == 0 && user.getDestinationIdentitiesCount() > 0) {
                builder.addAllDestinationIdentities(user.getDestinationIdentitiesList());
            }
            builder.setUser(user);
        }
        return builder.build();
    }

    private static List<Participant> targets(Participant from, List<String> destinations) {
        Set<String> wanted = Set.copyOf(destinations);
        List<Participant> out = new ArrayList<>();
        for (Participant other : from.room.participants()) {
            if (other != from && (wanted.isEmpty() || wanted.contains(other.identity()))) {
                out.add(other);
            }
        }
        return out;
    }
}
