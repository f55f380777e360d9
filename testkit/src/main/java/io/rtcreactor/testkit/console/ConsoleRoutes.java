package io.rtcreactor.testkit.console;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Serves the console ({@code GET /}), the call page ({@code GET /call}) and their files
 * ({@code GET /console/{file}}). Every file is read from the jar once, when the server starts (a thread that may
 * block), and served from memory: nothing is read from disk on the server's event loop, and only the files named
 * here are served.
 */
public final class ConsoleRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
    private static final String BASE = "/io/rtcreactor/testkit/console/static/";
    /** LiveKit's browser SDK, copied from npm by the build; absent when the build skipped it. */
    static final String SDK = "livekit-client.umd.js";
    private static final Map<String, String> TYPES = Map.of(
            "console.html", "text/html; charset=utf-8",
            "call.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "call.js", "text/javascript; charset=utf-8",
            SDK, "text/javascript; charset=utf-8",
            "LICENSE", "text/plain; charset=utf-8");

    private final Map<String, byte[]> files;

    private ConsoleRoutes(Map<String, byte[]> files) {
        this.files = files;
    }

    /** Reads the console's files from the class path (blocking: call it while the server starts). */
    public static ConsoleRoutes load() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String name : TYPES.keySet()) {
            try (InputStream in = ConsoleRoutes.class.getResourceAsStream(BASE + name)) {
                if (in != null) {
                    files.put(name, in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the console's " + name, e);
            }
        }
        if (!files.containsKey(SDK)) {
            LOG.warn("the testkit was built without LiveKit's browser SDK (npm was skipped): the call page at /call "
                    + "cannot join; rebuild with npm available");
        }
        return new ConsoleRoutes(Map.copyOf(files));
    }

    public void register(HttpServerRoutes routes) {
        routes.get("/", (req, res) -> send(res, "console.html"))
                .get("/call", (req, res) -> send(res, "call.html"))
                .get("/console/{file}", (req, res) -> send(res, req.param("file")));
    }

    /** Whether the browser SDK is in the jar (the call page needs it). */
    public boolean hasBrowserSdk() {
        return files.containsKey(SDK);
    }

    private Publisher<Void> send(HttpServerResponse res, String name) {
        byte[] body = name == null ? null : files.get(name);
        if (body == null) {
            return res.status(HttpResponseStatus.NOT_FOUND).sendString(Mono.just("not found\n")).then();
        }
        return res.header(HttpHeaderNames.CONTENT_TYPE, TYPES.get(name))
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .sendByteArray(Mono.just(body)).then();
    }
}
