package io.rtcreactor.engine.internal.rtc;

import io.rtcreactor.engine.rtc.IceServer;
import io.rtcreactor.engine.rtc.RtcRuntime;
import io.rtcreactor.engine.rtc.RtcStepException;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.PropertyDeadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, fuzzing, what the server sends that libwebrtc parses: session descriptions and ICE candidates reach
 * native code, where a crash would take the whole JVM. A real receive-side peer connection gets a real offer (an
 * audio track and both data channels, as LiveKit's) mutated — lines dropped, repeated or swapped, values replaced
 * by garbage, huge or negative numbers, cut short — and then candidate JSON, valid and mutated. Every step
 * completes or fails with an {@link RtcStepException} saying why (a candidate's JSON with an
 * {@link IllegalArgumentException}, which the session reports as {@code InputRejected}), never another exception,
 * never a hang; the connection is closed and released afterwards. Candidates name loopback addresses only, so that
 * no check leaves the machine even outside the test's network namespace. Cases: {@code -Drtcr.fuzz.tries} (1000
 * in CI); jqwik prints a failing seed.
 */
@AddLifecycleHook(PropertyDeadline.class)
class RemoteInputFuzzTest {

    private static final Duration STEP = Duration.ofSeconds(10);
    private static RtcRuntime runtime;
    private static String offer;

    @BeforeContainer
    static void realOffer() {
        NetworkNamespace.requireIsolated();
        runtime = RtcRuntime.createAsync("remote-input-fuzz").block(STEP);
        PeerTransport sender = PeerTransport.open(runtime, AudioPath.SEND, "sender", List.of()).block(STEP);
        try {
            sender.createDataChannel("_reliable", true, -1).block(STEP);
            sender.createDataChannel("_lossy", false, 0).block(STEP);
            sender.addAudioTrack("TR_cid", List.of("PA_sender|TR_cid")).block(STEP);
            offer = sender.createOffer(false).block(STEP).sdp();
        } finally {
            sender.close().block(STEP);
        }
    }

    @AfterContainer
    static void release() {
        if (runtime != null) {
            assertThat(runtime.livePeerConnections()).as("every fuzzed connection released").isZero();
            runtime.release().block(STEP);
        }
    }

    @Property
    void aMutatedOfferAndMutatedCandidatesAreAppliedOrRefusedWithAReason(@ForAll("seeds") long seed) {
        Random random = new Random(seed);
        List<Disposable> subscriptions = new ArrayList<>();
        PeerTransport receiver = PeerTransport.open(runtime, AudioPath.RECEIVE, "receiver", List.of()).block(STEP);
        try {
            subscriptions.add(receiver.events().subscribe());
            String sdp = random.nextInt(8) == 0 ? offer : mutate(offer, random);
            boolean applied = step(() -> receiver.setRemoteDescription(Sdp.offer(sdp)).block(STEP));
            if (applied) {
                Sdp[] answer = new Sdp[1];
                if (step(() -> answer[0] = receiver.createAnswer().block(STEP))) {
                    step(() -> receiver.setLocalDescription(answer[0]).block(STEP));
                }
            }
            for (int i = 0, n = random.nextInt(6); i < n; i++) {
                IceCandidate candidate;
                try {
                    candidate = IceCandidate.fromJson(candidateJson(random));
                } catch (IllegalArgumentException rejected) {
                    assertThat(rejected.getMessage()).isNotBlank();
                    continue;
                }
                step(() -> receiver.addIceCandidate(candidate).block(STEP));
            }
        } finally {
            receiver.close().block(STEP);
            subscriptions.forEach(Disposable::dispose);
        }
    }

    /**
     * What the fuzz found first: webrtc-java formats libwebrtc's error message — which quotes the refused line — as a
     * printf format, so {@code %n} in a server's SDP, candidate or TURN URL killed the JVM (SIGSEGV). Such input is
     * refused (SDP, candidate) or left out (ICE server URL) before any native call; without that, this test crashes
     * the test JVM.
     */
    @Example
    void aFormatDirectiveInServerInputIsRefusedInsteadOfCrashingTheJvm() {
        PeerTransport receiver = PeerTransport.open(runtime, AudioPath.RECEIVE, "receiver",
                List.of(new IceServer(List.of("turn:%n%n%n@x"), "user", "secret"))).block(STEP);
        try {
            assertThatThrownBy(() -> receiver.setRemoteDescription(Sdp.offer(offer.replaceFirst("a=setup:[a-z]+",
                    "a=setup:%n%n%n"))).block(STEP)).isInstanceOf(RtcStepException.class).hasMessageContaining("'%'");
            receiver.setRemoteDescription(Sdp.offer(offer)).block(STEP);
            assertThatThrownBy(() -> receiver.addIceCandidate(new IceCandidate(
                    "candidate:1 1 udp 2122260223 127.0.0.1 %n%n typ host", "0", 0, "")).block(STEP))
                    .isInstanceOf(RtcStepException.class).hasMessageContaining("'%'");
        } finally {
            receiver.close().block(STEP);
        }
    }

