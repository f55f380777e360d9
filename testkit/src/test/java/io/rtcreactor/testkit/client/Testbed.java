package io.rtcreactor.testkit.client;

import io.rtcreactor.engine.proto.SignalResponse;
import io.rtcreactor.engine.proto.SignalTarget;
import io.rtcreactor.engine.rtc.PeerState;
import io.rtcreactor.testkit.LoopbackServer;
import io.rtcreactor.testkit.TestkitOptions;
import io.rtcreactor.testkit.fault.Fault;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One in-process testkit and the clients a test made against it. {@link #reset()} closes every client and media
 * and drops every room and fault, so that a test class can share one server between its tests.
 */
public final class Testbed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Testbed.class);

    public final LoopbackServer server;
    private final List<ProtocolClient> clients = new CopyOnWriteArrayList<>();
    private final List<ClientMedia> medias = new CopyOnWriteArrayList<>();

    private Testbed(LoopbackServer server) {
        this.server = server;
    }

    public static Testbed start(TestkitOptions options) {
        return new Testbed(LoopbackServer.start(options).block(Duration.ofSeconds(30)));
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
