package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.SignalTarget;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * The candidates a participant is offered, by its ICE preference. Normally the UDP gate decides (the media relay's:
 * UDP host candidates, rewritten to relay ports; TCP candidates withheld, so that every path runs through the relay
 * and its faults). Once LiveKit's TCP fallback has switched the participant ({@code PCTransport.SetPreferTCP},
 * {@code pkg/rtc/transport.go}), the server offers only its TCP candidates: {@code handleLocalICECandidate} drops
 * every other trickled candidate and {@code filterCandidates} strips them from its descriptions. TCP candidates go
 * to the client unchanged (the relay carries UDP only), and the client's own TCP candidates are accepted.
 */
public final class TcpPreferenceGate implements CandidateGate {

    private static final Pattern TCP = Pattern.compile("^(a=)?candidate:\\S+ \\d+ (tcp|TCP) .*");

    private final CandidateGate udp;
    private final BooleanSupplier preferTcp;

    public TcpPreferenceGate(CandidateGate udp, BooleanSupplier preferTcp) {
        this.udp = udp;
        this.preferTcp = preferTcp;
    }

    static boolean isTcp(String candidateLine) {
        return TCP.matcher(candidateLine).matches();
    }

    @Override
    public IceCandidate outgoing(SignalTarget target, IceCandidate candidate) {
        if (preferTcp.getAsBoolean()) {
            return isTcp(candidate.candidate()) ? candidate : null;
        }
        return udp.outgoing(target, candidate);
    }

    @Override
    public Sdp outgoing(SignalTarget target, Sdp description) {
        if (!preferTcp.getAsBoolean()) {
            return udp.outgoing(target, description);
        }
        StringBuilder out = new StringBuilder();
        for (String line : description.sdp().split("\r\n", -1)) {
            if (!line.startsWith("a=candidate:") || isTcp(line)) {
                out.append(line).append("\r\n");
            }
        }
        return new Sdp(description.type(), out.substring(0, out.length() - 2));
    }

    @Override
    public boolean acceptRemote(SignalTarget target, IceCandidate candidate) {
        return preferTcp.getAsBoolean() ? isTcp(candidate.candidate()) : udp.acceptRemote(target, candidate);
    }

    @Override
    public Sdp incoming(Sdp description) {
        return udp.incoming(description);
    }
}
