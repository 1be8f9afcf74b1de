package io.rekko.it;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Rekko node in its own JVM process, started like {@code bin/rekko server} with the test
 * classpath, on a free port. Ready when it answers PING (polled with a deadline).
 */
final class NodeProcess implements AutoCloseable {
    final int port;
    final Process process;
    final Path log;

    private NodeProcess(int port, Process process, Path log) {
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static NodeProcess start(String... extraArgs) throws Exception {
        return startOn(freePort(), extraArgs);
    }

    /**
     * A cluster-mode node on {@code port} with its folder {@code dir} (node config, log) and a
     * free cluster bus port; restarting it with the same port and folder brings back the same node.
     */
    static NodeProcess startClusterNode(int port, int busPort, Path dir, String... extraArgs) throws Exception {
        Files.createDirectories(dir);
        List<String> args = new ArrayList<>(List.of("--cluster-enabled", "yes", "--cluster-port", String.valueOf(busPort),
                "--cluster-node-timeout", "3000", "--dir", dir.toString()));
        args.addAll(List.of(extraArgs));
        NodeProcess n = startOn(port, args.toArray(String[]::new));
        n.awaitClusterReady();
        return n;
    }

    /** Polls until CLUSTER MYID answers an id (the node has loaded its cluster configuration). */
    void awaitClusterReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (cli("CLUSTER", "MYID").trim().length() == 40) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.onSpinWait();
        }
        throw new IllegalStateException("cluster mode did not start: " + Files.readString(log));
    }

    /** Runs redis-cli against this node with these arguments; returns its output. */
    String cli(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(redisCli(), "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static NodeProcess startOn(int port, String... extraArgs) throws Exception {
        Path log = Files.createTempFile("rekko-node-" + port, ".log");
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:+UseParallelGC",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "io.rekko.node.Main", "server", "--port", String.valueOf(port), "--bind", "127.0.0.1"));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        NodeProcess node = new NodeProcess(port, p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("node exited: " + Files.readString(log));
            }
            if (node.pings()) {
                return node;
            }
            Thread.onSpinWait();
        }
        node.close();
        throw new IllegalStateException("node did not answer PING within 30 s: " + Files.readString(log));
    }

    /** True when the node answers +PONG on a fresh connection. */
    boolean pings() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[7];
            int n = in.readNBytes(buf, 0, 7);
            return n == 7 && new String(buf, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String redisCli() {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (new File(dir, "redis-cli").canExecute()) {
                return new File(dir, "redis-cli").getPath();
            }
        }
        throw new IllegalStateException("redis-cli is not installed (.ci/run installs redis-tools)");
    }
}
