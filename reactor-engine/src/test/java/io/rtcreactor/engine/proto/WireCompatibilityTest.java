package io.rtcreactor.engine.proto;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our generated classes against LiveKit's own ({@code io.livekit:livekit-server:0.9.0}, test scope only, which
 * ships classes generated from an older livekit/protocol). For every message both contain: a fully populated
 * message of ours parses with theirs to the same values, field by field, and the reverse; and the descriptors
 * agree on every field's number, name, type and label and every enum value.
 */
class WireCompatibilityTest {

    /** Our file → LiveKit's generated outer class for the same .proto file. */
    private static final Map<FileDescriptor, String> FILES = Map.of(
            ModelsProto.getDescriptor(), "livekit.LivekitModels",
            RtcProto.getDescriptor(), "livekit.LivekitRtc",
            MetricsProto.getDescriptor(), "livekit.LivekitMetrics");

    /**
     * Enum values upstream renamed after LiveKit's jar was generated (same number, so the same wire):
     * protocol 1.3x called BackupCodecPolicy 0 REGRESSION; 1.50 calls it PREFER_REGRESSION and gives
     * REGRESSION the new number 2.
     */
    private static final Map<String, String> UPSTREAM_RENAMES = Map.of(
            "livekit.BackupCodecPolicy.REGRESSION=0", "PREFER_REGRESSION");

    static Stream<String> commonMessages() {
        List<String> names = new ArrayList<>();
        FILES.forEach((ours, theirs) -> {
            for (Descriptor type : theirFile(theirs).getMessageTypes()) {
                collect(type, names);
            }
        });
        return names.stream().sorted();
    }

    private static void collect(Descriptor type, List<String> names) {
        if (!type.getOptions().getMapEntry()) {
            names.add(type.getFullName());
        }
        type.getNestedTypes().forEach(nested -> collect(nested, names));
    }

    @Test
    void liveKitsJarIsTheOlderReferenceWeExpect() {
        assertThat(commonMessages()).contains("livekit.SignalRequest", "livekit.SignalResponse",
                "livekit.JoinResponse", "livekit.SessionDescription", "livekit.DataPacket", "livekit.SyncState",
                "livekit.LeaveRequest", "livekit.ParticipantInfo", "livekit.TrackInfo");
        assertThat(commonMessages().count()).isGreaterThan(80);
    }

