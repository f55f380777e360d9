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
 * {@code --port 0} it listens on a free port and prints that port in its URL. {@code --tls self-signed} serves
 * {@code wss://} with a certificate made at start for {@code --tls-names} (default localhost, 127.0.0.1, ::1) and
 * writes it to {@code --tls-cert-out} (default {@code testkit-cert.pem}) for clients to trust;
 * {@code --tls-cert chain.pem --tls-key key.pem} serves a given certificate (PKCS#8 key).
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
        java.nio.file.Path certificateOut;
        try {
            Command command = command(args);
            options = command.options();
            certificateOut = command.certificateOut();
        } catch (IllegalArgumentException e) {
            System.err.println("testkit: " + e.getMessage());
            System.err.println("usage: java -jar testkit.jar [--port 7880] [--host 127.0.0.1]"
                    + " [--api-key devkey] [--api-secret secret] [--leave-close-delay-ms 0]"
                    + " [--tls self-signed [--tls-names localhost,127.0.0.1] [--tls-cert-out testkit-cert.pem]"
                    + " | --tls-cert chain.pem --tls-key key.pem]");
            System.exit(2);
            return;
        }
        if (options.tls() != null && certificateOut != null) {
            try {
                java.nio.file.Files.writeString(certificateOut, options.tls().certificatePem());
            } catch (java.io.IOException e) {
                System.err.println("testkit: cannot write the certificate to " + certificateOut + ": " + e);
                System.exit(1);
                return;
            }
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
        if (options.tls() != null) {
            System.out.println("  tls:        " + options.tls() + (certificateOut == null ? ""
                    : "; clients trust " + certificateOut.toAbsolutePath()));
        }
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

    /** The options, and where a self-signed certificate is written for clients (null if none). */
    record Command(TestkitOptions options, java.nio.file.Path certificateOut) {
    }

    static TestkitOptions parse(String[] args) {
        return command(args).options();
    }

    static Command command(String[] args) {
        TestkitOptions options = TestkitOptions.defaults().withPort(7880);
        String key = options.apiKey();
        String secret = options.apiSecret();
        String tls = null;
        List<String> names = List.of("localhost", "127.0.0.1", "::1");
        String certificate = null;
        String privateKey = null;
        java.nio.file.Path out = java.nio.file.Path.of("testkit-cert.pem");
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
                case "--tls" -> tls = value;
                case "--tls-names" -> names = List.of(value.split(","));
                case "--tls-cert-out" -> out = java.nio.file.Path.of(value);
                case "--tls-cert" -> certificate = value;
                case "--tls-key" -> privateKey = value;
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        java.nio.file.Path certificateOut = null;
        if ("self-signed".equals(tls)) {
            options = options.withTls(TestkitTls.selfSigned(names));
            certificateOut = out;
        } else if (tls != null) {
            throw new IllegalArgumentException("--tls takes self-signed (or give --tls-cert and --tls-key)");
        } else if (certificate != null || privateKey != null) {
            if (certificate == null || privateKey == null) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together");
            }
            options = options.withTls(TestkitTls.fromPem(java.nio.file.Path.of(certificate),
                    java.nio.file.Path.of(privateKey)));
        }
        return new Command(options.withApiKey(key, secret), certificateOut);
    }
}
