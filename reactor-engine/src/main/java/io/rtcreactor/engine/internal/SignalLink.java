package io.rtcreactor.engine.internal;

import io.rtcreactor.engine.internal.signal.Keepalive;
import io.rtcreactor.engine.internal.signal.SignalChannel;
import io.rtcreactor.engine.internal.signal.SignalClosed;
import io.rtcreactor.engine.internal.signal.SignalConnection;
import io.rtcreactor.engine.internal.signal.SignalConnector;
import io.rtcreactor.engine.internal.signal.SignalFrame;
import io.rtcreactor.engine.proto.DisconnectReason;
import io.rtcreactor.engine.proto.LeaveRequest;
import io.rtcreactor.engine.proto.Ping;
import io.rtcreactor.engine.proto.SignalRequest;
import io.rtcreactor.engine.signal.SignalLostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

/**
 * The session's signal connections, one per epoch, and what goes out on them. Lane-confined.
 *
 * <p>Outgoing requests are of two kinds (as in LiveKit's clients):
 * <ul>
 *   <li><b>negotiation</b> (offer, answer, trickle, sync_state, leave, ping): sent on the newest open connection;
 *       with none open they wait, in order, and go out first on the next one;</li>
 *   <li><b>queued</b> (add_track, mute, subscription, …): while the session recovers they wait in a bounded queue,
 *       in order, and are flushed only once it has recovered (FAULTS.md F1, F18).</li>
 * </ul>
 * Keepalive: {@code ping_req} every interval; the link is lost when no message of any kind arrived for the timeout
 * (protocol: "The signal link is dead when no message of any kind arrives for ping_timeout").
 */
final class SignalLink {

    private static final Logger LOG = LoggerFactory.getLogger(SignalLink.class);

    /** What the link reports; always on the lane. */
    interface Listener {
        void opened(int epoch);

        void openFailed(int epoch, Throwable error);

        void frame(int epoch, SignalFrame frame);

        void lost(int epoch, Throwable cause);
    }

    private final class Link {
        final int epoch;
        final SignalChannel connection;
        Disposable inbound;
        Keepalive keepalive;
        boolean retired;

        Link(int epoch, SignalChannel connection) {
            this.epoch = epoch;
            this.connection = connection;
        }
    }

    private final String name;
    private final SignalConnector client;
    private final Scheduler lane;
    private final int queueLimit;
    private final Listener listener;
    private final FlightRecorder recorder;
    private final io.rtcreactor.engine.metrics.EngineMetrics metrics;
    private final Map<Integer, Link> links = new HashMap<>();
    private final Map<Integer, Disposable> opening = new HashMap<>();
    private final Deque<SignalRequest> pendingNegotiation = new ArrayDeque<>();
    private final Deque<SignalRequest> gapQueue = new ArrayDeque<>();
    private int sendEpoch;
    private boolean holding;

    SignalLink(String name, SignalConnector client, Scheduler lane, int queueLimit, Listener listener,
               FlightRecorder recorder) {
        this(name, client, lane, queueLimit, listener, recorder, io.rtcreactor.engine.metrics.EngineMetrics.NONE);
    }

    SignalLink(String name, SignalConnector client, Scheduler lane, int queueLimit, Listener listener,
               FlightRecorder recorder, io.rtcreactor.engine.metrics.EngineMetrics metrics) {
        this.metrics = metrics;
        this.recorder = recorder;
        this.name = name;
        this.client = client;
        this.lane = lane;
        this.queueLimit = queueLimit;
        this.listener = listener;
    }

    /** Opens connection {@code epoch}; reports {@code opened} or {@code openFailed}. */
    void open(int epoch, SignalConnection.Target target, Duration initialTimeout) {
        Disposable attempt = client.connect(target)
                .publishOn(lane)
                .subscribe(connection -> {
                    opening.remove(epoch);
                    Link link = new Link(epoch, connection);
                    links.put(epoch, link);
                    sendEpoch = epoch;
                    // Each frame carries when it arrived, so the lane can report how long it waited (its latency).
                    link.inbound = connection.inbound().map(frame -> new Arrival(frame, SystemClock.nanos()))
                            .publishOn(lane).subscribe(
                            arrival -> {
                                metrics.laneLatency(java.time.Duration.ofNanos(SystemClock.nanos() - arrival.at()));
                                onFrame(link, arrival.frame());
                            },
                            error -> lostLink(link, error),
                            () -> connection.closed().publishOn(lane).subscribe(closed -> lostLink(link, closed)));
                    keepalive(epoch, null, initialTimeout);
                    listener.opened(epoch);
                }, error -> {
                    opening.remove(epoch);
                    listener.openFailed(epoch, error);
                });
        opening.put(epoch, attempt);
    }

    /** Sets keepalive for a link; {@code interval} null means liveness only. */
    void keepalive(int epoch, Duration interval, Duration timeout) {
        Link link = links.get(epoch);
        if (link == null) {
            return;
        }
        if (link.keepalive != null) {
            link.keepalive.stop();
        }
        link.keepalive = new Keepalive(lane, interval, timeout, rtt -> ping(link, rtt), cause -> lostLink(link, cause));
        link.keepalive.start();
    }

    /** A pong came back on {@code epoch} for a ping sent at {@code sentAtMillis}. */
    void pong(int epoch, long sentAtMillis) {
        Link link = links.get(epoch);
        if (link != null && link.keepalive != null) {
            link.keepalive.pong(sentAtMillis);
        }
    }

