package io.rtcreactor.testkit.client;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Plain HTTP requests to the testkit: {@code /rtc/validate} (what a LiveKit client asks after a refused upgrade),
 * {@code /rtc} without an upgrade, and the JSON control API under {@code /_testkit/}.
 */
public final class HttpProbe {

    /** An HTTP answer. */
    public record Answer(int status, String body) {
    }

    private static final Duration WAIT = ProtocolClient.WAIT;

    private final String baseUrl;

    /** {@code baseUrl}: {@code http://host:port}. */
    public HttpProbe(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** {@code GET path?query}, with the token as a Bearer header when {@code bearer} is not null. */
    public Answer get(String pathAndQuery, String bearer) {
        HttpClient client = HttpClient.create();
        if (bearer != null) {
            client = client.headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + bearer));
        }
        return client.get().uri(baseUrl + pathAndQuery)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                .block(WAIT);
    }

    public Answer get(String pathAndQuery) {
        return get(pathAndQuery, null);
    }

    /** {@code POST path} with a JSON body. */
    public Answer postJson(String path, String json) {
        return HttpClient.create()
                .headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
                .post().uri(baseUrl + path)
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> new Answer(response.status().code(), text)))
                .block(WAIT);
    }
}
