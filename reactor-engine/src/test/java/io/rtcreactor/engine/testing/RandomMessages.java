package io.rtcreactor.engine.testing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Messages of any type of our {@code .proto} files with absurd content, driven by the type's descriptor so that every
 * oneof case and every field is reached without a list to keep up to date: fields missing or set, numbers at zero,
 * negative and at their limits, empty and very long strings, enum numbers no version knows, repeated fields empty or
 * huge, nested messages a few levels deep. Deterministic for a given {@link Random}: a failing case replays from its
 * seed.
 */
public final class RandomMessages {

    private static final int MAX_DEPTH = 4;
    private static final List<String> WORDS = List.of("", "PA_x", "TR_x", "TR_AMx", "audio", "0", "-1", "v=0",
            "candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host", "{}", "{\"candidate\":\"\"}", "\u0000", "é\u202e",
            "lk.chat", "_reliable", "_lossy");

    /** Bytes of long strings and huge repeated fields left for the message being made (a frame stays < 1 MiB). */
    private int budget;

    private final Random random;

    public RandomMessages(Random random) {
        this.random = random;
    }

    /** A SignalResponse carrying one case of its oneof (or, rarely, none), its content random. */
    public SignalResponse response() {
        return parse(SignalResponse.parser(), oneCase(SignalResponse.getDescriptor()));
    }

    /** A SignalRequest carrying one case of its oneof, its content random. */
    public SignalRequest request() {
        return parse(SignalRequest.parser(), oneCase(SignalRequest.getDescriptor()));
    }

    /** A message of the type {@code example} is, its content random. */
    @SuppressWarnings("unchecked")
    public <T extends Message> T of(T example) {
        budget = 256 * 1024;
        return parse((Parser<T>) example.getParserForType(), message(example.getDescriptorForType(), 0));
    }

    /** Through the wire form, as a server's message would arrive (unknown enum numbers kept as such). */
    private static <T> T parse(Parser<T> parser, DynamicMessage message) {
        try {
            return parser.parseFrom(message.toByteString());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private DynamicMessage oneCase(Descriptor type) {
        budget = 256 * 1024;
        OneofDescriptor oneof = type.getOneofs().get(0);
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        if (random.nextInt(50) != 0) {
            FieldDescriptor field = oneof.getField(random.nextInt(oneof.getFieldCount()));
            builder.setField(field, single(field, 1));
        }
        return builder.build();
    }

    private DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        if (depth >= MAX_DEPTH) {
            return builder.build();
        }
        for (FieldDescriptor field : type.getFields()) {
            if (random.nextInt(3) == 0) {
                continue; // missing
            }
            if (field.isRepeated()) {
                int count = switch (random.nextInt(10)) {
                    case 0 -> 0;
                    case 1 -> budget > 0 ? 50 + random.nextInt(200) : 4; // huge
                    default -> 1 + random.nextInt(3);
                };
                budget -= count * 64;
                for (int i = 0; i < count; i++) {
                    builder.addRepeatedField(field, single(field, depth + 1));
                }
            } else {
                builder.setField(field, single(field, depth + 1));
            }
        }
        return builder.build();
    }

    private Object single(FieldDescriptor field, int depth) {
        return switch (field.getJavaType()) {
            case INT -> anInt();
            case LONG -> aLong();
            case FLOAT -> (float) aDouble();
            case DOUBLE -> aDouble();
            case BOOLEAN -> random.nextBoolean();
            case STRING -> aString();
            case BYTE_STRING -> ByteString.copyFrom(bytes(random.nextInt(8) == 0 ? 4096 : 32));
            case ENUM -> anEnum(field.getEnumType());
            case MESSAGE -> message(field.getMessageType(), depth);
        };
    }

    private int anInt() {
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> -1;
            case 2 -> Integer.MIN_VALUE;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> 1;
            default -> random.nextInt(2000) - 100;
        };
    }

    private long aLong() {
        return switch (random.nextInt(6)) {
            case 0 -> 0L;
            case 1 -> -1L;
            case 2 -> Long.MIN_VALUE;
            case 3 -> Long.MAX_VALUE;
            default -> random.nextLong();
        };
    }

    private double aDouble() {
        return switch (random.nextInt(6)) {
            case 0 -> 0.0;
            case 1 -> Double.NaN;
            case 2 -> Double.POSITIVE_INFINITY;
            case 3 -> -1.0;
            default -> random.nextDouble() * 1000;
        };
    }

    private String aString() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> {
                if (budget < 20_000) {
                    yield "x";
                }
                budget -= 20_000;
                yield "x".repeat(20_000);
            }
            case 2 -> new String(bytes(24), StandardCharsets.ISO_8859_1);
            default -> WORDS.get(random.nextInt(WORDS.size()));
        };
    }

    private Object anEnum(EnumDescriptor type) {
        if (random.nextInt(4) == 0) {
            return type.findValueByNumberCreatingIfUnknown(900 + random.nextInt(50)); // no version knows it
        }
        return type.getValues().get(random.nextInt(type.getValues().size()));
    }

    private byte[] bytes(int max) {
        byte[] out = new byte[random.nextInt(max + 1)];
        random.nextBytes(out);
        return out;
    }
}
