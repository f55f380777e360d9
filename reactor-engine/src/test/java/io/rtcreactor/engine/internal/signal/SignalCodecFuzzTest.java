package io.rtcreactor.engine.internal.signal;

import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.signal.SignalCodecException;
import io.rtcreactor.engine.testing.PropertyDeadline;
import io.rtcreactor.engine.testing.RandomMessages;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, fuzzing, the codec: whatever bytes arrive in a frame — random, a valid message cut short, bit-flipped,
 * spliced — decoding yields a message or a {@link SignalCodecException} saying what was wrong, never another
 * exception, on both sides (the engine decodes responses, the testkit requests). Cases per property:
 * {@code jqwik.tries.default} ({@code -Drtcr.fuzz.tries}; 1000 in CI). jqwik prints the seed of a failure;
 * {@code @Property(seed = "…")} replays it.
 */
@AddLifecycleHook(PropertyDeadline.class)
class SignalCodecFuzzTest {

    private final SignalCodec codec = SignalCodec.defaults();

    @Property
    void randomBytesDecodeOrAreRejectedWithACodecError(@ForAll @Size(max = 4096) byte[] frame) {
        decodesOrRejects(frame);
    }

    @Property
    void mutatedValidFramesDecodeOrAreRejectedWithACodecError(@ForAll("mutatedFrames") byte[] frame) {
        decodesOrRejects(frame);
    }

    @Property
    void everyGeneratedMessageSurvivesTheWire(@ForAll("seeds") long seed) {
        RandomMessages messages = new RandomMessages(new Random(seed));
        SignalResponse response = messages.response();
        assertThat(codec.decodeResponse(codec.encode(response))).isEqualTo(response);
        SignalRequest request = messages.request();
        assertThat(codec.decodeRequest(codec.encode(request))).isEqualTo(request);
    }

    private void decodesOrRejects(byte[] frame) {
        for (Runnable side : new Runnable[] {() -> codec.decodeResponse(frame), () -> codec.decodeRequest(frame)}) {
            try {
                side.run();
            } catch (SignalCodecException rejected) {
                assertThat(rejected.getMessage()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    /** A valid frame (either direction) with one to four mutations. */
    @Provide
    Arbitrary<byte[]> mutatedFrames() {
        return Arbitraries.randomValue(random -> {
            RandomMessages messages = new RandomMessages(random);
            byte[] frame = random.nextBoolean() ? codec.encode(messages.response()) : codec.encode(messages.request());
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                frame = mutate(frame, random);
            }
            return frame;
        });
    }

    private static byte[] mutate(byte[] frame, Random random) {
        if (frame.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(frame.length);
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(frame, at); // truncated
            case 1 -> {
                byte[] out = frame.clone();
                out[at] ^= (byte) (1 << random.nextInt(8)); // a flipped bit
                yield out;
            }
            case 2 -> {
                byte[] out = frame.clone();
                out[at] = (byte) (random.nextBoolean() ? 0xff : 0x80); // a varint that never ends, or a huge length
                yield out;
            }
            case 3 -> { // a slice repeated
                int end = at + random.nextInt(frame.length - at) + 1;
                byte[] out = Arrays.copyOf(frame, frame.length + end - at);
                System.arraycopy(frame, at, out, frame.length, end - at);
                yield out;
            }
            default -> { // a byte removed
                byte[] out = new byte[frame.length - 1];
                System.arraycopy(frame, 0, out, 0, at);
                System.arraycopy(frame, at + 1, out, at, frame.length - at - 1);
                yield out;
            }
        };
    }
}
