package io.rtcreactor.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node.js scripts of {@code interop/} (LiveKit's own SDKs, installed by the build from npm with pinned
 * versions before the tests start) and collects their output. Tests run offline inside a private network
 * namespace, so nothing here installs packages; a missing {@code node_modules} fails with the command to run.
 */
public final class NodeRunner {

    /** The outcome of one script run. */
    public record Result(int exitCode, String stdout, String stderr) {
        /** The last non-empty stdout line (scripts print their JSON answer last). */
        public String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    private NodeRunner() {
    }

    /** The {@code interop/} directory of the checkout. */
    public static Path interopDir() {
        String root = System.getProperty("rtcr.root", System.getenv().getOrDefault("RTCR_ROOT", "."));
        return Path.of(root).toAbsolutePath().normalize().resolve("interop");
    }

    /** Fails with instructions when the npm packages were not installed by the build. */
    public static void requireInstalled() {
        Path modules = interopDir().resolve("node_modules");
        if (!Files.isDirectory(modules.resolve("livekit-server-sdk"))) {
            throw new IllegalStateException("LiveKit's Node packages are not installed in " + modules
                    + "; the build installs them (npm ci in interop/) unless -Drtcr.npm.skip=true was given;"
                    + " run: (cd interop && npm ci)");
        }
    }

    /** Runs {@code node interop/<script> args…} and waits at most {@code timeout}. */
    public static Result run(Duration timeout, Map<String, String> env, String script, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add("node");
        command.add(interopDir().resolve(script).toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(interopDir().toFile());
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("node " + script + " did not finish within " + timeout + "; stderr: "
                        + err.getNow(""));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running node " + script, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        });
    }
}
