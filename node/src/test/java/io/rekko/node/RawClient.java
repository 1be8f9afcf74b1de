package io.rekko.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A raw RESP client for golden-reply tests: sends commands, returns each reply's exact bytes. */
final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Encodes arguments as a RESP array. */
    static byte[] encode(byte[]... args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    static byte[][] args(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends one command and returns its reply as a string (ISO-8859-1, byte per char). */
    String call(String... args) throws IOException {
        send(encode(args(args)));
        return readReply();
    }

    String readReply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readOne(b);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private String line(ByteArrayOutputStream b) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            sb.append((char) c);
        }
        in.read();
        b.writeBytes((sb + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return sb.toString();
    }

    private void readOne(ByteArrayOutputStream b) throws IOException {
        String l = line(b);
        char t = l.charAt(0);
        switch (t) {
            case '$', '=', '!' -> {
                int n = Integer.parseInt(l.substring(1));
                if (n >= 0) {
                    b.writeBytes(in.readNBytes(n + 2));
                }
            }
            case '*', '~', '>' -> {
                int n = Integer.parseInt(l.substring(1));
                for (int i = 0; i < n; i++) {
                    readOne(b);
                }
            }
            case '%', '|' -> {
                int n = Integer.parseInt(l.substring(1));
                for (int i = 0; i < 2 * n; i++) {
                    readOne(b);
                }
            }
            default -> { }
        }
    }

    /** True when the server closed the connection (read returns EOF within the timeout). */
    boolean closedByServer() throws IOException {
        socket.setSoTimeout(5_000);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
