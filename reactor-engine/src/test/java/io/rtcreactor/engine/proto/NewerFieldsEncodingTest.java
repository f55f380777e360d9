package io.rtcreactor.engine.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fields newer than LiveKit's 0.9.0 jar cannot be checked against LiveKit's classes, so their encodings are
 * checked against bytes written down here. Each row of {@link #ENCODINGS} is the expected encoding of a message
 * that has only that field set to a canonical value (1, "a", true, the first non-zero enum value, an empty
 * message, the map entry {"a": "b"}), computed from upstream's numbering (livekit/protocol 1.50): a wrong field
 * number or wire type changes the tag bytes and fails the test. The table must cover every field of ours that
 * the jar lacks, which is checked too.
 */
class NewerFieldsEncodingTest {

    private static final Map<String, String> ENCODINGS = table(
            "livekit.SignalRequest.publish_data_track_request", "9a 01 00",
            "livekit.SignalRequest.unpublish_data_track_request", "a2 01 00",
            "livekit.SignalRequest.update_data_subscription", "aa 01 00",
            "livekit.SignalRequest.store_data_blob_request", "b2 01 00",
            "livekit.SignalRequest.get_data_blob_request", "ba 01 00",
            "livekit.SignalResponse.room_moved", "c2 01 00",
            "livekit.SignalResponse.media_sections_requirement", "ca 01 00",
            "livekit.SignalResponse.subscribed_audio_codec_update", "d2 01 00",
            "livekit.SignalResponse.publish_data_track_response", "da 01 00",
            "livekit.SignalResponse.unpublish_data_track_response", "e2 01 00",
            "livekit.SignalResponse.data_track_subscriber_handles", "ea 01 00",
            "livekit.SignalResponse.store_data_blob_response", "f2 01 00",
            "livekit.SignalResponse.get_data_blob_response", "fa 01 00",
            "livekit.SimulcastCodec.layers", "22 00",
            "livekit.SimulcastCodec.video_layer_mode", "28 01",
            "livekit.AddTrackRequest.audio_features", "8a 01 01 01",
            "livekit.AddTrackRequest.packet_trailer_features", "92 01 01 01",
            "livekit.PublishDataTrackRequest.pub_handle", "08 01",
            "livekit.PublishDataTrackRequest.name", "12 01 61",
            "livekit.PublishDataTrackRequest.encryption", "18 01",
            "livekit.PublishDataTrackRequest.frame_encoding", "22 00",
            "livekit.PublishDataTrackRequest.schema", "2a 00",
            "livekit.PublishDataTrackResponse.info", "0a 00",
            "livekit.UnpublishDataTrackRequest.pub_handle", "08 01",
            "livekit.UnpublishDataTrackResponse.info", "0a 00",
            "livekit.DataTrackSubscriberHandles.sub_handles", "0a 04 08 01 12 00",
            "livekit.DataTrackSubscriberHandles.PublishedDataTrack.publisher_identity", "0a 01 61",
            "livekit.DataTrackSubscriberHandles.PublishedDataTrack.publisher_sid", "12 01 61",
            "livekit.DataTrackSubscriberHandles.PublishedDataTrack.track_sid", "1a 01 61",
            "livekit.UpdateDataSubscription.updates", "0a 00",
            "livekit.UpdateDataSubscription.Update.track_sid", "0a 01 61",
            "livekit.UpdateDataSubscription.Update.subscribe", "10 01",
            "livekit.UpdateDataSubscription.Update.options", "1a 00",
            "livekit.StoreDataBlobRequest.request_id", "08 01",
            "livekit.StoreDataBlobRequest.blob", "12 00",
            "livekit.StoreDataBlobResponse.request_id", "08 01",
            "livekit.StoreDataBlobResponse.key", "12 00",
            "livekit.GetDataBlobRequest.request_id", "08 01",
            "livekit.GetDataBlobRequest.participant_identity", "12 01 61",
            "livekit.GetDataBlobRequest.key", "1a 00",
            "livekit.GetDataBlobResponse.request_id", "08 01",
            "livekit.GetDataBlobResponse.blob", "12 00",
            "livekit.SessionDescription.id", "18 01",
            "livekit.SessionDescription.mid_to_track_id", "22 06 0a 01 61 12 01 62",
            "livekit.MediaSectionsRequirement.num_audios", "08 01",
            "livekit.MediaSectionsRequirement.num_videos", "10 01",
            "livekit.ReconnectResponse.server_info", "1a 00",
            "livekit.ReconnectResponse.last_message_seq", "20 01",
            "livekit.SyncState.datachannel_receive_states", "3a 00",
            "livekit.SyncState.publish_data_tracks", "42 00",
            "livekit.SyncState.data_subscription", "4a 00",
            "livekit.DataChannelReceiveState.publisher_sid", "0a 01 61",
            "livekit.DataChannelReceiveState.last_seq", "10 01",
            "livekit.ConnectionSettings.auto_subscribe", "08 01",
            "livekit.ConnectionSettings.adaptive_stream", "10 01",
            "livekit.ConnectionSettings.subscriber_allow_pause", "18 01",
            "livekit.ConnectionSettings.disable_ice_lite", "20 01",
            "livekit.ConnectionSettings.auto_subscribe_data_track", "28 01",
            "livekit.JoinRequest.client_info", "0a 00",
            "livekit.JoinRequest.connection_settings", "12 00",
            "livekit.JoinRequest.metadata", "1a 01 61",
            "livekit.JoinRequest.participant_attributes", "22 06 0a 01 61 12 01 62",
            "livekit.JoinRequest.add_track_requests", "2a 00",
            "livekit.JoinRequest.publisher_offer", "32 00",
            "livekit.JoinRequest.reconnect", "38 01",
            "livekit.JoinRequest.reconnect_reason", "40 01",
            "livekit.JoinRequest.participant_sid", "4a 01 61",
            "livekit.JoinRequest.sync_state", "52 00",
            "livekit.WrappedJoinRequest.compression", "08 01",
            "livekit.WrappedJoinRequest.join_request", "12 01 61",
            "livekit.RoomMovedResponse.room", "0a 00",
            "livekit.RoomMovedResponse.token", "12 01 61",
            "livekit.RoomMovedResponse.participant", "1a 00",
            "livekit.RoomMovedResponse.other_participants", "22 00",
            "livekit.SubscribedAudioCodecUpdate.track_sid", "0a 01 61",
            "livekit.SubscribedAudioCodecUpdate.subscribed_audio_codecs", "12 00",
            "livekit.RequestResponse.trickle", "22 00",
            "livekit.RequestResponse.add_track", "2a 00",
            "livekit.RequestResponse.mute", "32 00",
            "livekit.RequestResponse.update_metadata", "3a 00",
            "livekit.RequestResponse.update_audio_track", "42 00",
            "livekit.RequestResponse.update_video_track", "4a 00",
            "livekit.RequestResponse.publish_data_track", "52 00",
            "livekit.RequestResponse.unpublish_data_track", "5a 00",
            "livekit.MetricsRecordingHeader.room_id", "0a 01 61",
            "livekit.MetricsRecordingHeader.duration", "18 01",
            "livekit.MetricsRecordingHeader.start_time", "22 00",
            "livekit.MetricsRecordingHeader.room_tags", "2a 06 0a 01 61 12 01 62",
            "livekit.MetricsRecordingHeader.room_name", "32 01 61",
            "livekit.MetricsRecordingHeader.room_start_time", "3a 00",
            "livekit.MetricsRecordingHeader.job_id", "42 01 61",
            "livekit.MetricsRecordingHeader.simulated", "48 01",
            "livekit.MetricsRecordingHeader.redaction_enabled", "50 01",
            "livekit.TokenPagination.token", "0a 01 61",
            "livekit.ListUpdate.set", "0a 01 61",
            "livekit.ListUpdate.add", "12 01 61",
            "livekit.ListUpdate.remove", "1a 01 61",
            "livekit.ListUpdate.clear", "20 01",
            "livekit.ParticipantPermission.can_manage_agent_session", "68 01",
            "livekit.ParticipantInfo.kind_details", "92 01 01 01",
            "livekit.ParticipantInfo.data_tracks", "9a 01 00",
            "livekit.ParticipantInfo.client_protocol", "a0 01 01",
            "livekit.ParticipantInfo.capabilities", "aa 01 01 01",
            "livekit.SimulcastCodecInfo.video_layer_mode", "28 01",
            "livekit.SimulcastCodecInfo.sdp_cid", "32 01 61",
            "livekit.TrackInfo.packet_trailer_features", "aa 01 01 01",
            "livekit.VideoLayer.spatial_layer", "30 01",
            "livekit.VideoLayer.rid", "3a 01 61",
            "livekit.VideoLayer.repair_ssrc", "40 01",
            "livekit.DataTrackInfo.pub_handle", "08 01",
            "livekit.DataTrackInfo.sid", "12 01 61",
            "livekit.DataTrackInfo.name", "1a 01 61",
            "livekit.DataTrackInfo.encryption", "20 01",
            "livekit.DataTrackInfo.frame_encoding", "2a 00",
            "livekit.DataTrackInfo.schema", "32 00",
            "livekit.DataTrackFrameEncoding.well_known", "08 01",
            "livekit.DataTrackFrameEncoding.custom", "12 01 61",
            "livekit.DataTrackSchemaEncoding.well_known", "08 01",
            "livekit.DataTrackSchemaEncoding.custom", "12 01 61",
            "livekit.DataTrackSchemaId.name", "0a 01 61",
            "livekit.DataTrackSchemaId.encoding", "12 00",
            "livekit.DataTrackExtensionParticipantSid.id", "08 01",
            "livekit.DataTrackExtensionParticipantSid.participant_sid", "12 01 61",
            "livekit.DataTrackSubscriptionOptions.target_fps", "08 01",
            "livekit.DataBlobKey.generic", "0a 01 61",
            "livekit.DataBlobKey.schema_id", "12 00",
            "livekit.DataBlob.key", "0a 00",
            "livekit.DataBlob.contents", "12 01 61",
            "livekit.DataPacket.sequence", "80 01 01",
            "livekit.DataPacket.participant_sid", "8a 01 01 61",
            "livekit.DataPacket.encrypted_packet", "92 01 00",
            "livekit.EncryptedPacket.encryption_type", "08 01",
            "livekit.EncryptedPacket.iv", "12 01 61",
            "livekit.EncryptedPacket.key_index", "18 01",
            "livekit.EncryptedPacket.encrypted_value", "22 01 61",
            "livekit.EncryptedPacketPayload.user", "0a 00",
            "livekit.EncryptedPacketPayload.chat_message", "1a 00",
            "livekit.EncryptedPacketPayload.rpc_request", "22 00",
            "livekit.EncryptedPacketPayload.rpc_ack", "2a 00",
            "livekit.EncryptedPacketPayload.rpc_response", "32 00",
            "livekit.EncryptedPacketPayload.stream_header", "3a 00",
            "livekit.EncryptedPacketPayload.stream_chunk", "42 00",
            "livekit.EncryptedPacketPayload.stream_trailer", "4a 00",
            "livekit.RpcRequest.compressed_payload", "32 01 61",
            "livekit.RpcResponse.compressed_payload", "22 01 61",
            "livekit.DataStream.Header.inline_content", "5a 01 61",
            "livekit.DataStream.Header.compression", "60 01",
            "livekit.ClientInfo.client_protocol", "60 01",
            "livekit.ClientInfo.capabilities", "6a 01 01",
            "livekit.FilterParams.include_events", "0a 01 61",
            "livekit.FilterParams.exclude_events", "12 01 61",
            "livekit.WebhookConfig.url", "0a 01 61",
            "livekit.WebhookConfig.signing_key", "12 01 61",
            "livekit.WebhookConfig.filter_params", "1a 00",
            "livekit.SubscribedAudioCodec.codec", "0a 01 61",
            "livekit.SubscribedAudioCodec.enabled", "10 01"
    );

    @Test
    void theTableCoversEveryFieldNewerThanLiveKitsJar() throws Exception {
        TreeSet<String> newer = new TreeSet<>();
        Map<FileDescriptor, String> files = Map.of(ModelsProto.getDescriptor(), "livekit.LivekitModels",
                RtcProto.getDescriptor(), "livekit.LivekitRtc", MetricsProto.getDescriptor(), "livekit.LivekitMetrics");
        for (Map.Entry<FileDescriptor, String> file : files.entrySet()) {
            FileDescriptor theirs = (FileDescriptor) Class.forName(file.getValue()).getMethod("getDescriptor").invoke(null);
            for (Descriptor type : file.getKey().getMessageTypes()) {
                collectNewer(type, theirs, newer);
            }
        }
        assertThat(newer).hasSizeGreaterThan(100);
        assertThat(new TreeSet<>(ENCODINGS.keySet())).isEqualTo(newer);
    }

    @Test
    void everyNewerFieldEncodesAsUpstreamNumbersIt() {
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (Map.Entry<String, String> row : ENCODINGS.entrySet()) {
            String path = row.getKey();
            String typeName = path.substring(0, path.lastIndexOf('.'));
            String fieldName = path.substring(path.lastIndexOf('.') + 1);
            Message.Builder builder = ourBuilder(typeName);
            FieldDescriptor field = builder.getDescriptorForType().findFieldByName(fieldName);
            assertThat(field).as(path).isNotNull();
            setCanonical(builder, field);
            assertThat(hex.formatHex(builder.build().toByteArray())).as(path).isEqualTo(row.getValue());
        }
    }

    @Test
    void theFieldsTheEngineDependsOnEncodeExactly() {
        // SessionDescription{type="answer"(1), sdp="x"(2), id=300(3), mid_to_track_id={"0": "TR_a"}(4)}
        //   0a 06 "answer" | 12 01 "x" | 18 ac 02 (300 as varint) | 22 09 [0a 01 "0" 12 04 "TR_a"]
        assertThat(SessionDescription.newBuilder().setType("answer").setSdp("x").setId(300)
                .putMidToTrackId("0", "TR_a").build().toByteArray())
                .containsExactly(HexFormat.of().parseHex("0a06616e7377657212017818ac0222090a01301204" + "54525f61"));
        // ReconnectResponse{last_message_seq=5(4)}: 20 05
        assertThat(ReconnectResponse.newBuilder().setLastMessageSeq(5).build().toByteArray())
                .containsExactly(0x20, 0x05);
        // DataPacket{sequence=3(16), participant_sid="PA_x"(17)}: 80 01 03 | 8a 01 04 "PA_x"
        assertThat(DataPacket.newBuilder().setSequence(3).setParticipantSid("PA_x").build().toByteArray())
                .containsExactly(HexFormat.of().parseHex("8001038a0104" + "50415f78"));
        // SyncState{datachannel_receive_states=[{publisher_sid="P"(1), last_seq=9(2)}](7)}: 3a 05 0a 01 "P" 10 09
        assertThat(SyncState.newBuilder().addDatachannelReceiveStates(DataChannelReceiveState.newBuilder()
                .setPublisherSid("P").setLastSeq(9)).build().toByteArray())
                .containsExactly(0x3a, 0x05, 0x0a, 0x01, 'P', 0x10, 0x09);
        // LeaveRequest{reason=MIGRATION(2)=8, action=RESUME(3)=1}: 10 08 18 01
        assertThat(LeaveRequest.newBuilder().setReason(DisconnectReason.MIGRATION)
                .setAction(LeaveRequest.Action.RESUME).build().toByteArray())
                .containsExactly(0x10, 0x08, 0x18, 0x01);
        // SignalRequest{ping_req=Ping{timestamp=1, rtt=2}(16)}: 82 01 04 08 01 10 02
        assertThat(SignalRequest.newBuilder().setPingReq(Ping.newBuilder().setTimestamp(1).setRtt(2)).build()
                .toByteArray()).containsExactly(0x82, 0x01, 0x04, 0x08, 0x01, 0x10, 0x02);
        // SignalResponse{pong_resp=Pong{last_ping_timestamp=1, timestamp=2}(20)}: a2 01 04 08 01 10 02
        assertThat(SignalResponse.newBuilder().setPongResp(Pong.newBuilder().setLastPingTimestamp(1).setTimestamp(2))
                .build().toByteArray()).containsExactly(0xa2, 0x01, 0x04, 0x08, 0x01, 0x10, 0x02);
    }

    private static void collectNewer(Descriptor ours, FileDescriptor theirs, TreeSet<String> out) {
        Descriptor match = find(theirs, ours.getFullName());
        if (!ours.getOptions().getMapEntry()) {
            for (FieldDescriptor field : ours.getFields()) {
                if (match == null || match.findFieldByNumber(field.getNumber()) == null) {
                    out.add(ours.getFullName() + "." + field.getName());
                }
            }
        }
        ours.getNestedTypes().forEach(nested -> collectNewer(nested, theirs, out));
    }

    private static Descriptor find(FileDescriptor file, String fullName) {
        String[] parts = fullName.substring(file.getPackage().length() + 1).split("\\.");
        Descriptor type = file.findMessageTypeByName(parts[0]);
        for (int i = 1; type != null && i < parts.length; i++) {
            type = type.findNestedTypeByName(parts[i]);
        }
        return type;
    }

    private static Message.Builder ourBuilder(String fullName) {
        for (FileDescriptor file : List.of(ModelsProto.getDescriptor(), RtcProto.getDescriptor(),
                MetricsProto.getDescriptor())) {
            Descriptor type = find(file, fullName);
            if (type != null) {
                String className = "io.rtcreactor.engine.proto." + javaPath(type);
                try {
                    return ((Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null))
                            .newBuilderForType();
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(className, e);
                }
            }
        }
        throw new AssertionError("no message " + fullName);
    }

    private static String javaPath(Descriptor type) {
        return type.getContainingType() == null ? type.getName()
                : javaPath(type.getContainingType()) + "$" + type.getName();
    }

    private static void setCanonical(Message.Builder builder, FieldDescriptor field) {
        if (field.isMapField()) {
            // A map entry is a message {key = 1, value = 2}; string entries get "a" -> "b".
            Message.Builder entry = builder.newBuilderForField(field);
            FieldDescriptor key = entry.getDescriptorForType().findFieldByNumber(1);
            FieldDescriptor value = entry.getDescriptorForType().findFieldByNumber(2);
            entry.setField(key, canonical(entry, key));
            entry.setField(value, value.getJavaType() == FieldDescriptor.JavaType.STRING ? "b" : canonical(entry, value));
            builder.addRepeatedField(field, entry.build());
            return;
        }
        Object value = canonical(builder, field);
        if (field.isRepeated()) {
            builder.addRepeatedField(field, value);
        } else {
            builder.setField(field, value);
        }
    }

    private static Object canonical(Message.Builder builder, FieldDescriptor field) {
        return switch (field.getJavaType()) {
            case INT -> 1;
            case LONG -> 1L;
            case FLOAT -> Float.intBitsToFloat(1);
            case DOUBLE -> Double.longBitsToDouble(1L);
            case BOOLEAN -> true;
            case STRING -> "a";
            case BYTE_STRING -> ByteString.copyFromUtf8("a");
            case ENUM -> field.getEnumType().getValues().stream().filter(v -> v.getNumber() != 0).findFirst()
                    .orElseThrow();
            case MESSAGE -> builder.newBuilderForField(field).build();
        };
    }

    private static Map<String, String> table(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
