package io.rtcreactor.testkit.media;

import io.rtcreactor.engine.internal.rtc.IceCandidate;
import io.rtcreactor.engine.internal.rtc.Sdp;
import io.rtcreactor.engine.proto.SignalTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP relay in front of the server's peer connections, so that the testkit can make a participant's media
 * stop on command ({@code black_hole_media}: "the server side stops answering connectivity checks for this
 * participant, so its PCs fail") the way a network does, without touching the peer connections.
 *
 * <p>How: every UDP host candidate the server's PCs gather is replaced, in trickles and in SDP, by a port of
 * the relay on the same address; the client's own candidates are kept away from the server's PCs (not added, and
 * stripped from its SDP), so the server learns the client only through the relay, as a peer-reflexive candidate.
 * Every packet then passes through here, and a black-holed participant's packets are dropped both ways. One
 * selector thread moves all packets; it never touches a peer connection.
 *
 * <p>{@link #dropPath} makes a participant's current path die as it would if its server node were gone (the
 * {@code migrate} fault with {@code old_path: drop}): every relay port it has is closed, so nothing reaches the
 * server's old ports any more and nothing comes back from them; ports opened afterwards, for the candidates the
 * server gathers for its ICE restart, are a new <b>path generation</b>. The relay notes when the first packet of
 * each generation passed in each direction, per server PC, so that tests can see when a new path really carried
 * traffic.
 */
public final class MediaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    private static final Pattern SDP_CANDIDATE = Pattern.compile(
            "^a=candidate:(\\S+) (\\d+) (udp|UDP) (\\d+) (\\S+) (\\d+) typ host(.*)$");
    private static final Pattern CANDIDATE = Pattern.compile(
            "^candidate:(\\S+) (\\d+) (udp|UDP) (\\d+) (\\S+) (\\d+) typ host(.*)$");

    /** One relay port: the server's real address behind it, and one back channel per client address. */
    private static final class Port {
        final String participant;
        final SignalTarget target;
        final int generation;
        final InetSocketAddress server;
        final DatagramChannel front;
        final Map<InetSocketAddress, DatagramChannel> backs = new ConcurrentHashMap<>();

        Port(String participant, SignalTarget target, int generation, InetSocketAddress server,
             DatagramChannel front) {
            this.participant = participant;
            this.target = target;
            this.generation = generation;
            this.server = server;
            this.front = front;
        }
    }

    /**
     * When a path of a participant first carried a packet: {@code toServer} from the client, {@code toClient} from
     * the server; and the first media packet (SRTP or SRTCP, told apart from STUN and DTLS by its first byte,
     * 128–191, as RFC 7983 demultiplexes), which on a new path follows its connectivity checks. Null until then.
     */
    public record FirstPackets(Instant toServer, Instant toClient, Instant mediaToServer, Instant mediaToClient) {
    }

    private record Back(Port port, InetSocketAddress client) {
    }

    private final Clock clock;
    private final Selector selector;
    private final Thread thread;
    private final Map<String, Port> byServerAddress = new ConcurrentHashMap<>();
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();
    private final Queue<DatagramChannel> toRegister = new ConcurrentLinkedQueue<>();
    private final Queue<Port> toClose = new ConcurrentLinkedQueue<>();
    private final Map<DatagramChannel, Port> portsByChannel = new ConcurrentHashMap<>();
    private final Map<String, Integer> pathGenerations = new ConcurrentHashMap<>();
    private final Map<String, Instant> firstPackets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> mediaPacketsIn = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> packetsIn = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public MediaRelay(Clock clock) {
        this.clock = clock;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the media relay's selector", e);
        }
        this.thread = new Thread(this::loop, "testkit-media-relay");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** The gate a participant's media uses: all its candidates pass through the relay. */
    public CandidateGate gateFor(String participant) {
        return new CandidateGate() {
            @Override
            public IceCandidate outgoing(SignalTarget target, IceCandidate candidate) {
                Matcher m = CANDIDATE.matcher(candidate.candidate());
                if (!m.matches()) {
                    return null;
                }
                int port = relayPort(participant, target, m.group(5), Integer.parseInt(m.group(6)));
                String line = "candidate:" + m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4)
                        + " " + m.group(5) + " " + port + " typ host" + m.group(7);
                return new IceCandidate(line, candidate.sdpMid(), candidate.sdpMLineIndex(),
                        candidate.usernameFragment());
            }

            @Override
            public Sdp outgoing(SignalTarget target, Sdp description) {
                StringBuilder out = new StringBuilder();
                for (String line : description.sdp().split("\r\n", -1)) {
                    Matcher m = SDP_CANDIDATE.matcher(line);
                    if (m.matches()) {
                        int port = relayPort(participant, target, m.group(5), Integer.parseInt(m.group(6)));
                        line = "a=candidate:" + m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4)
                                + " " + m.group(5) + " " + port + " typ host" + m.group(7);
                    } else if (line.startsWith("a=candidate:")) {
                        continue;
                    }
                    out.append(line).append("\r\n");
                }
                return new Sdp(description.type(), out.substring(0, out.length() - 2));
            }

            @Override
            public boolean acceptRemote(SignalTarget target, IceCandidate candidate) {
                // The server must reach the client only through the relay.
                return false;
            }

            @Override
            public Sdp incoming(Sdp description) {
                StringBuilder out = new StringBuilder();
                for (String line : description.sdp().split("\r\n", -1)) {
                    if (!line.startsWith("a=candidate:") && !line.equals("a=end-of-candidates")) {
                        out.append(line).append("\r\n");
                    }
                }
                return new Sdp(description.type(), out.substring(0, out.length() - 2));
            }
        };
    }

    /** Drops every packet of {@code participant} for {@code duration}, or until {@link #unblockIfUntilResume} if null. */
    public void block(String participant, Duration duration) {
        blockedUntil.put(participant, duration == null ? Instant.MAX : clock.instant().plus(duration));
        LOG.info("media of {} black-holed {}", participant, duration == null ? "until it resumes or rejoins"
                : "for " + duration.toMillis() + " ms");
    }

    /** Lifts a black hole that was to last until the participant's next resume. */
    public void unblockIfUntilResume(String participant) {
        blockedUntil.remove(participant, Instant.MAX);
    }

    /**
     * The participant's path as it is now dies for good: its relay ports close (what the server's old ports send
     * goes nowhere, what the client sends to them is refused). Ports for candidates the server gathers from now on
     * form the next path generation. Returns that generation.
     */
    public int dropPath(String participant) {
        int next = pathGenerations.merge(participant, 1, Integer::sum);
        byServerAddress.values().removeIf(port -> {
            if (port.participant.equals(participant)) {
                closeQuietly(port);
                return true;
            }
            return false;
        });
        LOG.info("media path of {} dropped (the old node is gone); path generation {} from now on", participant, next);
        return next;
    }

    /** The participant's current path generation (0 until its path was first dropped). */
    public int pathGeneration(String participant) {
        return pathGenerations.getOrDefault(participant, 0);
    }

    /** When path {@code generation} of {@code participant}'s server PC {@code target} first carried each way. */
    public FirstPackets firstPackets(String participant, int generation, SignalTarget target) {
        String key = participant + "/" + generation + "/" + target;
        return new FirstPackets(firstPackets.get(key + "/in"), firstPackets.get(key + "/out"),
                firstPackets.get(key + "/in/media"), firstPackets.get(key + "/out/media"));
    }

    /** Closes the relay ports of a participant that is gone. */
    public void forget(String participant) {
        blockedUntil.remove(participant);
        pathGenerations.remove(participant);
        mediaPacketsIn.remove(participant);
        packetsIn.remove(participant);
        firstPackets.keySet().removeIf(key -> key.startsWith(participant + "/"));
        byServerAddress.values().removeIf(port -> {
            if (port.participant.equals(participant)) {
                closeQuietly(port);
                return true;
            }
            return false;
        });
    }

    private int relayPort(String participant, SignalTarget target, String address, int serverPort) {
        String key = participant + "/" + address + ":" + serverPort;
        Port port = byServerAddress.computeIfAbsent(key, k -> open(participant, target, address, serverPort));
        return ((InetSocketAddress) localAddress(port.front)).getPort();
    }

    private Port open(String participant, SignalTarget target, String address, int serverPort) {
        try {
            InetAddress host = InetAddress.getByName(address);
            DatagramChannel front = DatagramChannel.open();
            front.bind(new InetSocketAddress(host, 0));
            front.configureBlocking(false);
            Port port = new Port(participant, target, pathGeneration(participant),
                    new InetSocketAddress(host, serverPort), front);
            front.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 1 << 20);
            // Known before the selector thread can see it: a channel it finds without its port is never read.
            portsByChannel.put(front, port);
            toRegister.add(front);
            selector.wakeup();
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a media relay port on " + address, e);
        }
    }

    private void loop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        while (running) {
            try {
                selector.select(250);
                Port dead;
                while ((dead = toClose.poll()) != null) {
                    closeChannels(dead);
                }
                DatagramChannel pending;
                while ((pending = toRegister.poll()) != null) {
                    Port port = portsByChannel.get(pending);
                    if (port != null && pending.isOpen()) {
                        pending.register(selector, SelectionKey.OP_READ, port);
                    }
                }
                for (SelectionKey key : List.copyOf(selector.selectedKeys())) {
                    selector.selectedKeys().remove(key);
                    if (key.isValid() && key.isReadable()) {
                        relay((DatagramChannel) key.channel(), key.attachment(), buffer);
                    }
                }
            } catch (ClosedSelectorException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.debug("media relay: {}", e.toString());
            }
        }
    }

    private void relay(DatagramChannel channel, Object attachment, ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
            if (from == null) {
                return;
            }
            buffer.flip();
            Port owner = attachment instanceof Port port ? port : ((Back) attachment).port();
            if (!portsByChannel.containsKey(owner.front)) {
                continue;
            }
            if (attachment instanceof Port port) {
                if (blocked(port.participant)) {
                    continue;
                }
                DatagramChannel back = port.backs.computeIfAbsent(from, client -> openBack(port, client));
                int first = buffer.hasRemaining() ? buffer.get(0) & 0xff : 0;
                back.send(buffer, port.server);
                noteFirst(port, "in", first);
            } else if (attachment instanceof Back back) {
                if (blocked(back.port().participant)) {
                    continue;
                }
                int first = buffer.hasRemaining() ? buffer.get(0) & 0xff : 0;
                back.port().front.send(buffer, back.client());
                noteFirst(back.port(), "out", first);
            }
        }
    }

    private DatagramChannel openBack(Port port, InetSocketAddress client) {
        try {
            DatagramChannel back = DatagramChannel.open();
            back.bind(new InetSocketAddress(port.server.getAddress(), 0));
            back.configureBlocking(false);
            back.register(selector, SelectionKey.OP_READ, new Back(port, client));
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * SRTP/SRTCP packets (first byte 128–191, RFC 7983) that reached the server from {@code participant} through
     * the relay so far, on every path: what the testkit's connection quality scores.
     */
    public long mediaPacketsFrom(String participant) {
        LongAdder count = mediaPacketsIn.get(participant);
        return count == null ? 0 : count.sum();
    }

    /** Packets of any kind (STUN, DTLS, SRTP…) that reached the server from {@code participant} so far. */
    public long packetsFrom(String participant) {
        LongAdder count = packetsIn.get(participant);
        return count == null ? 0 : count.sum();
    }

    private void noteFirst(Port port, String direction, int firstByte) {
        if (direction.equals("in")) {
            packetsIn.computeIfAbsent(port.participant, k -> new LongAdder()).increment();
            if (firstByte >= 128 && firstByte <= 191) {
                mediaPacketsIn.computeIfAbsent(port.participant, k -> new LongAdder()).increment();
            }
        }
        String key = port.participant + "/" + port.generation + "/" + port.target + "/" + direction;
        if (!firstPackets.containsKey(key)) {
            firstPackets.putIfAbsent(key, clock.instant());
        }
        if (firstByte >= 128 && firstByte <= 191 && !firstPackets.containsKey(key + "/media")) {
            firstPackets.putIfAbsent(key + "/media", clock.instant());
        }
    }

    private boolean blocked(String participant) {
        Instant until = blockedUntil.get(participant);
        if (until == null) {
            return false;
        }
        if (until != Instant.MAX && !clock.instant().isBefore(until)) {
            blockedUntil.remove(participant, until);
            return false;
        }
        return true;
    }

    private static java.net.SocketAddress localAddress(DatagramChannel channel) {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The port stops relaying at once (the selector thread skips a port it no longer knows) and its channels are
     * closed by the selector thread: closing a channel takes a lock that thread may hold in {@code receive}, and
     * the caller is the server's lane, which must never wait (BlockHound caught it in 1 of 82 integration tests).
     */
    private void closeQuietly(Port port) {
        portsByChannel.remove(port.front);
        toClose.add(port);
        selector.wakeup();
    }

    private static void closeChannels(Port port) {
        List<DatagramChannel> all = new ArrayList<>(port.backs.values());
        all.add(port.front);
        for (DatagramChannel channel : all) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        running = false;
        byServerAddress.values().forEach(port -> {
            portsByChannel.remove(port.front);
            closeChannels(port);
        });
        byServerAddress.clear();
        toClose.forEach(MediaRelay::closeChannels);
        toClose.clear();
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
