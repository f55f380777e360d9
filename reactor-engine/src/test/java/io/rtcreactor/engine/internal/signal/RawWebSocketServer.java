package io.rtcreactor.engine.internal.signal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A one-connection WebSocket server on loopback that writes and reads frames exactly as the test says, with no
 * library in between to merge fragments or answer close frames: for tests of what the engine's client puts on the
 * wire and what it makes of frames a server (or a proxy between) may legally send. RFC 6455 only as far as the
 * tests need; the test thread drives it (blocking I/O, never on a reactive thread).
 */
final class RawWebSocketServer implements AutoCloseable {

    /** One frame from the client, unmasked. */
    record Frame(int opcode, boolean fin, byte[] payload) {
        static final int CONTINUATION = 0x0;
        static final int BINARY = 0x2;
        static final int CLOSE = 0x8;
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket listener;
    private final Duration readTimeout;
    private Socket socket;
    private DataInputStream in;
    private OutputStream out;

    RawWebSocketServer(Duration readTimeout) throws IOException {
        this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.readTimeout = readTimeout;
        listener.setSoTimeout((int) readTimeout.toMillis());
    }

    String url() {
        return "ws://127.0.0.1:" + listener.getLocalPort();
    }

    /** Accepts the one connection and answers its upgrade with 101. */
    void accept() throws IOException {
        socket = listener.accept();
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        String key = null;
        for (String line : readHead().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        if (key == null) {
            throw new IOException("not a WebSocket upgrade");
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Writes one unmasked frame. */
    void write(int opcode, boolean fin, byte[] payload, int offset, int length) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(length + 10);
        frame.write((fin ? 0x80 : 0) | opcode);
        if (length < 126) {
            frame.write(length);
        } else if (length <= 0xffff) {
            frame.write(126);
            frame.write(length >>> 8);
            frame.write(length & 0xff);
        } else {
            frame.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) length >>> shift) & 0xff));
            }
        }
        frame.write(payload, offset, length);
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Writes {@code message} as a binary frame and continuation frames of {@code piece} bytes each. */
    void writeFragmented(byte[] message, int piece) throws IOException {
        for (int offset = 0; offset < message.length; offset += piece) {
            int length = Math.min(piece, message.length - offset);
            write(offset == 0 ? Frame.BINARY : Frame.CONTINUATION, offset + length >= message.length,
                    message, offset, length);
        }
    }

    /** Writes a close frame with {@code code} and ends this side of the TCP connection. */
    void closeWith(int code) throws IOException {
        write(Frame.CLOSE, true, new byte[] {(byte) (code >>> 8), (byte) code}, 0, 2);
        socket.shutdownOutput();
    }

    /** The next frame from the client; fails after the read timeout. */
    Frame read() throws IOException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        if ((second & 0x80) == 0) {
            throw new IOException("a client frame must be masked (RFC 6455 section 5.1)");
        }
        byte[] mask = new byte[4];
        in.readFully(mask);
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
    }

    /** Every frame until the client ends the connection; fails if it is still open after the read timeout. */
    List<Frame> readToEnd() throws IOException {
        List<Frame> frames = new ArrayList<>();
        while (true) {
            try {
                frames.add(read());
            } catch (EOFException end) {
                return frames;
            } catch (java.net.SocketException reset) {
                // The client closed its socket with our close frame still unread by it: the kernel ends the
                // connection with a reset instead of a FIN. Ended either way; what counts is no frame came first.
                if (String.valueOf(reset.getMessage()).contains("reset")) {
                    return frames;
                }
                throw reset;
            } catch (SocketTimeoutException open) {
                throw new AssertionError("the client kept the connection open after " + frames.size() + " frames",
                        open);
            }
        }
    }

    private String readHead() throws IOException {
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

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
        }
        listener.close();
    }
}
