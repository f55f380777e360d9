package io.rtcreactor.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What this process holds at one moment, read from {@code /proc/self} and the JVM's management beans: the leak
 * checks' figures. Run the testkit in a process of its own and every one of them is the engine's.
 */
record ProcessResources(int udp, int descriptors, int threads, long rssKb, long heapAfterGcKb, int livePeerConnections) {

    /** Now; {@code livePeerConnections} is the runtime's count, given by the caller. */
    static ProcessResources now(int livePeerConnections) throws IOException {
        return new ProcessResources(udpSockets(), descriptorTargets().size(), Thread.activeCount(), rss(), 0,
                livePeerConnections);
    }

    /** As {@link #now(int)}, with the heap in use after a full collection (slower: a GC). */
    static ProcessResources afterGc(int livePeerConnections) throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
        ProcessResources now = now(livePeerConnections);
        return new ProcessResources(now.udp, now.descriptors, now.threads, now.rssKb, heap, livePeerConnections);
    }

    private static long rss() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
    }

    /** Live threads by name, digits folded, with counts: what grew, if something did. */
    static Map<String, Long> threadKinds() {
        return Thread.getAllStackTraces().keySet().stream().collect(Collectors.groupingBy(
                t -> t.getName().replaceAll("\\d+", "#"), TreeMap::new, Collectors.counting()));
    }

    /** Descriptors by kind (socket, anon_inode:[eventfd], pipe, a file path), with counts. */
    static Map<String, Long> descriptorKinds() throws IOException {
        return descriptorTargets().stream().filter(d -> !d.endsWith(".jar")).collect(Collectors.groupingBy(
                d -> d.replaceAll("\\[\\d+\\]", "[#]"), TreeMap::new, Collectors.counting()));
    }

    /** UDP sockets of this process: its socket descriptors whose inode /proc/net/udp lists. */
    static int udpSockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
            Path path = Path.of(table);
            if (Files.exists(path)) {
                for (String line : Files.readAllLines(path)) {
                    String[] fields = line.strip().split("\\s+");
                    if (fields.length > 9 && !fields[0].equals("sl")) {
                        inodes.add(fields[9]);
                    }
                }
            }
        }
        int count = 0;
        for (String target : descriptorTargets()) {
            if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                count++;
            }
        }
        return count;
    }

    static List<String> descriptorTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    targets.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listed
                }
            }
        }
        return targets;
    }

    @Override
    public String toString() {
        return "udp=" + udp + " fds=" + descriptors + " threads=" + threads + " rss=" + rssKb + "kB"
                + (heapAfterGcKb > 0 ? " heap=" + heapAfterGcKb + "kB" : "") + " pcs=" + livePeerConnections;
    }
}
