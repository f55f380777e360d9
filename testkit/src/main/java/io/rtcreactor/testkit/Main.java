package io.rtcreactor.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone testkit:
 * <pre>
 * java -jar testkit/target/testkit.jar --port 7880 --api-key devkey --api-secret secret
 * </pre>
 * Prints its URL and keys, serves until SIGTERM or SIGINT, then disconnects everyone and exits 0. With
 * {@code --port 0} it listens on a free port and prints that port in its URL.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        // The standalone server's log format; an explicit -Dlogback.configurationFile wins.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "testkit-logback.xml");
        }
        TestkitOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("testkit: " + e.getMessage());
            System.err.println("usage: java -jar testkit.jar [--port 7880] [--host 127.0.0.1]"
                    + " [--api-key devkey] [--api-secret secret] [--leave-close-delay-ms 0]");
            System.exit(2);
            return;
        }
        LoopbackServer server;
        try {
            server = LoopbackServer.start(options).block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            System.err.println("testkit: cannot start on " + options.host() + ":" + options.port() + ": " + e);
            System.exit(1);
            return;
        }
        // SIGTERM and SIGINT are handled here rather than by a shutdown hook: a JVM that ends through its
        // default signal handling exits 143 / 130 whatever its hooks do, and the tools that run the testkit (CI
        // scripts, the interop tests) take a clean stop to be exit 0. Installed before the URL is printed, so a
        // tool that stops the testkit as soon as it has read the URL still gets exit 0.
        CountDownLatch stop = new CountDownLatch(1);
        Signals.on(List.of("TERM", "INT"), stop::countDown);
        System.out.println("RTC Reactor testkit (LiveKit-compatible, protocol 16)");
        System.out.println("  url:        " + server.url());
        System.out.println("  api key:    " + options.apiKey());
        System.out.println("  api secret: " + options.apiSecret());
        System.out.println("  control:    " + server.httpUrl() + "/_testkit/ (POST faults, GET rooms/{room}, POST reset)");
        System.out.println("  console:    " + server.httpUrl() + "/ (rooms live, fault buttons; /call joins a room"
                + " with your microphone)");
        System.out.flush();
        stop.await();
        int status = 0;
        try {
            server.close().block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            System.err.println("testkit: close did not finish cleanly: " + e);
            status = 1;
        }
        // The native WebRTC threads are not daemon threads: leave explicitly.
        System.exit(status);
    }

    static TestkitOptions parse(String[] args) {
        TestkitOptions options = TestkitOptions.defaults().withPort(7880);
        String key = options.apiKey();
        String secret = options.apiSecret();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> options = options.withPort(Integer.parseInt(value));
                case "--host" -> options = options.withHost(value);
                case "--api-key" -> key = value;
                case "--api-secret" -> secret = value;
                case "--leave-close-delay-ms" ->
                        options = options.withLeaveCloseDelay(java.time.Duration.ofMillis(Long.parseLong(value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return options.withApiKey(key, secret);
    }
}
