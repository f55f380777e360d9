package io.rtcreactor.benchmarks.density;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.rtcreactor.engine.AudioFrame;
import io.rtcreactor.engine.AudioPublishOptions;
import io.rtcreactor.engine.Room;
import io.rtcreactor.engine.RoomEvent;
import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.engine.testing.Tone;
import io.rtcreactor.engine.token.AccessToken;
import io.rtcreactor.engine.token.VideoGrant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * One side of P5's calls in a process of its own:
 * <pre>
 * java -cp … io.rtcreactor.benchmarks.density.DensityNode agent|caller &lt;url&gt; &lt;apiKey&gt; &lt;apiSecret&gt; &lt;N&gt; &lt;roomPrefix&gt;
 * </pre>
 * joins N rooms ({@code prefix-1} …) as {@code role}, publishes a tone in each (agents 440 Hz, callers 660 Hz) and
 * times every remote frame. Prints one JSON line when every join has ended, joined and hearing or failed
 * ({@code "event":"ready"}, with how many joined, how many failed and the first failure); then
 * {@code measure <seconds>} on stdin prints {@code "event":"measured"} with frames, late frames, the process's CPU
 * time over the window, resident memory, heap after a GC and threads; {@code exit} leaves and ends.
 */
public final class DensityNode {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(3);
    /** How long joins may take in all; the parent waits four minutes for the ready line (30 s of it to hear). */
    private static final Duration JOIN_WINDOW = Duration.ofSeconds(150);

    private DensityNode() {
    }

    public static void main(String[] args) throws IOException {
        String role = args[0];
        String url = args[1];
        int n = Integer.parseInt(args[4]);
        List<FrameTimes> clocks = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        // Reconnect episodes (a resume or a full reconnect begun) by what started them, digits folded: at an N the
        // machine struggles with, a session that resumed during the window says its late frames were not only
        // lateness.
        Map<String, Integer> episodes = new ConcurrentHashMap<>();
        RoomOptions options = RoomOptions.defaults();
        // Every call sends the same precomputed second in a loop, as the raw node pushes one frame to all its calls:
        // synthesising a tone per call (480 sines per frame) and allocating its arrays was the harness's cost, and
        // it was charged to the engine's CPU and garbage.
        Flux<AudioFrame> tone = Tone.looped(role.equals("agent") ? 440 : 660, 12_000);
        List<Room> rooms = Flux.range(1, n).flatMap(i -> {
            String token = AccessToken.builder(args[2], args[3]).identity(role).grant(VideoGrant.join(args[5] + "-" + i))
                    .ttl(Duration.ofHours(2)).build().toJwt();
            Room room = Room.create(url, token, options);
            room.events().subscribe(e -> {
                Throwable cause = e instanceof RoomEvent.Resuming resuming ? resuming.cause()
                        : e instanceof RoomEvent.Reconnecting reconnecting ? reconnecting.cause() : null;
                if (cause != null) {
                    episodes.merge(cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage())
                            .replaceAll("[0-9]+", "N"), 1, Integer::sum);
                }
            });
            room.events(RoomEvent.TrackSubscribed.class).subscribe(e -> {
                FrameTimes clock = new FrameTimes();
                clocks.add(clock);
                e.track().frames().subscribe(clock::add);
            });
            // A call that cannot join is counted and named, not the end of the run: at the N a machine cannot
            // carry, how many joined (and why the others did not) is the figure.
            return room.connect().then(room.localParticipant().publishAudio(
                    tone, AudioPublishOptions.defaults()))
                    .thenReturn(room)
                    .onErrorResume(e -> {
                        failures.add(e.toString());
                        return room.disconnect().onErrorResume(ignored -> Mono.empty()).then(Mono.empty());
                    });
        }, 4).take(JOIN_WINDOW).collectList().block(WAIT);
        // Joins still running (or never started) when the window closed were cancelled: counted as failed too, so
        // that the ready line comes out in time to be read even when the machine cannot carry N.
        int unjoined = n - rooms.size() - failures.size();
        for (int i = 0; i < unjoined; i++) {
            failures.add("not joined within " + JOIN_WINDOW.toSeconds() + " s");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (clocks.size() < rooms.size() && System.nanoTime() < deadline) {
            Mono.delay(Duration.ofMillis(100)).block();
        }
        Map<String, Object> ready = new LinkedHashMap<>();
        ready.put("event", "ready");
        ready.put("sessions", rooms.size());
        ready.put("failed", failures.size());
        ready.put("first_failure", failures.isEmpty() ? "" : failures.get(0));
        ready.put("tracks", clocks.size());
        ready.put("hearing", !rooms.isEmpty() && clocks.size() >= rooms.size());
        emit(ready);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.startsWith("measure")) {
                measure(clocks, episodes, Integer.parseInt(line.split(" ")[1]));
            } else if (line.equals("exit")) {
                break;
            }
        }
        Flux.fromIterable(rooms).flatMap(Room::disconnect, 8).blockLast(WAIT);
        System.exit(0);
    }

    /** As below, for a node without sessions to reconnect (the raw floor). */
    static void measure(List<FrameTimes> clocks, int seconds) {
        measure(clocks, new ConcurrentHashMap<>(), seconds);
    }

    /** {@code episodes} is cleared first: what it holds afterwards began in the window. */
    static void measure(List<FrameTimes> clocks, Map<String, Integer> episodes, int seconds) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        clocks.forEach(FrameTimes::start);
        episodes.clear();
        long cpuBefore = os.getProcessCpuTime();
        long before = System.nanoTime();
        Mono.delay(Duration.ofSeconds(seconds)).block();
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long wall = System.nanoTime() - before;
        long frames = 0;
        long late = 0;
        List<Long> lateByTrack = new ArrayList<>();
        for (FrameTimes clock : clocks) {
            long[] counted = clock.stop();
            frames += counted[0];
            late += counted[1];
            lateByTrack.add(counted[1]);
        }
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("event", "measured");
        result.put("frames", frames);
        Map<String, Integer> causes = new TreeMap<>(episodes);
        result.put("episodes", causes.values().stream().mapToInt(Integer::intValue).sum());
        result.put("episode_causes", causes);
        result.put("late", late);
        result.put("tracks", clocks.size());
        result.put("cpu_ns", cpu);
        result.put("wall_ns", wall);
        result.put("rss_kb", rssKb());
        result.put("heap_kb", (runtime.totalMemory() - runtime.freeMemory()) / 1024);
        result.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        result.put("late_by_track", lateByTrack);
        result.put("stalls_of_first_track", clocks.isEmpty() ? List.of() : clocks.get(0).stalls());
        emit(result);
    }

    private static long rssKb() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(-1L);
        } catch (IOException e) {
            return -1;
        }
    }

    static void emit(Map<String, ?> event) {
        try {
            // A line of its own even if a log line on the same stdout is still open: one write, starting with a
            // line break (Density reads the JSON wherever in a line it starts, but a reader by line should not
            // have to).
            System.out.print(System.lineSeparator() + JSON.writeValueAsString(event) + System.lineSeparator());
            System.out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
