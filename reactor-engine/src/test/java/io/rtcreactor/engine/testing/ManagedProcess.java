package io.rtcreactor.engine.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process of a test (a standalone testkit, a Node.js participant) whose stdout lines are collected and
 * can be awaited with a bound, and whose stdin takes lines. Closing it asks nicely (SIGTERM), then forcibly.
 */
public final class ManagedProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    /** Set once stdout reached its end (the process closed it): no line will come any more. */
    private boolean stdoutEnded;

    private ManagedProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        pump(process.inputReader(StandardCharsets.UTF_8), line -> {
            synchronized (stdout) {
                stdout.add(line);
                stdout.notifyAll();
            }
        }, () -> {
            synchronized (stdout) {
                stdoutEnded = true;
                stdout.notifyAll();
            }
        }, name + "-out");
        pump(process.errorReader(StandardCharsets.UTF_8), line -> {
            synchronized (stderr) {
                if (stderr.length() < 2_000_000) {
                    stderr.append(line).append('\n');
                }
            }
        }, () -> { }, name + "-err");
    }

    /** Starts {@code command} in {@code directory} with extra environment variables. */
    public static ManagedProcess start(String name, Path directory, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(env);
        try {
            return new ManagedProcess(name, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private static void pump(BufferedReader reader, java.util.function.Consumer<String> sink, Runnable ended,
                             String thread) {
        Thread t = new Thread(() -> {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            ended.run();
        }, thread);
        t.setDaemon(true);
        t.start();
    }

    /** Writes one line to the process's stdin. */
    public void send(String line) {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(name + " does not take input any more; stderr:\n" + stderr(), e);
        }
    }

    /** Waits for a stdout line (from {@code fromIndex} on) that matches; fails after {@code timeout}. */
    public String await(Predicate<String> matching, int fromIndex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            while (true) {
                for (int i = fromIndex; i < stdout.size(); i++) {
                    if (matching.test(stdout.get(i))) {
                        return stdout.get(i);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no matching line within " + timeout + "; stdout:\n"
                            + String.join("\n", tail(stdout, 40)) + "\nstderr (tail):\n" + tailText(stderr(), 4000));
                }
                if (stdoutEnded && !process.isAlive()) {
                    // A process that has ended will print nothing more: say why now, not at the deadline.
                    throw new AssertionError(name + " exited (" + process.exitValue() + ") without a matching line;"
                            + " stdout:\n" + String.join("\n", tail(stdout, 40)) + "\nstderr (tail):\n"
                            + tailText(stderr(), 4000));
                }
                try {
                    // Woken by each new line; the short bound rechecks whether the process has ended.
                    stdout.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Lines so far. */
    public List<String> lines() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    public int lineCount() {
        synchronized (stdout) {
            return stdout.size();
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end; returns its exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not exit within " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The operating system's id of the process (to read its CPU time from /proc, say). */
    public long pid() {
        return process.pid();
    }

    /** SIGTERM, a few seconds of grace, then SIGKILL. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static List<String> tail(List<String> lines, int n) {
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static String tailText(String text, int chars) {
        return text.length() <= chars ? text : text.substring(text.length() - chars);
    }
}
