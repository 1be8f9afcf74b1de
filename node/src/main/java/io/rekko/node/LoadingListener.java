package io.rekko.node;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's port while it starts: every command gets Redis's {@code -LOADING} error, as a
 * redis-server that listens while it loads its data answers. A process launched by {@code
 * bin/rekko server} takes a few seconds to start its actor systems when many nodes share a few
 * cores; clients (and Redis's test harness, which gives a restarted node 5 s) see at once that it
 * is up and retry until it serves. {@link #close} frees the port (and drops these connections)
 * just before the node's own server binds it.
 */
final class LoadingListener implements AutoCloseable {
    private static final byte[] LOADING = "-LOADING Redis is loading the dataset in memory\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    /** Longer lines or bulk lengths end the connection (a starting node reads commands, not data). */
    private static final int MAX_LINE = 64 * 1024;

    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    /** No new connections ({@link #stopAccepting}). */
    private volatile boolean stopped;
    /** The open connections are closed too ({@link #close}). */
    private volatile boolean closed;

    private LoadingListener() {}

    /** Listens on these addresses and port; null when it cannot (the node's server then reports why). */
    static LoadingListener start(List<String> binds, int port) {
        LoadingListener l = new LoadingListener();
        try {
            for (String b : binds) {
                ServerSocket s = new ServerSocket();
                s.setReuseAddress(true);
                l.servers.add(s);
                s.bind(new InetSocketAddress(b, port), 128);
                Thread t = new Thread(() -> l.accept(s), "rekko-loading-listener");
                t.setDaemon(true);
                l.acceptors.add(t);
                t.start();
            }
            return l;
        } catch (IOException | RuntimeException e) {
            l.close();
            return null;
        }
    }

    private void accept(ServerSocket server) {
        while (!stopped) {
            try {
                Socket c = server.accept();
                clients.add(c);
                if (stopped) {
                    c.close();
                    return;
                }
                Thread t = new Thread(() -> serve(c), "rekko-loading-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** Answers each command (multibulk or inline) with -LOADING until the client or this listener goes. */
    private void serve(Socket c) {
        try (c; InputStream in = new BufferedInputStream(c.getInputStream()); OutputStream out = c.getOutputStream()) {
            while (!closed) {
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == '*') {
                    long n = parseLong(readLine(in));
                    for (long i = 0; i < n; i++) {
                        String bulk = readLine(in);
                        if (bulk.isEmpty() || bulk.charAt(0) != '$') {
                            return;
                        }
                        long len = parseLong(bulk.substring(1));
                        if (len < 0 || len > MAX_LINE) {
                            return;
                        }
                        in.skipNBytes(len + 2);
                    }
                } else if (first != '\n') {
                    readLine(in);
                } else {
                    continue;
                }
                out.write(LOADING);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            // the client went, the listener closed, or the input was not RESP: the connection ends
        } finally {
            clients.remove(c);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0 || sb.length() > MAX_LINE) {
                throw new IOException("end of input");
            }
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return sb.toString();
    }

    private static long parseLong(String s) {
        long n = Long.parseLong(s.trim());
        if (n > MAX_LINE) {
            throw new NumberFormatException("too many arguments");
        }
        return n;
    }

    /**
     * Frees the port: no new connections. Returns once the listening sockets are closed for good:
     * a socket closed while a thread waits in accept() is only released when that thread has left
     * it, and the node's server binds the port right after. The connections already open are
     * still answered until {@link #close}: a client that keeps retrying on its connection finds
     * the node's server listening when this one drops it (Redis's test harness pings through one
     * connection, and gives up on a refused reconnect).
     */
    void stopAccepting() {
        stopped = true;
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Frees the port ({@link #stopAccepting}) and closes the connections still open. */
    @Override
    public void close() {
        stopAccepting();
        closed = true;
        for (Socket c : clients) {
            try {
                c.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }
}
