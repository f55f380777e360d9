package io.rtcreactor.engine.proto;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fills any generated protobuf message (ours or LiveKit's) with deterministic, non-default values through the
 * descriptor API, so that wire tests exercise every field without naming them. Variant {@code v} chooses the
 * {@code v}-th case of every oneof (modulo its size), so a message with a 23-case oneof needs 23 variants.
 */
final class ProtoFiller {

    private static final int MAX_DEPTH = 4;

    private ProtoFiller() {
    }

    /** How many variants it takes to set every case of every top-level oneof at least once. */
    static int variants(com.google.protobuf.Descriptors.Descriptor type) {
        int max = 1;
        for (OneofDescriptor oneof : type.getRealOneofs()) {
            max = Math.max(max, oneof.getFieldCount());
        }
        return max;
    }

    static Message fill(Message.Builder builder, int variant) {
        fill(builder, variant, 0);
        return builder.build();
    }

    private static void fill(Message.Builder builder, int variant, int depth) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && oneof.getField(variant % oneof.getFieldCount()) != field) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            if (field.isMapField()) {
                for (int k = 0; k < 2; k++) {
                    Message.Builder entry = builder.newBuilderForField(field);
                    for (FieldDescriptor part : entry.getDescriptorForType().getFields()) {
                        entry.setField(part, value(entry, part, variant, depth, k));
                    }
                    builder.addRepeatedField(field, entry.build());
                }
            } else if (field.isRepeated()) {
                for (int k = 0; k < 2; k++) {
                    builder.addRepeatedField(field, value(builder, field, variant, depth, k));
                }
            } else {
                builder.setField(field, value(builder, field, variant, depth, 0));
            }
        }
    }

    private static Object value(Message.Builder owner, FieldDescriptor field, int variant, int depth, int k) {
        int n = field.getNumber();
        return switch (field.getJavaType()) {
            case INT -> signed(field) ? -(n * 1000 + k + 1) : n * 1000 + k + 1;
            case LONG -> signed(field) ? -((1L << 40) + n * 10L + k) : (1L << 40) + n * 10L + k;
            case FLOAT -> n + 0.25f + k;
            case DOUBLE -> n + 0.125 + k;
            case BOOLEAN -> Boolean.TRUE;
            case STRING -> "f" + n + "/" + k + "/" + variant + "-ü";
            case BYTE_STRING -> ByteString.copyFrom(("b" + n + "/" + k).getBytes(StandardCharsets.UTF_8));
            case ENUM -> lastValue(field.getEnumType(), k);
            case MESSAGE -> {
                Message.Builder nested = owner.newBuilderForField(field);
                fill(nested, variant + k, depth + 1);
                yield nested.build();
            }
        };
    }

    private static boolean signed(FieldDescriptor field) {
        return switch (field.getType()) {
            case INT32, INT64, SINT32, SINT64, SFIXED32, SFIXED64 -> true;
            default -> false;
        };
    }

    private static Object lastValue(EnumDescriptor type, int k) {
        List<com.google.protobuf.Descriptors.EnumValueDescriptor> values = type.getValues();
        return values.get(Math.max(0, values.size() - 1 - k));
    }
}
