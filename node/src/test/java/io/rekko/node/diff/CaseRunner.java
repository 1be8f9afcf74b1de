package io.rekko.node.diff;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the steps of one {@link DiffCase} against one server and records, for every compared
 * step, the raw bytes the server answered. Connections are opened on first use and closed at
 * the end of the case.
 */
final class CaseRunner {
    static final int REPLY_TIMEOUT_MS = 3000;
    static final int RAW_QUIET_MS = 200;

    private final String host;
    private final int port;

    CaseRunner(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** FLUSHALL on a fresh connection; the reply is not checked (it is not what a case tests). */
    /**
     * Makes a fresh cluster-mode server a 1-node cluster: all slots on itself, then waits (20 s
     * at most) until CLUSTER INFO says cluster_state:ok.
     */
    void serveAllSlots() throws IOException {
        try (Conn c = open()) {
            c.send(List.of(bytes("CLUSTER"), bytes("ADDSLOTSRANGE"), bytes("0"), bytes("16383")));
            c.reader.readReply();
        }
        org.awaitility.Awaitility.await("cluster_state:ok").atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> {
                    try (Conn c = open()) {
                        c.send(List.of(bytes("CLUSTER"), bytes("INFO")));
                        return new String(c.reader.readReply(), StandardCharsets.ISO_8859_1).contains("cluster_state:ok");
                    }
                });
    }

    void flushAll() throws IOException {
        try (Conn c = open()) {
            c.send(List.of(bytes("FLUSHALL")));
            c.reader.readReply();
        }
    }

    /** Polls PTTL of each key until all answer -2 (expired), within a 10 s deadline. */
    private static void awaitExpiry(Conn c, List<byte[]> keys) throws IOException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        for (byte[] key : keys) {
            while (true) {
                c.send(List.of(bytes("PTTL"), key));
                if (new String(c.reader.readReply(), java.nio.charset.StandardCharsets.US_ASCII).equals(":-2\r\n")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("key did not expire within 10 s");
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Runs the case and returns one entry per step: the raw answer of a compared step, null
     * for the others.
     */
    List<byte[]> run(DiffCase cse) throws IOException, InterruptedException {
        Map<Integer, Conn> conns = new HashMap<>();
        List<byte[]> results = new ArrayList<>();
        int current = 1;
        try {
            for (DiffCase.Step step : cse.steps()) {
                byte[] result = null;
                switch (step.kind()) {
                    case CONN -> current = step.n();
                    case AWAIT_EXPIRY -> awaitExpiry(conn(conns, current), step.args());
                    case RESP3 -> {
                        Conn c = conn(conns, current);
                        c.send(List.of(bytes("HELLO"), bytes("3")));
                        c.reader.readReply();
                    }
                    case COMMAND, SKIP_REPLY -> {
                        Conn c = conn(conns, current);
                        c.send(step.args());
                        byte[] reply = c.reader.readReply();
                        if (step.kind() == DiffCase.Kind.COMMAND) {
                            result = reply;
                        }
                    }
                    case NO_REPLY -> conn(conns, current).send(step.args());
                    case READ -> result = conn(conns, current).reader.readReply();
                    case RAW -> {
                        Conn c = conn(conns, current);
                        c.sendRaw(step.bytes());
                        result = RawReplyReader.drain(c.socket, c.in, RAW_QUIET_MS, REPLY_TIMEOUT_MS);
                    }
                }
                results.add(result);
            }
        } finally {
            for (Conn c : conns.values()) {
                c.close();
            }
        }
        return results;
    }

    private Conn conn(Map<Integer, Conn> conns, int n) throws IOException {
        Conn c = conns.get(n);
        if (c == null) {
            c = open();
            c.send(List.of(bytes("HELLO"), bytes("2")));
            c.reader.readReply();
            conns.put(n, c);
        }
        return c;
    }

    private Conn open() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), REPLY_TIMEOUT_MS);
        s.setTcpNoDelay(true);
        s.setSoTimeout(REPLY_TIMEOUT_MS);
        return new Conn(s);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes arguments as a RESP array of bulk strings. */
    static byte[] encode(List<byte[]> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    private static final class Conn implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final RawReplyReader reader;

        Conn(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.reader = new RawReplyReader(in);
        }

        void send(List<byte[]> args) throws IOException {
            sendRaw(encode(args));
        }

        void sendRaw(byte[] bytes) throws IOException {
            try {
                out.write(bytes);
                out.flush();
            } catch (java.net.SocketException closed) {
                // the server closed the connection; the next read reports it
            }
        }

        /**
         * Closes with QUIT and waits (1 s at most) for the server to close its side, so that
         * the server has dropped this client's subscriptions and watched keys before the
         * next case starts; then closes the socket.
         */
        @Override
        public void close() {
            try {
                if (!socket.isClosed() && !socket.isInputShutdown()) {
                    send(List.of(bytes("QUIT")));
                    RawReplyReader.drainUntilClosed(socket, in, 1000);
                }
            } catch (IOException ignored) {
                // already closed by the server
            }
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing after the case: nothing to report
            }
        }
    }
}
