package io.rtcreactor.engine.testing;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Teaches BlockHound that calls into webrtc-java are blocking: every {@code RTCPeerConnection} method blocks its
 * caller while it hops onto the factory's signaling thread (shared/WEBRTC.md), and so do the channel, transceiver
 * and track methods. With this, a test fails as soon as engine or testkit code calls into a peer connection from
 * a non-blocking thread (a Reactor parallel thread, a Netty event loop) instead of its native worker.
 */
public final class WebRtcBlockHoundIntegration implements BlockHoundIntegration {

    private static final List<String> NATIVE_CLASSES = List.of(
            "dev.onvoid.webrtc.RTCPeerConnection",
            "dev.onvoid.webrtc.RTCDataChannel",
            "dev.onvoid.webrtc.RTCRtpTransceiver",
            "dev.onvoid.webrtc.RTCRtpSender",
            "dev.onvoid.webrtc.RTCRtpReceiver",
            "dev.onvoid.webrtc.PeerConnectionFactory");

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Cancelling a timer of a Reactor scheduler removes its task from the executor's delay queue under that
        // queue's short lock (Reactor sets remove-on-cancel). Reactor's own integration allows offer and take there
        // but not remove; when the lock is contended, BlockHound throws inside the acquisition, which leaves the
        // lock broken and every later timer of that scheduler dead for the JVM (seen in the testkit's tests). The
        // wait is bounded by other threads' queue operations, never by I/O.
        builder.allowBlockingCallsInside("java.util.concurrent.ScheduledThreadPoolExecutor$DelayedWorkQueue", "remove");
        for (String className : NATIVE_CLASSES) {
            Class<?> type;
            try {
                // Not initialised: loading the class must not load the native library.
                type = Class.forName(className, false, getClass().getClassLoader());
            } catch (ClassNotFoundException e) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isNative(method.getModifiers()) && !Modifier.isStatic(method.getModifiers())) {
                    builder.markAsBlocking(className, method.getName(), descriptor(method));
                }
            }
        }
    }

    private static String descriptor(Method method) {
        StringBuilder out = new StringBuilder("(");
        for (Class<?> parameter : method.getParameterTypes()) {
            out.append(typeDescriptor(parameter));
        }
        return out.append(')').append(typeDescriptor(method.getReturnType())).toString();
    }

    private static String typeDescriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (type.isPrimitive()) {
            return switch (type.getName()) {
                case "void" -> "V";
                case "boolean" -> "Z";
                case "byte" -> "B";
                case "char" -> "C";
                case "short" -> "S";
                case "int" -> "I";
                case "long" -> "J";
                case "float" -> "F";
                case "double" -> "D";
                default -> throw new IllegalArgumentException(type.getName());
            };
        }
        return "L" + type.getName().replace('.', '/') + ";";
    }
}
