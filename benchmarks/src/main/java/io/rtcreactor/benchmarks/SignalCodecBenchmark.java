package io.rtcreactor.benchmarks;

import io.rtcreactor.engine.internal.signal.SignalCodec;
import io.rtcreactor.engine.proto.SessionDescription;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.TrickleRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of framing the two most frequent signal messages: a trickle candidate and an SDP offer (about 4 KB,
 * the size of a two-section audio + data offer).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignalCodecBenchmark {

    private final SignalCodec codec = SignalCodec.defaults();
    private SignalRequest trickle;
    private byte[] offerFrame;

    @Setup
    public void setUp() {
        trickle = SignalRequest.newBuilder().setTrickle(TrickleRequest.newBuilder()
                .setCandidateInit("{\"candidate\":\"candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host\","
                        + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}")).build();
        String sdp = "v=0\r\n" + "a=candidate:1 1 udp 2122260223 198.18.0.1 50000 typ host\r\n".repeat(70);
        offerFrame = codec.encode(SignalResponse.newBuilder()
                .setOffer(SessionDescription.newBuilder().setType("offer").setSdp(sdp).setId(7)).build());
    }

    @Benchmark
    public byte[] encodeTrickle() {
        return codec.encode(trickle);
    }

    @Benchmark
    public SignalResponse decodeOffer() {
        return codec.decodeResponse(offerFrame);
    }
}
