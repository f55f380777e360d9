package io.rtcreactor.testkit.client;

import io.rtcreactor.engine.proto.SignalResponse;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client that shows the frames exactly as they arrive on the TCP connection: no library in between to
 * merge, answer or hide close frames. It speaks just enough of RFC 6455 to join (a masked-free reader; it sends
 * nothing after the handshake) and is for tests of the wire itself, such as "one close frame per close".
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame as read: its opcode (RFC 6455 section 5.2), FIN bit and payload. */
    public record Frame(int opcode, boolean fin, byte[] payload) {

        public static final int BINARY = 0x2;
        public static final int CLOSE = 0x8;
        public static final int PING = 0x9;

        public boolean isClose() {
            return opcode == CLOSE;
        }

        /** The status code of a close frame, or -1 without one. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }

        /** A binary frame decoded as a SignalResponse. */
        public SignalResponse message() {
            try {
                return SignalResponse.parseFrom(payload);
            } catch (IOException e) {
                throw new AssertionError("not a SignalResponse: " + e, e);
            }
        }

        @Override
        public String toString() {
            return switch (opcode) {
                case BINARY -> "binary(" + message().getMessageCase() + ")";
                case CLOSE -> "close(" + closeCode() + ")";
                case PING -> "ping";
                default -> "opcode " + opcode;
            };
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket, DataInputStream in) {
        this.socket = socket;
        this.in = in;
    }

    /** Opens {@code /rtc} on {@code wsUrl} with {@code token} in the query and completes the upgrade handshake. */
    public static RawWebSocket open(String wsUrl, String token, Duration readTimeout) throws IOException {
        URI uri = URI.create(wsUrl);
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) readTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        String key = Base64.getEncoder().encodeToString("rtc-reactor-raw!".getBytes(StandardCharsets.US_ASCII));
        String request = "GET /rtc?" + ConnectOptions.defaults().query(token) + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        String head = readHead(in);
        if (!head.startsWith("HTTP/1.1 101")) {
            socket.close();
            throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        return new RawWebSocket(socket, in);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The next frame; fails if none arrives within the read timeout or the connection has ended. */
    public Frame next() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) != 0) {
            throw new IOException("a server frame must not be masked (RFC 6455 section 5.1)");
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    /** Reads frames until {@code stop} matches one (included). */
    public List<Frame> readUntil(java.util.function.Predicate<Frame> stop) throws IOException {
        List<Frame> frames = new ArrayList<>();
        Frame frame;
        do {
            frame = next();
            frames.add(frame);
        } while (!stop.test(frame));
        return frames;
    }

    /**
     * Reads every frame until the server ends the TCP connection (EOF); fails if it is still open after the read
     * timeout, so a server that never closes is an error, not a hang.
     */
    public List<Frame> readToEnd() throws IOException {
        List<Frame> frames = new ArrayList<>();
        while (true) {
            try {
                frames.add(next());
            } catch (EOFException end) {
                return frames;
            } catch (SocketTimeoutException open) {
                throw new AssertionError("the server kept the connection open after " + frames, open);
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