    /** Runs one native step: true if it succeeded; a refusal must be an RtcStepException with a reason. */
    private static boolean step(Runnable step) {
        try {
            step.run();
            return true;
        } catch (RtcStepException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return false;
        }
    }

    private static final String[] GARBAGE = {"", "-1", "0", "4294967296", "99999999999999999999", "NaN", "\u0000",
        "ünïcødé", "a=", ":", "::::", " ", "x".repeat(5000), "%s%n", "\\", "IN IP4", "127.0.0.1"};

    /** One to five mutations of the description's lines. */
    static String mutate(String sdp, Random random) {
        List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r\n")));
        for (int i = 0, n = 1 + random.nextInt(5); i < n && !lines.isEmpty(); i++) {
            int at = random.nextInt(lines.size());
            switch (random.nextInt(7)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(random.nextInt(lines.size() + 1), lines.get(at));
                case 2 -> lines.set(at, replaceValue(lines.get(at), random));
                case 3 -> lines.set(at, lines.get(at).substring(0, random.nextInt(lines.get(at).length() + 1)));
                case 4 -> java.util.Collections.swap(lines, at, random.nextInt(lines.size()));
                case 5 -> lines.add(at, pick(random, new String[] {"m=audio 9 UDP/TLS/RTP/SAVPF 111",
                    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "a=rtpmap:111 opus/48000/2",
                    "a=ice-ufrag:" + GARBAGE[random.nextInt(GARBAGE.length)], "a=fingerprint:sha-256 00",
                    "a=setup:" + GARBAGE[random.nextInt(GARBAGE.length)], "a=mid:", "a=group:BUNDLE 7 8 9"}));
                default -> lines.set(at, lines.get(at) + pick(random, GARBAGE));
            }
        }
        String joined = String.join("\r\n", lines);
        return random.nextBoolean() ? joined + "\r\n" : joined;
    }

    /** A value of the line (after ':' or '=' or a space) replaced by garbage. */
    private static String replaceValue(String line, Random random) {
        String[] parts = line.split(" ", -1);
        parts[random.nextInt(parts.length)] = pick(random, GARBAGE);
        String replaced = String.join(" ", parts);
        int colon = replaced.indexOf(':');
        return colon > 0 && random.nextBoolean()
                ? replaced.substring(0, colon + 1) + pick(random, GARBAGE) : replaced;
    }

    /** Candidate JSON: LiveKit's shape with valid or absurd members, or not JSON at all. */
    static String candidateJson(Random random) {
        String line = "candidate:" + random.nextInt(Integer.MAX_VALUE) + " 1 " + pick(random, new String[] {"udp",
            "tcp", "UDP", "sctp", ""}) + " " + pick(random, new String[] {"2122260223", "0", "-5", "4294967296"})
                + " " + pick(random, new String[] {"127.0.0.1", "::1", ""})
                + " " + pick(random, new String[] {"9", "0", "65536", "-1", "50000"}) + " typ "
                + pick(random, new String[] {"host", "srflx", "relay", "prflx", "bogus"})
                + (random.nextBoolean() ? " tcptype passive" : "") + (random.nextBoolean() ? " generation 0" : "")
                + (random.nextBoolean() ? " ufrag " + pick(random, GARBAGE) : "");
        return switch (random.nextInt(6)) {
            case 0 -> pick(random, new String[] {"", "null", "[]", "{", "\"candidate\"", "{\"candidate\": 5}"});
            case 1 -> "{\"candidate\":\"" + line + "\",\"sdpMLineIndex\":" + random.nextInt(5) + "}";
            case 2 -> "{\"candidate\":\"" + line + "\",\"sdpMid\":\"" + pick(random, new String[] {"0", "1", "7", "",
                "x"}) + "\",\"sdpMLineIndex\":" + pick(random, new String[] {"0", "1", "-1", "99999999999", "\"0\""})
                    + "}";
            default -> "{\"candidate\":\"" + line + "\",\"sdpMid\":\"" + random.nextInt(3)
                    + "\",\"sdpMLineIndex\":" + random.nextInt(3) + ",\"usernameFragment\":\""
                    + pick(random, GARBAGE).replace("\\", "") + "\"}";
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }
}
