package io.rtcreactor.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where and on what a run was measured: the figures mean little without the cores, the CPU, the memory, the JVM
 * and the commit. Read once at the start of a run.
 *
 * @param description one line: cores, CPU model, memory, OS, JVM
 * @param commit      {@code git describe --always --dirty} of the checkout, or "unknown"
 */
public record Machine(String description, String commit) {

    public static Machine describe(Path checkout) {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String memory = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String description = String.format(Locale.ROOT, "%d cores (%s), %s memory, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(), cpu, memory, System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
        return new Machine(description, commit(checkout));
    }

    private static String firstValue(Path file, String key) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String commit(Path checkout) {
        try {
            Process git = new ProcessBuilder("git", "describe", "--always", "--dirty").directory(checkout.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 && !out.isEmpty() ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
