package io.rtcreactor.samples.gateway;

import io.rtcreactor.engine.RoomOptions;
import io.rtcreactor.spring.RoomConnector;
import io.rtcreactor.spring.RtcReactorProperties;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code rtc-reactor.url}, the gateway starts the testkit (a LiveKit-compatible server) in its own process
 * on {@code gateway.testkit.port} (7880; 0 picks a free one) and connects its agents there, with the testkit's key
 * and secret. On shutdown the agents leave first ({@code RoomConnectorLifecycle}), then the testkit closes
 * ({@link TestkitLifecycle}), both before the web server and Reactor Netty's shared event loops stop.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${rtc-reactor.url:}'.isEmpty()")
public class EmbeddedTestkit {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTestkit.class);
    private static final Duration START = Duration.ofSeconds(30);

    /** Started while the application context starts (blocking is what start-up does); closed by the lifecycle. */
    @Bean(destroyMethod = "")
    public LoopbackServer testkitServer(@Value("${gateway.testkit.port:7880}") int port) {
        LOG.info("rtc-reactor.url is not set: starting the embedded testkit on port {}", port);
        LoopbackServer server = LoopbackServer.start(TestkitOptions.defaults().withPort(port)).block(START);
        LOG.info("embedded testkit at {}: point LiveKit clients there, API key {}", server.url(),
                server.options().apiKey());
        return server;
    }

    /** Closes the testkit after the agents left and before the shared network resources stop. */
    @Bean(destroyMethod = "close")
    TestkitLifecycle testkitLifecycle(LoopbackServer testkit) {
        return new TestkitLifecycle(testkit);
    }

    @Bean(destroyMethod = "close")
    public RoomConnector rtcReactorRoomConnector(LoopbackServer testkit, RtcReactorProperties properties,
                                                 RoomOptions options) {
        return new RoomConnector(new RtcReactorProperties(testkit.url(), testkit.options().apiKey(),
                testkit.options().apiSecret(), properties.token(), properties.options()), options);
    }
}
