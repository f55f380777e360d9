package io.rtcreactor.engine.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares two messages of two different generated code bases field by field, matching fields by number.
 * Every field the {@code reference} side knows must exist on the other side with the same name and value.
 */
final class ProtoComparison {

    private ProtoComparison() {
    }

    /** Returns the differences; empty when {@code other} carries every field of {@code reference} unchanged. */
    static List<String> differences(Message reference, Message other) {
        List<String> out = new ArrayList<>();
        compare(reference, other, reference.getDescriptorForType().getFullName(), out);
        return out;
    }

    /** Paths of fields that a parser did not know (unknown fields anywhere in the tree). */
    static List<String> unknownFields(Message message) {
        List<String> out = new ArrayList<>();
        collectUnknown(message, message.getDescriptorForType().getFullName(), out);
        return out;
    }

    private static void compare(Message reference, Message other, String path, List<String> out) {
        Descriptor otherType = other.getDescriptorForType();
        for (FieldDescriptor field : reference.getDescriptorForType().getFields()) {
            String at = path + "." + field.getName() + "(" + field.getNumber() + ")";
            FieldDescriptor match = otherType.findFieldByNumber(field.getNumber());
            if (match == null) {
                out.add(at + ": no field with this number on the other side");
                continue;
            }
            if (!match.getName().equals(field.getName())) {
                out.add(at + ": named " + match.getName() + " on the other side");
            }
            if (!field.isRepeated() && field.hasPresence() && reference.hasField(field) != other.hasField(match)) {
                out.add(at + ": presence differs");
                continue;
            }
            if (field.isRepeated()) {
                int size = reference.getRepeatedFieldCount(field);
                if (size != other.getRepeatedFieldCount(match)) {
                    out.add(at + ": " + size + " elements vs " + other.getRepeatedFieldCount(match));
                    continue;
                }
                for (int i = 0; i < size; i++) {
                    compareValue(reference.getRepeatedField(field, i), other.getRepeatedField(match, i),
                            at + "[" + i + "]", out);
                }
            } else {
                compareValue(reference.getField(field), other.getField(match), at, out);
            }
        }
    }

    private static void compareValue(Object a, Object b, String at, List<String> out) {
        if (a instanceof Message ma && b instanceof Message mb) {
            compare(ma, mb, at, out);
        } else if (a instanceof EnumValueDescriptor ea && b instanceof EnumValueDescriptor eb) {
            // The number is the wire; a value newer than one side's code shows as UNKNOWN_ENUM_VALUE_* there,
            // and names are checked by the descriptor test.
            if (ea.getNumber() != eb.getNumber()) {
                out.add(at + ": enum " + ea.getName() + "=" + ea.getNumber() + " vs " + eb.getName() + "="
                        + eb.getNumber());
            }
        } else if (!Objects.equals(a, b)) {
            out.add(at + ": " + a + " vs " + b);
        }
    }

    private static void collectUnknown(Message message, String path, List<String> out) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            out.add(path + " has unknown fields " + message.getUnknownFields().asMap().keySet());
        }
        for (var entry : message.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String at = path + "." + field.getName();
            if (field.isRepeated()) {
                for (Object element : (List<?>) entry.getValue()) {
                    collectUnknown((Message) element, at, out);
                }
            } else {
                collectUnknown((Message) entry.getValue(), at, out);
            }
        }
    }
}
