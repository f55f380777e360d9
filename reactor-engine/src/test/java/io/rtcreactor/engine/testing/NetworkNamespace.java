package io.rtcreactor.engine.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Tells whether this test JVM runs inside the private network namespace that {@code scripts/netns-jvm/bin/java}
 * creates. Media tests call {@link #requireIsolated()}: with {@code -Drtcr.netns=off} they are skipped, because
 * libwebrtc would otherwise use the host's real interfaces; with the namespace asked for (the default) and not in
 * place, they fail: a build that was meant to run them must never pass by skipping them.
 */
public final class NetworkNamespace {

    /** The address of the namespace's one veth interface. */
    public static final String ADDRESS = "198.18.0.1";

    private NetworkNamespace() {
    }

    /** True when the namespace is in place. */
    public static boolean isolated() {
        return ADDRESS.equals(System.getenv("RTCR_NETNS_ADDRESS"));
    }

    /**
     * Skips the calling test when the run was started without the namespace ({@code -Drtcr.netns=off}); fails it
     * when the namespace was asked for but this JVM is not inside it.
     */
    public static void requireIsolated() {
        boolean wanted = !"off".equals(System.getProperty("rtcr.netns", "on"));
        Assumptions.assumeTrue(wanted || isolated(),
                "media tests are skipped: the run was started with -Drtcr.netns=off");
        if (!isolated()) {
            throw new AssertionError("this test JVM should run in the private network namespace (rtcr.netns=on) "
                    + "but does not (RTCR_NETNS_ADDRESS=" + System.getenv("RTCR_NETNS_ADDRESS") + "): it was not "
                    + "started through scripts/netns-jvm/bin/java, or that script could not isolate it. Media "
                    + "tests refuse to run on the host's interfaces and refuse to pass by skipping.");
        }
    }

    /** The IPv4 addresses of every interface that is up. */
    public static List<String> ipv4Addresses() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(NetworkNamespace::isUp)
                    .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                    .filter(Inet4Address.class::isInstance)
                    .map(InetAddress::getHostAddress)
                    .sorted()
                    .toList();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isUp(NetworkInterface nic) {
        try {
            return nic.isUp();
        } catch (SocketException e) {
            return false;
        }
    }
}
