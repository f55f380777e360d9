package io.rtcreactor.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Runs an action on SIGTERM and SIGINT instead of the JVM's default handling, which exits 143 / 130 whatever the
 * shutdown hooks do (the standalone testkit must exit 0 on a clean stop). Through {@code sun.misc.Signal}
 * (module jdk.unsupported, on every JDK this builds with), reached reflectively so that the build's compile and
 * Javadoc steps stay free of its "internal proprietary API" warning.
 */
final class Signals {

    private Signals() {
    }

    static void on(List<String> names, Runnable action) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object onSignal = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                default -> "signal handler";
                            };
                        }
                        action.run();
                        return null;
                    });
            Method handle = signal.getMethod("handle", signal, handler);
            for (String name : names) {
                handle.invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
            }
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                 | InvocationTargetException e) {
            throw new IllegalStateException("cannot handle SIGTERM/SIGINT on this JVM: " + e, e);
        }
    }
}
