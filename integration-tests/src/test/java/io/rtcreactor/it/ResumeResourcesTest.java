package io.rtcreactor.it;

import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.DataOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.Mode;
import io.rtcreactor.engine.testing.ManagedProcess;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What repeated resumes cost this process (issue: "every resume leaks two UDP sockets"). The testkit runs in a
 * process of its own, so every socket of this JVM is the engine's. Counted after each of ten migrations, and after
 * a full reconnect and a disconnect:
 * <ul>
 *   <li>the engine holds nothing per resume of its own: no thread, no file descriptor but UDP sockets;</li>
 *   <li>the UDP sockets grow by at most one per transport and resume — libwebrtc keeps every earlier ICE
 *       generation's shared socket until its peer connection closes (docs/troubleshooting.md: it is in libwebrtc,
 *       not reachable through webrtc-java's API; LiveKit's Rust client does the same) — and a full reconnect or a
 *       disconnect gives every one of them back.</li>
 * </ul>
 */
class ResumeResourcesTest {

    private static final int RESUMES = 10;
    private static final Duration START = Duration.ofSeconds(30);
    /** One client for the whole test: each java.net.http client has threads and a selector of its own. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void resumesCostOnlyLibwebrtcsPerGenerationSocketsAndAFullReconnectOrDisconnectReleasesThemAll() throws Exception {
        NetworkNamespace.requireIsolated();
        Path root = Path.of(System.getProperty("rtcr.root", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("testkit/target/testkit.jar");
        assertThat(jar).as("the standalone testkit jar (built by the testkit module)").exists();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ManagedProcess testkit = ManagedProcess.start("testkit", root, Map.of(), List.of(java, "-jar",
                jar.toString(), "--port", "0", "--api-key", "devkey", "--api-secret", "secret"))) {
            String url = value(testkit.await(line -> line.strip().startsWith("url:"), 0, START));
            String control = value(testkit.await(line -> line.strip().startsWith("control:"), 0, START))
                    .split(" ")[0];
            int beforeSession = udpSockets();
            String token = AccessToken.builder("devkey", "secret").identity("agent")
                    .grant(VideoGrant.join("leak")).ttl(Duration.ofHours(1)).build().toJwt();
            Room agent = Room.create(url, token, RoomOptions.defaults());
            List<RoomEvent> events = new CopyOnWriteArrayList<>();
            var subscription = agent.events().subscribe(events::add);
            agent.connect().block(Harness.WAIT);
            agent.localParticipant().publishAudio(Tone.endless(440, 12_000), AudioPublishOptions.defaults())
                    .block(Harness.WAIT);
            agent.publishData("hello".getBytes(StandardCharsets.UTF_8), DataOptions.reliable()).block(Harness.WAIT);
            settle();

            Snapshot baseline = Snapshot.now();
            List<Snapshot> afterEach = new ArrayList<>();
            for (int i = 1; i <= RESUMES; i++) {
                fault(control, "{\"room\":\"leak\",\"identity\":\"agent\",\"fault\":\"migrate\",\"old_path\":\"drop\"}");
                int n = i;
                await().atMost(Harness.WAIT).until(() -> events.stream()
                        .filter(RoomEvent.Reconnected.class::isInstance).count() == n);
                settle();
                afterEach.add(Snapshot.now());
            }
            assertThat(events).filteredOn(RoomEvent.Reconnected.class::isInstance)
                    .extracting(e -> ((RoomEvent.Reconnected) e).mode()).containsOnly(Mode.RESUME);
            Snapshot last = afterEach.get(afterEach.size() - 1);
            System.out.println("resources: before " + baseline + "; after each resume " + afterEach);
            int udpGrowth = last.udp - baseline.udp;
            assertThat(udpGrowth).as("UDP sockets after %d resumes, per snapshot %s", RESUMES, afterEach)
                    .isLessThanOrEqualTo(2 * RESUMES);
            assertThat(last.descriptors - baseline.descriptors).as("every other descriptor is flat: %s; now %s; threads %s",
                    afterEach, descriptorKinds(), threadKinds()).isLessThanOrEqualTo(udpGrowth + 2);
            assertThat(last.threads - baseline.threads).as("threads are flat: %s; now %s", afterEach, threadKinds())
                    .isLessThanOrEqualTo(4);

            // A full reconnect closes both transports: every socket of theirs goes, the new ones are a fresh pair.
            fault(control, "{\"room\":\"leak\",\"identity\":\"agent\",\"fault\":\"leave\",\"action\":\"RECONNECT\","
                    + "\"reason\":\"STATE_MISMATCH\"}");
            await().atMost(Harness.WAIT).until(() -> events.stream().filter(RoomEvent.Reconnected.class::isInstance)
                    .count() == RESUMES + 1);
            settle();
            assertThat(Snapshot.now().udp).as("after a full reconnect").isLessThanOrEqualTo(baseline.udp);

            agent.disconnect().block(Harness.WAIT);
            subscription.dispose();
            await().atMost(Harness.WAIT).until(() -> udpSockets() <= beforeSession);
        }
    }

    /** What this process holds at one moment. */
    private record Snapshot(int udp, int descriptors, int threads, long rssKb) {
        static Snapshot now() throws IOException {
            return new Snapshot(udpSockets(), ResumeResourcesTest.descriptors().size(), Thread.activeCount(), rss());
        }

        /** Resident memory, for the record only: libwebrtc keeps per-generation state natively too. */
        private static long rss() throws IOException {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0);
        }

        @Override
        public String toString() {
            return "udp=" + udp + " fds=" + descriptors + " threads=" + threads + " rss=" + rssKb + "kB";
        }
    }

    /** Live threads by name, digits folded, with counts: what grew, if something did. */
    private static Map<String, Long> threadKinds() {
        return Thread.getAllStackTraces().keySet().stream().collect(java.util.stream.Collectors.groupingBy(
                t -> t.getName().replaceAll("\\d+", "#"), java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    /** Descriptors by kind (socket, anon_inode:[eventfd], pipe, a file path), with counts. */
    private static Map<String, Long> descriptorKinds() throws IOException {
        return descriptors().stream().filter(d -> !d.endsWith(".jar")).collect(java.util.stream.Collectors.groupingBy(
                d -> d.replaceAll("\\[\\d+\\]", "[#]"), java.util.TreeMap::new,
                java.util.stream.Collectors.counting()));
    }

    private static void settle() {
        await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> true);
    }

    private static void fault(String control, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(control.replaceAll("/+$", "") + "/faults")).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
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
        for (String target : descriptors()) {
            if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
                count++;
            }
        }
        return count;
    }

    private static List<String> descriptors() throws IOException {
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
}