    /** True if {@code epoch} is open and not retired. */
    boolean isOpen(int epoch) {
        Link link = links.get(epoch);
        return link != null && !link.retired && link.connection.isOpen();
    }

    /** Closes a connection the session no longer uses; its end is not reported as a loss. */
    void retire(int epoch, boolean sayGoodbye) {
        Disposable attempt = opening.remove(epoch);
        if (attempt != null) {
            attempt.dispose();
        }
        Link link = links.remove(epoch);
        if (link == null) {
            return;
        }
        link.retired = true;
        stopTimers(link);
        if (sayGoodbye && link.connection.isOpen()) {
            write(link, SignalRequest.newBuilder().setLeave(LeaveRequest.newBuilder()
                    .setAction(LeaveRequest.Action.DISCONNECT).setReason(DisconnectReason.CLIENT_INITIATED)).build());
        }
        link.connection.close();
        if (link.inbound != null) {
            link.inbound.dispose();
        }
        if (sendEpoch == epoch) {
            sendEpoch = 0;
        }
        LOG.debug("{}: signal connection #{} retired", name, epoch);
    }

    /** Sends a negotiation message now, or first thing on the next connection. */
    void send(SignalRequest request) {
        Link link = links.get(sendEpoch);
        if (link == null || link.retired || !link.connection.isOpen()) {
            pendingNegotiation.addLast(request);
            trim(pendingNegotiation);
            return;
        }
        if (!write(link, request)) {
            LOG.warn("{}: signal queue full on #{}; {} kept for the next connection", name, link.epoch,
                    request.getMessageCase());
            pendingNegotiation.addLast(request);
        }
    }

    /** Sends a request that waits while the session recovers. Returns false if the queue is full. */
    boolean request(SignalRequest request) {
        if (holding) {
            if (gapQueue.size() >= queueLimit) {
                return false;
            }
            gapQueue.addLast(request);
            return true;
        }
        send(request);
        return true;
    }

    /** From now until {@link #release()}, queued requests wait. */
    void hold() {
        holding = true;
    }

    /** Sends every waiting request, in order. */
    void release() {
        holding = false;
        while (!gapQueue.isEmpty()) {
            send(gapQueue.removeFirst());
        }
    }

    /** Sends the negotiation messages that waited for a connection, in order. */
    void flushPending() {
        while (!pendingNegotiation.isEmpty() && links.containsKey(sendEpoch)) {
            SignalRequest next = pendingNegotiation.removeFirst();
            write(links.get(sendEpoch), next);
        }
    }

    /** Forgets waiting negotiation messages (they belonged to transports that are gone) and queued requests. */
    void dropWaiting() {
        pendingNegotiation.clear();
        gapQueue.clear();
    }

    /** Closes everything (disconnect), saying goodbye on the connection in use if it is open. */
    void closeAll(boolean sayGoodbye) {
        int goodbyeOn = sendEpoch;
        for (Integer epoch : java.util.List.copyOf(links.keySet())) {
            retire(epoch, sayGoodbye && epoch == goodbyeOn);
        }
        for (Disposable attempt : opening.values()) {
            attempt.dispose();
        }
        opening.clear();
        dropWaiting();
    }

    /** A frame and the moment it came off the network ({@link SystemClock#nanos()}). */
    private record Arrival(SignalFrame frame, long at) {
    }

    private void onFrame(Link link, SignalFrame frame) {
        if (link.retired) {
            return;
        }
        if (link.keepalive != null) {
            link.keepalive.heard();
        }
        if (frame instanceof SignalFrame.Message message) {
            recorder.received(link.epoch, message.response());
        }
        listener.frame(link.epoch, frame);
    }

    private void lostLink(Link link, Object why) {
        if (link.retired || links.get(link.epoch) != link) {
            return;
        }
        links.remove(link.epoch);
        stopTimers(link);
        if (sendEpoch == link.epoch) {
            sendEpoch = 0;
        }
        Throwable cause = why instanceof Throwable t ? t : new SignalLostException(describe(why));
        LOG.info("{}: signal connection #{} lost: {}", name, link.epoch, cause.getMessage());
        listener.lost(link.epoch, cause);
    }

    private static String describe(Object why) {
        if (why instanceof SignalClosed closed) {
            return closed.abrupt() ? "the signal connection dropped without a close frame"
                    : "the server closed the signal connection (" + closed.code() + " " + closed.reason() + ")";
        }
        return String.valueOf(why);
    }

    private void ping(Link link, long rtt) {
        if (link.retired || !link.connection.isOpen()) {
            return;
        }
        write(link, SignalRequest.newBuilder().setPingReq(Ping.newBuilder()
                .setTimestamp(link.keepalive.now()).setRtt(rtt)).build());
    }

    /** Every message that leaves goes through here, into the flight recorder first. */
    private boolean write(Link link, SignalRequest request) {
        recorder.sent(link.epoch, request);
        return link.connection.send(request);
    }

    private void stopTimers(Link link) {
        if (link.keepalive != null) {
            link.keepalive.stop();
        }
    }

    private void trim(Deque<SignalRequest> queue) {
        while (queue.size() > queueLimit) {
            queue.removeFirst();
        }
    }

}
