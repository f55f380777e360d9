package io.rtcreactor.spring;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.reconnect.JitteredBackoff;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** Applies the {@code rtc-reactor.options.*} that are set to the engine's options; the others keep the default. */
final class OptionsBinding {

    private OptionsBinding() {
    }

    static RoomOptions apply(RtcReactorProperties.Options set, RoomOptions defaults) {
        RoomOptions[] options = {defaults};
        Consumer<UnaryOperator<RoomOptions>> change = step -> options[0] = step.apply(options[0]);
        if (set.autoSubscribe() != null) {
            change.accept(o -> o.withAutoSubscribe(set.autoSubscribe()));
        }
        if (set.connectTimeout() != null) {
            change.accept(o -> o.withConnectTimeout(set.connectTimeout()));
        }
        if (set.responseTimeout() != null) {
            change.accept(o -> o.withResponseTimeout(set.responseTimeout()));
        }
        if (set.recoveryTimeout() != null) {
            change.accept(o -> o.withRecoveryTimeout(set.recoveryTimeout()));
        }
        if (set.sdpStepTimeout() != null) {
            change.accept(o -> o.withSdpStepTimeout(set.sdpStepTimeout()));
        }
        if (set.answerTimeout() != null) {
            change.accept(o -> o.withAnswerTimeout(set.answerTimeout()));
        }
        if (set.publishTimeout() != null) {
            change.accept(o -> o.withPublishTimeout(set.publishTimeout()));
        }
        if (set.peerDisconnectedGrace() != null) {
            change.accept(o -> o.withPeerDisconnectedGrace(set.peerDisconnectedGrace()));
        }
        if (set.pathSilenceLimit() != null) {
            change.accept(o -> o.withPathSilenceLimit(set.pathSilenceLimit()));
        }
        if (set.disconnectTimeout() != null) {
            change.accept(o -> o.withDisconnectTimeout(set.disconnectTimeout()));
        }
        if (set.joinTimeout() != null) {
            change.accept(o -> o.withJoinTimeout(set.joinTimeout()));
        }
        if (set.eventBuffer() != null) {
            change.accept(o -> o.withEventBuffer(set.eventBuffer()));
        }
        if (set.audioBuffer() != null) {
            change.accept(o -> o.withAudioBuffer(set.audioBuffer()));
        }
        if (set.signalQueue() != null) {
            change.accept(o -> o.withSignalQueue(set.signalQueue()));
        }
        if (set.reliableBuffer() != null) {
            change.accept(o -> o.withReliableBuffer(set.reliableBuffer()));
        }
        if (set.flightRecorder() != null) {
            change.accept(o -> o.withFlightRecorder(set.flightRecorder()));
        }
        if (set.regionFailover() != null) {
            change.accept(o -> o.withRegionFailover(set.regionFailover()));
        }
        if (set.tlsTrust() != null) {
            // Read once, at start-up (the file is read here, where blocking is allowed).
            io.rtcreactor.engine.TlsTrust trust = io.rtcreactor.engine.TlsTrust.pem(set.tlsTrust());
            change.accept(o -> o.withTlsTrust(trust));
        }
        RtcReactorProperties.Reconnect reconnect = set.reconnect();
        if (reconnect.baseDelay() != null || reconnect.maxDelay() != null || reconnect.maxAttempts() != null
                || reconnect.deadline() != null) {
            JitteredBackoff policy = JitteredBackoff.defaults();
            if (reconnect.baseDelay() != null) {
                policy = policy.withBase(reconnect.baseDelay());
            }
            if (reconnect.maxDelay() != null) {
                policy = policy.withMax(reconnect.maxDelay());
            }
            if (reconnect.maxAttempts() != null) {
                policy = policy.withMaxAttempts(reconnect.maxAttempts());
            }
            if (reconnect.deadline() != null) {
                policy = policy.withDeadline(reconnect.deadline());
            }
            JitteredBackoff chosen = policy;
            change.accept(o -> o.withReconnectPolicy(chosen));
        }
        return options[0];
    }
}
