package io.rtcreactor.testkit.client;

import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.engine.testing.NetworkNamespace;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process testkit and the clients a test made against it, shared by the tests of one class: registered
 * with {@code @RegisterExtension}, it starts the server before the class's first test, {@linkplain #reset()
 * resets} it after each test (every client and media closed, every room and fault dropped) and closes it after the
 * last one.
 */
public final class Testbed implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);

    private final TestkitOptions options;
    private final boolean media;
    private final List<ProtocolClient> clients = new CopyOnWriteArrayList<>();
    private final List<ClientMedia> medias = new CopyOnWriteArrayList<>();
    private LoopbackServer server;

    private Testbed(TestkitOptions options, boolean media) {
        this.options = options;
        this.media = media;
    }

    /** A testbed for a class whose tests need only signalling (and media only where a test says so itself). */
    public static Testbed perClass(TestkitOptions options) {
        return new Testbed(options, false);
    }

    /** A testbed for a class whose tests all make peer connections: each needs the private network namespace. */
    public static Testbed perClassWithMedia(TestkitOptions options) {
        return new Testbed(options, true);
    }

    /** The running server (from the class's first test on). */
    public LoopbackServer server() {
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = LoopbackServer.start(options).block(Duration.ofSeconds(30));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (media) {
            NetworkNamespace.requireIsolated();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * LiveKit's timers, except that an unanswered subscriber offer or a join that never connects media is not
     * punished: signal-only clients never answer offers.
     */
    public static TestkitOptions signalOnlyOptions() {
        return TestkitOptions.defaults().withOfferAnswerTimeout(Duration.ofMinutes(10))
                .withJoinTimeout(Duration.ofMinutes(10));
    }

    /** Starts connecting {@code identity} to {@code room} (fresh join, default query). */
    public ProtocolClient connect(String room, String identity) {
        return connect(server.token(room, identity), ConnectOptions.defaults());
    }

    public ProtocolClient connect(String token, ConnectOptions options) {
        return track(ProtocolClient.connect(server.url(), token, options));
    }

    /**
     * Connects and waits for the join sequence: the JoinResponse and the first subscriber offer (which a
     * signal-only client leaves unanswered), so that later messages belong to what the test does next.
     */
    public ProtocolClient join(String room, String identity) {
        ProtocolClient client = connect(room, identity);
        client.await(SignalResponse.MessageCase.JOIN);
        client.await(SignalResponse.MessageCase.OFFER);
        return client;
    }

    /** Joins with media and waits until the subscriber PC is connected. */
    public ProtocolClient joinWithMedia(String room, String identity) {
        return joinWithMediaToken(server.token(room, identity), identity);
    }

    /** Joins with media using {@code token} (e.g. one with restricted grants). */
    public ProtocolClient joinWithMediaToken(String token, String name) {
        ClientMedia media = media(name);
        ProtocolClient client = connect(token, ConnectOptions.defaults());
        media.attach(client);
        client.await(SignalResponse.MessageCase.JOIN);
        media.awaitState(SignalTarget.SUBSCRIBER, PeerState.CONNECTED);
        return client;
    }

    /** Opens client media that this testbed closes. */
    public ClientMedia media(String name) {
        ClientMedia media = ClientMedia.open(name);
        medias.add(media);
        return media;
    }

    /** {@link ProtocolClient#resume()}, closed by this testbed. */
    public ProtocolClient resume(ProtocolClient client) {
        return track(client.resume());
    }

    /** {@link ProtocolClient#rejoin()}, closed by this testbed. */
    public ProtocolClient rejoin(ProtocolClient client) {
        return track(client.rejoin());
    }

    public ProtocolClient track(ProtocolClient client) {
        clients.add(client);
        return client;
    }

    public HttpProbe http() {
        return new HttpProbe(server.httpUrl());
    }

    /** Applies a fault through {@code driver} and checks that it was accepted. */
    public void fault(Driver driver, String room, String identity, Fault fault) {
        int status = driver.apply(server, room, identity, fault);
        if (status != 200) {
            throw new AssertionError("fault " + fault + " via " + driver + " answered " + status);
        }
    }

    public void fault(String room, String identity, Fault fault) {
        fault(Driver.JAVA, room, identity, fault);
    }

    /** Closes every client and media and drops every room and fault. */
    public void reset() {
        for (ProtocolClient client : clients) {
            quietly(client::close);
        }
        clients.clear();
        for (ClientMedia media : medias) {
            quietly(media::close);
        }
        medias.clear();
        server.reset().block(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        reset();
        server.close().block(Duration.ofSeconds(30));
    }

    private static void quietly(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | AssertionError e) {
            LOG.warn("clean-up step failed: {}", e.toString());
        }
    }
}
