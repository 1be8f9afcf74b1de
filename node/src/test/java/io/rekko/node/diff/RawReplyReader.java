package io.rekko.node.diff;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Reads exactly one complete RESP2 or RESP3 reply (push messages included) from a stream and
 * returns its raw bytes, unparsed, so that two servers' replies compare byte for byte.
 *
 * <p>Frames: simple {@code + - : _ , # (}; bulk {@code $ ! =} (length -1 is the RESP2 null);
 * aggregates {@code * ~ >} of n elements, {@code %} of n pairs, and an attribute {@code |}
 * that precedes the reply it annotates. A timeout or an end of stream in the middle of a
 * reply is reported as a marker appended to the bytes read so far, never as an exception,
 * so that the difference shows in the comparison.
 */
final class RawReplyReader {
    static final String TIMEOUT = "<no reply: timeout>";
    static final String CLOSED = "<connection closed>";

    private final InputStream in;

    RawReplyReader(InputStream in) {
        this.in = in;
    }

    /** One complete reply, or the bytes read before a timeout/EOF followed by a marker. */
    byte[] readReply() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            readFrame(out);
        } catch (SocketTimeoutException e) {
            out.writeBytes(TIMEOUT.getBytes(StandardCharsets.US_ASCII));
        } catch (EOFException | java.net.SocketException e) {
            // EOF, or a reset after the server closed: the client sees a closed connection
            out.writeBytes(CLOSED.getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    private void readFrame(ByteArrayOutputStream out) throws IOException {
        byte type = (byte) read();
        out.write(type);
        String header = readLine(out);
        switch (type) {
            case '+', '-', ':', '_', ',', '#', '(' -> {
                // the line is the whole frame
            }
            case '$', '!', '=' -> {
                long len = parseLength(header);
                if (len >= 0) {
                    copy(out, len + 2);
                }
            }
            case '*', '~', '>' -> {
                long n = parseLength(header);
                for (long i = 0; i < n; i++) {
                    readFrame(out);
                }
            }
            case '%' -> {
                long n = parseLength(header);
                for (long i = 0; i < 2 * n; i++) {
                    readFrame(out);
                }
            }
            case '|' -> {
                long n = parseLength(header);
                for (long i = 0; i < 2 * n; i++) {
                    readFrame(out);
                }
                readFrame(out);
            }
            default -> out.writeBytes("<not a RESP type byte>".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static long parseLength(String header) throws IOException {
        try {
            return Long.parseLong(header);
        } catch (NumberFormatException e) {
            throw new IOException("bad RESP length line: " + header);
        }
    }

    /** Reads up to and including CRLF, copying it to out; returns the line without CRLF. */
    private String readLine(ByteArrayOutputStream out) throws IOException {
        StringBuilder sb = new StringBuilder();
        int prev = -1;
        while (true) {
            int c = read();
            out.write(c);
            if (prev == '\r' && c == '\n') {
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) c);
            prev = c;
        }
    }

    private void copy(ByteArrayOutputStream out, long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException();
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    private int read() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new EOFException();
        }
        return c;
    }

    /**
     * Everything the server sends until it closes the connection (then {@link #CLOSED} is
     * appended) or stays quiet for {@code quietMs}; used for raw protocol cases.
     */
    static byte[] drain(java.net.Socket socket, InputStream in, int quietMs, int normalTimeoutMs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        socket.setSoTimeout(quietMs);
        byte[] buf = new byte[8192];
        try {
            while (true) {
                int r = in.read(buf);
                if (r < 0) {
                    out.writeBytes(CLOSED.getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                out.write(buf, 0, r);
            }
        } catch (SocketTimeoutException quiet) {
            // quiet for quietMs: the answer is complete
        } catch (IOException reset) {
            // a reset after a protocol error is a close as far as the client can tell
            out.writeBytes(CLOSED.getBytes(StandardCharsets.US_ASCII));
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(normalTimeoutMs);
            }
        }
        return out.toByteArray();
    }

    /** Discards what the server sends until it closes the connection or timeoutMs pass. */
    static void drainUntilClosed(java.net.Socket socket, InputStream in, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] buf = new byte[8192];
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return;
                }
                socket.setSoTimeout((int) left);
                if (in.read(buf) < 0) {
                    return;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // timed out or reset: the caller closes the socket anyway
        }
    }
}