    @ParameterizedTest
    @MethodSource("commonMessages")
    void descriptorsAgree(String fullName) {
        Descriptor theirs = theirType(fullName);
        Descriptor ours = ourType(fullName);
        List<String> problems = new ArrayList<>();
        for (FieldDescriptor field : theirs.getFields()) {
            FieldDescriptor mine = ours.findFieldByNumber(field.getNumber());
            String at = fullName + "." + field.getName() + " = " + field.getNumber();
            if (mine == null) {
                problems.add(at + ": missing in ours");
                continue;
            }
            check(problems, at, "name", field.getName(), mine.getName());
            check(problems, at, "type", field.getType(), mine.getType());
            check(problems, at, "repeated", field.isRepeated(), mine.isRepeated());
            check(problems, at, "map", field.isMapField(), mine.isMapField());
            check(problems, at, "explicit presence", field.hasPresence(), mine.hasPresence());
            check(problems, at, "oneof", oneofName(field), oneofName(mine));
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                check(problems, at, "message type", field.getMessageType().getFullName(),
                        mine.getMessageType().getFullName());
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                check(problems, at, "enum type", field.getEnumType().getFullName(), mine.getEnumType().getFullName());
                checkEnum(field.getEnumType(), mine.getEnumType(), problems);
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("commonMessages")
    void oursParsesWithTheirs(String fullName) throws Exception {
        Descriptor ours = ourType(fullName);
        for (int variant = 0; variant < ProtoFiller.variants(ours); variant++) {
            Message mine = ProtoFiller.fill(ourDefault(fullName).newBuilderForType(), variant);
            Message parsed = theirDefault(fullName).getParserForType().parseFrom(mine.toByteArray());
            assertThat(ProtoComparison.differences(parsed, mine)).as("variant " + variant).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("commonMessages")
    void theirsParsesWithOurs(String fullName) throws Exception {
        Descriptor theirs = theirType(fullName);
        for (int variant = 0; variant < ProtoFiller.variants(theirs); variant++) {
            Message original = ProtoFiller.fill(theirDefault(fullName).newBuilderForType(), variant);
            Message parsed = ourDefault(fullName).getParserForType().parseFrom(original.toByteArray());
            assertThat(ProtoComparison.differences(original, parsed)).as("variant " + variant).isEmpty();
            assertThat(ProtoComparison.unknownFields(parsed)).as("every field LiveKit writes is known to us")
                    .isEmpty();
        }
    }

    @Test
    void everyEnumOfTheirsExistsInOurs() {
        List<String> problems = new ArrayList<>();
        FILES.forEach((ours, theirs) -> {
            for (EnumDescriptor type : theirFile(theirs).getEnumTypes()) {
                EnumDescriptor mine = ours.findEnumTypeByName(type.getName());
                if (mine == null) {
                    problems.add(type.getFullName() + " missing");
                } else {
                    checkEnum(type, mine, problems);
                }
            }
        });
        assertThat(problems).isEmpty();
    }

    private static void checkEnum(EnumDescriptor theirs, EnumDescriptor ours, List<String> problems) {
        for (EnumValueDescriptor value : theirs.getValues()) {
            EnumValueDescriptor mine = ours.findValueByNumber(value.getNumber());
            String expected = UPSTREAM_RENAMES.getOrDefault(
                    theirs.getFullName() + "." + value.getName() + "=" + value.getNumber(), value.getName());
            if (mine == null || !mine.getName().equals(expected)) {
                problems.add(theirs.getFullName() + "." + value.getName() + " = " + value.getNumber()
                        + ": ours has " + (mine == null ? "nothing" : mine.getName()));
            }
        }
    }

    private static void check(List<String> problems, String at, String what, Object theirs, Object ours) {
        if (!theirs.equals(ours)) {
            problems.add(at + ": " + what + " is " + ours + " in ours, " + theirs + " in LiveKit's");
        }
    }

    private static String oneofName(FieldDescriptor field) {
        return field.getRealContainingOneof() == null ? "-" : field.getRealContainingOneof().getName();
    }

    private static FileDescriptor theirFile(String outerClass) {
        try {
            return (FileDescriptor) Class.forName(outerClass).getMethod("getDescriptor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot load LiveKit's " + outerClass, e);
        }
    }

    private static Descriptor theirType(String fullName) {
        return theirDefault(fullName).getDescriptorForType();
    }

    private static Descriptor ourType(String fullName) {
        return ourDefault(fullName).getDescriptorForType();
    }

    private static Message theirDefault(String fullName) {
        for (Map.Entry<FileDescriptor, String> file : FILES.entrySet()) {
            Descriptor type = findIn(theirFile(file.getValue()), fullName);
            if (type != null) {
                return defaultInstance(file.getValue() + "$" + nestedPath(type));
            }
        }
        throw new AssertionError("LiveKit's jar has no " + fullName);
    }

    private static Message ourDefault(String fullName) {
        for (FileDescriptor file : FILES.keySet()) {
            Descriptor type = findIn(file, fullName);
            if (type != null) {
                return defaultInstance("io.rtcreactor.engine.proto." + nestedPath(type));
            }
        }
        throw new AssertionError("our protocol has no message " + fullName);
    }

    private static Descriptor findIn(FileDescriptor file, String fullName) {
        String relative = fullName.substring(file.getPackage().length() + 1);
        String[] parts = relative.split("\\.");
        Descriptor type = file.findMessageTypeByName(parts[0]);
        for (int i = 1; type != null && i < parts.length; i++) {
            type = type.findNestedTypeByName(parts[i]);
        }
        return type;
    }

    private static String nestedPath(Descriptor type) {
        return type.getContainingType() == null ? type.getName()
                : nestedPath(type.getContainingType()) + "$" + type.getName();
    }

    private static Message defaultInstance(String className) {
        try {
            return (Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot load generated class " + className, e);
        }
    }
}
