package io.rekko.node.diff;

import static org.awaitility.Awaitility.await;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server on a free port of 127.0.0.1, the reference of the differential suite.
 * Its absence is an error, never a reason to skip: CI installs it.
 */
final class RedisServerProcess implements AutoCloseable {
    final int port;
    private final Process process;
    private final Path log;

    private RedisServerProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code redis-server} (the system property {@code rekko.diff.redis-server}, else
     * the first one on PATH, else /usr/bin) without persistence and with one database, and
     * waits until it answers PING, for 20 seconds at most.
     */
    static RedisServerProcess start(String... extraArgs) throws IOException {
        String exe = findExecutable();
        int port = freePort();
        Path log = Files.createTempFile("rekko-diff-redis-", ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of(exe, "--port", String.valueOf(port), "--save", "",
                "--appendonly", "no", "--databases", "1", "--bind", "127.0.0.1", "--dir", System.getProperty("java.io.tmpdir")));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisServerProcess server = new RedisServerProcess(port, p, log);
        try {
            await("redis-server answers PING on port " + port)
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new IllegalStateException("redis-server exited with " + p.exitValue()
                                    + ":\n" + Files.readString(log));
                        }
                        return pings(port);
                    });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static String findExecutable() {
        String configured = System.getProperty("rekko.diff.redis-server");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : (path + File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin")
                .split(File.pathSeparator)) {
            File f = new File(dir, "redis-server");
            if (!dir.isEmpty() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw new IllegalStateException("redis-server not found on PATH: the differential suite needs "
                + "redis-server 7.0 (apt-get install redis-server) or -Drekko.diff.redis-server=/path/to/it");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean pings(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(1000);
            OutputStream out = s.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new RawReplyReader(new BufferedInputStream(s.getInputStream())).readReply();
            return Arrays.equals(reply, "+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover temp log is harmless
        }
    }
}
