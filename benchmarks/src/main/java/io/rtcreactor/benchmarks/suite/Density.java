package io.rtcreactor.benchmarks.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rtcreactor.benchmarks.density.DensityNode;
import io.rtcreactor.benchmarks.density.RawDensityNode;
import io.rtcreactor.benchmarks.report.Plots;
import io.rtcreactor.benchmarks.report.Section;
import io.rtcreactor.engine.testing.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * P5, density: N calls, each an agent session and a caller session in a room of their own, the agents in one JVM
 * (the one measured), the callers in another and the testkit in a third, all on this machine. For rising N: the
 * share of audio frames that reached the application on time (at most 40 ms late) each way, the agents' CPU per
 * session, resident memory and heap per session, threads, and the testkit's CPU (it decodes and encodes every
 * track, so on two cores it competes with what is measured). Beside each N, the floor: the same calls' media with
 * webrtc-java alone ({@link RawDensityNode}: the agents' and callers' connections meet directly, no SFU, no
 * signalling), so that the engine's own cost per call is a ratio.
 */
final class Density implements Benchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofMinutes(4);

    @Override
    public String id() {
        return "P5";
    }

    @Override
    public String title() {
        return "density: N calls, agents in one JVM, callers and the testkit in others";
    }

    @Override
    public void run(BenchContext context) {
        List<Integer> sizes = switch (context.mode()) {
            case SMOKE -> List.of(2);
            case QUICK -> List.of(5, 10);
            case FULL -> List.of(10, 25, 50, 75, 100);
        };
        int seconds = context.mode() == BenchMode.SMOKE ? 3 : 20;
        Section section = context.section(this);
        section.columns("calls", "on time caller → agent", "on time agent → caller", "agents' CPU per call",
                "agents' RSS per call (total)", "heap per call", "threads", "testkit CPU",
                "raw webrtc-java: on time each way", "raw: CPU per call (engine ÷ raw)",
                "raw: RSS per call (engine ÷ raw)");
        Map<String, List<double[]>> onTime = new LinkedHashMap<>();
        Map<String, List<double[]>> cpu = new LinkedHashMap<>();
        int largest = 0;
        int episodesSeen = 0;
        try (ManagedProcess testkit = java("testkit", List.of("io.rtcreactor.testkit.Main", "--port", "0",
                "--api-key", "devkey", "--api-secret", "secret"))) {
            String url = value(testkit.await(l -> l.strip().startsWith("url:"), 0, START));
            for (int n : sizes) {
                long testkitCpuBefore = cpuNanos(testkit.pid());
                long before = System.nanoTime();
                JsonNode[] measured;
                try {
                    measured = calls(url, n, seconds);
                } catch (RuntimeException | AssertionError e) {
                    // The machine could not carry this many: say so, and do not try more; the floor at this N still
                    // tells whether webrtc-java alone could.
                    String[] floor = floor(n, seconds, Double.NaN, Double.NaN, cpu);
                    section.row(String.valueOf(n), "failed: " + e.getMessage().lines().findFirst().orElse(""), "",
                            "", "", "", "", "", floor[0], floor[1], floor[2]);
                    BenchContext.progress("P5 %d calls failed: %s", n, e);
                    break;
                }
                double testkitCores = (double) (cpuNanos(testkit.pid()) - testkitCpuBefore) / (System.nanoTime()
                        - before);
                JsonNode agents = measured[0];
                JsonNode callers = measured[1];
                int failed = agents.path("failed").asInt() + callers.path("failed").asInt();
                String calls = failed == 0 ? String.valueOf(n) : String.format(Locale.ROOT,
                        "%d (joins failed: %d agents, %d callers; first: %s)", n, agents.path("failed").asInt(),
                        callers.path("failed").asInt(), firstFailure(agents, callers));
                int episodes = agents.path("episodes").asInt() + callers.path("episodes").asInt();
                if (episodes > 0) {
                    calls += String.format(Locale.ROOT, " (reconnect episodes in the window: %d agents, %d callers;"
                            + " causes: %s %s)", agents.path("episodes").asInt(), callers.path("episodes").asInt(),
                            agents.path("episode_causes"), callers.path("episode_causes"));
                }
                episodesSeen += episodes;
                double atAgents = share(agents);
                double atCallers = share(callers);
                double agentCores = agents.path("cpu_ns").asDouble() / agents.path("wall_ns").asDouble();
                // Per call means per agent session that joined: one whose join failed has been left and costs the
                // JVM next to nothing, so dividing by N flattered the engine at the N where joins failed. Its ratio
                // to the floor (which always has N calls) is given only when every join succeeded.
                int joined = Math.max(1, agents.path("sessions").asInt(n));
                double rssKb = agents.path("rss_kb").asDouble();
                String[] floor = failed == 0 ? floor(n, seconds, agentCores / n, rssKb / n, cpu)
                        : floor(n, seconds, Double.NaN, Double.NaN, cpu);
                section.row(calls, percent(atAgents), percent(atCallers),
                        String.format(Locale.ROOT, "%.1f %% of a core", 100 * agentCores / joined),
                        String.format(Locale.ROOT, "%.1f MB (%d MB)", rssKb / 1024 / joined, (long) rssKb / 1024),
                        String.format(Locale.ROOT, "%.2f MB", agents.path("heap_kb").asDouble() / 1024 / joined),
                        agents.path("threads").asText(), String.format(Locale.ROOT, "%.0f %% of a core (all of"
                                + " the window, start-up included)", 100 * testkitCores), floor[0], floor[1], floor[2]);
                onTime.computeIfAbsent("caller → agent", k -> new ArrayList<>()).add(new double[] {n, 100 * atAgents});
                onTime.computeIfAbsent("agent → caller", k -> new ArrayList<>()).add(new double[] {n, 100 * atCallers});
                cpu.computeIfAbsent("agents' CPU per call, % of a core", k -> new ArrayList<>())
                        .add(new double[] {n, 100 * agentCores / joined});
                if (failed == 0 && atAgents >= 0.99 && atCallers >= 0.99) {
                    largest = n;
                }
                BenchContext.progress("P5 %d calls: on time %.2f %% / %.2f %%, agents %.2f cores", n, 100 * atAgents,
                        100 * atCallers, agentCores);
            }
        }
        section.note("The agents' and callers' JVMs (and the floor's) run with `" + (NODE_JVM.isBlank() ? "the JVM's"
                + " defaults" : NODE_JVM) + "`; the testkit with the JVM's defaults.");
        section.note("Where joins failed, the agents' figures per call are per agent that joined, and the engine's"
                + " ratio to the floor is left out (the floor always carries all N).");
        section.note("Reconnect episodes (resumes or full reconnects begun) during the measured windows, agents and"
                + " callers together: " + episodesSeen + (episodesSeen == 0 ? "." : " (named in the calls cell)."));
        section.note("Largest N measured with at least 99 % of frames on time both ways: "
                + (largest == 0 ? "none" : String.valueOf(largest)) + ".");
        Plots.curves("P5: frames on time against calls", "calls", "% of frames at most 40 ms late", onTime,
                context.plot("p5-on-time.svg"));
        Plots.curves("P5: agents' CPU per call", "calls", "% of a core per call", cpu, context.plot("p5-cpu.svg"));
        section.plot("p5-on-time.svg", "P5 on-time share against calls").plot("p5-cpu.svg", "P5 CPU per call");
    }

    /**
     * The raw webrtc-java floor at n calls: on time each way, CPU and RSS per call with the engine's ratio to them
     * (three cells); the CPU per call goes into {@code cpu} as its own curve. A floor that fails is reported in its
     * cells, not as the benchmark's failure.
     */
    private static String[] floor(int n, int seconds, double engineCores, double engineRssKb,
                                  Map<String, List<double[]>> cpu) {
        try {
            JsonNode[] raw = rawCalls(n, seconds);
            double cores = raw[0].path("cpu_ns").asDouble() / raw[0].path("wall_ns").asDouble() / n;
            double rssKb = raw[0].path("rss_kb").asDouble() / n;
            cpu.computeIfAbsent("raw webrtc-java, % of a core per call", k -> new ArrayList<>())
                    .add(new double[] {n, 100 * cores});
            BenchContext.progress("P5 floor %d calls: on time %.2f %% / %.2f %%, %.2f %% of a core per call", n,
                    100 * share(raw[0]), 100 * share(raw[1]), 100 * cores);
            return new String[] {percent(share(raw[0])) + " / " + percent(share(raw[1])),
                    String.format(Locale.ROOT, "%.1f %% of a core", 100 * cores) + ratio(engineCores, cores),
                    String.format(Locale.ROOT, "%.1f MB", rssKb / 1024) + ratio(engineRssKb, rssKb)};
        } catch (RuntimeException | AssertionError e) {
            BenchContext.progress("P5 floor %d calls failed: %s", n, e);
            return new String[] {"failed: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), "", ""};
        }
    }

    /** " (engine ÷ raw×)", or nothing when the engine has no figure at this N. */
    private static String ratio(double engine, double raw) {
        return Double.isNaN(engine) ? "" : String.format(Locale.ROOT, " (%.1f×)", engine / raw);
    }

    /** The floor's n calls: both raw nodes, their SDP relayed, then measured over the same window. */
    private static JsonNode[] rawCalls(int n, int seconds) {
        try (ManagedProcess agents = java("raw-agents", List.of(RawDensityNode.class.getName(), "agent",
                String.valueOf(n)));
             ManagedProcess callers = java("raw-callers", List.of(RawDensityNode.class.getName(), "caller",
                     String.valueOf(n)))) {
            relaySdp(agents, callers, n);
            agents.send("await");
            callers.send("await");
            return measured(agents, callers, n, seconds);
        }
    }

    /**
     * Passes each side's offers and answers to the other until both have their n answers: each side offers on its
     * n sending connections and answers the other's n.
     */
    private static void relaySdp(ManagedProcess agents, ManagedProcess callers, int n) {
        int[] read = {0, 0};
        int[] answers = {0, 0};
        long deadline = System.nanoTime() + START.toNanos();
        while ((answers[0] < n || answers[1] < n) && System.nanoTime() < deadline) {
            answers[1] += forward(agents, callers, read, 0);
            answers[0] += forward(callers, agents, read, 1);
            reactor.core.publisher.Mono.delay(Duration.ofMillis(20)).block();
        }
        if (answers[0] < n || answers[1] < n) {
            throw new IllegalStateException(n + " raw calls: not negotiated within " + START + " (answers "
                    + answers[0] + " and " + answers[1] + ")");
        }
    }

    /** Forwards {@code from}'s new offer and answer lines to {@code to}; returns how many answers went. */
    private static int forward(ManagedProcess from, ManagedProcess to, int[] read, int side) {
        List<String> lines = from.lines();
        int answered = 0;
        for (; read[side] < lines.size(); read[side]++) {
            String line = lines.get(read[side]);
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                JsonNode event = JSON.readTree(line);
                String kind = event.path("event").asText();
                if (kind.equals("offer") || kind.equals("answer")) {
                    to.send(JSON.writeValueAsString(Map.of("cmd", kind, "call", event.path("call").asInt(), "sdp",
                            event.path("sdp").asText())));
                    answered += kind.equals("answer") ? 1 : 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return answered;
    }

    /** Runs n calls; returns the agents' and the callers' measurements over the same window. */
    private static JsonNode[] calls(String url, int n, int seconds) {
        String prefix = "p5-" + n;
        try (ManagedProcess agents = node("agent", url, n, prefix);
             ManagedProcess callers = node("caller", url, n, prefix)) {
            return measured(agents, callers, n, seconds);
        }
    }

    /**
     * Once both sides are ready and every session that joined hears its peer: both measured over the same window,
     * then told to leave. Joins that failed are carried into each measurement ({@code failed},
     * {@code first_failure}) rather than ending the run: how many of N joined is itself the figure at an N the
     * machine cannot carry.
     */
    private static JsonNode[] measured(ManagedProcess agents, ManagedProcess callers, int n, int seconds) {
        JsonNode agentsReady = event(agents, "ready", 0, START);
        JsonNode callersReady = event(callers, "ready", 0, START);
        // A failed join on one side leaves its partner on the other side alone in the room, hearing nothing: that
        // call is lost, not a fault of the measurement, so "every session hears" is asked only when none failed.
        boolean joinsFailed = agentsReady.path("failed").asInt(0) + callersReady.path("failed").asInt(0) > 0;
        if (!joinsFailed && (!agentsReady.path("hearing").asBoolean() || !callersReady.path("hearing").asBoolean())) {
            throw new IllegalStateException(n + " calls: not every session that joined hears its peer: "
                    + agentsReady + " " + callersReady);
        }
        int fromA = agents.lineCount();
        int fromC = callers.lineCount();
        agents.send("measure " + seconds);
        callers.send("measure " + seconds);
        JsonNode[] measured = {event(agents, "measured", fromA, START), event(callers, "measured", fromC, START)};
        for (int side = 0; side < 2; side++) {
            JsonNode ready = side == 0 ? agentsReady : callersReady;
            ((ObjectNode) measured[side]).put("sessions", ready.path("sessions").asInt(n))
                    .put("failed", ready.path("failed").asInt(0))
                    .put("first_failure", ready.path("first_failure").asText(""));
        }
        agents.send("exit");
        callers.send("exit");
        quietly(agents);
        quietly(callers);
        return measured;
    }

    /** Gives a node ten seconds to leave its rooms; after that {@code close()} ends it (the figures are taken). */
    private static void quietly(ManagedProcess node) {
        try {
            node.waitFor(Duration.ofSeconds(10));
        } catch (RuntimeException | AssertionError e) {
            BenchContext.progress("P5: %s", e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static ManagedProcess node(String role, String url, int n, String prefix) {
        return java(role + "s", List.of(DensityNode.class.getName(), role, url, "devkey", "secret",
                String.valueOf(n), prefix));
    }

    /**
     * The JVM options of the nodes that hold calls (engine and raw alike; not the testkit's): what docs/operations.md
     * recommends for voice agents. Every remote frame of a process comes off one playout thread, which a GC pause
     * holds up and which never catches up afterwards, so G1's default pause goal (200 ms) made every track late at
     * once; with a 10 ms goal the agents at 10 calls had no late frame (hand runs, 2026-12-05).
     * {@code RTCR_BENCH_JAVA_OPTS=-Drtcr.p5.nodeJvm= scripts/bench …} measures the JVM's defaults.
     */
    static final String NODE_JVM = System.getProperty("rtcr.p5.nodeJvm", "-XX:MaxGCPauseMillis=10");

    /** A JVM on this one's classpath (the benchmarks jar, or the test classpath in the smoke test). */
    private static ManagedProcess java(String name, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path")));
        if (!name.equals("testkit")) {
            command.addAll(List.of(NODE_JVM.split(" ")).stream().filter(o -> !o.isBlank()).toList());
        }
        command.addAll(mainAndArgs);
        return ManagedProcess.start(name, Path.of("."), Map.of(), command);
    }

    private static JsonNode event(ManagedProcess process, String event, int from, Duration timeout) {
        // Not only at the start of a line: the nodes' log lines share their stdout, and once a failed join's
        // multi-line log event ended without its line break just before the ready line, which then did not start
        // a line and was never seen (P5 at 50 calls: "no matching line within PT4M"). The nodes now begin each
        // JSON line with a line break of its own (DensityNode.emit); this reads one that is glued on anyway.
        String key = "\"event\":\"" + event + "\"";
        String line = process.await(l -> l.contains("{") && l.contains(key), from, timeout);
        try {
            return JSON.readTree(line.substring(line.lastIndexOf('{', line.indexOf(key))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first failed join's cause, shortened for a table cell. */
    private static String firstFailure(JsonNode agents, JsonNode callers) {
        String first = agents.path("first_failure").asText("");
        if (first.isEmpty()) {
            first = callers.path("first_failure").asText("");
        }
        return first.length() > 120 ? first.substring(0, 120) + "…" : first;
    }

    private static double share(JsonNode measured) {
        double frames = measured.path("frames").asDouble();
        return frames == 0 ? 0 : 1 - measured.path("late").asDouble() / frames;
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f %%", 100 * share);
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).strip();
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms). */
    private static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
