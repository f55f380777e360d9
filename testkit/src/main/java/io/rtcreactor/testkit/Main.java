package io.rtcreactor.testkit;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The standalone testkit:
 * <pre>
 * java -jar testkit/target/testkit.jar --port 7880 --api-key devkey --api-secret secret
 * </pre>
 * Prints its URL and keys, serves until SIGTERM or SIGINT, then disconnects everyone and exits 0.
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
                    + " [--api-key devkey] [--api-secret secret]");
            System.exit(2);
            return;
        }
        LoopbackServer server = LoopbackServer.start(options).block(Duration.ofSeconds(30));
        System.out.println("RTC Reactor testkit (LiveKit-compatible, protocol 16)");
        System.out.println("  url:        " + server.url());
        System.out.println("  api key:    " + options.apiKey());
        System.out.println("  api secret: " + options.apiSecret());
        System.out.println("  control:    " + server.httpUrl() + "/_testkit/ (POST faults, GET rooms/{room}, POST reset)");
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close().block(Duration.ofSeconds(10));
            stopped.countDown();
        }, "testkit-shutdown"));
        stopped.await();
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
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return options.withApiKey(key, secret);
    }
}
