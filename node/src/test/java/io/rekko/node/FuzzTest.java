package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated RESP frames, one million of them in batches on fresh connections, against a
 * node in this JVM; afterwards the node still answers PING and every key written before the run
 * is still there with its value. Bounded in time: it stops early (and fails) after 5 minutes.
 */
class FuzzTest {
    private static final int INPUTS = 1_000_000;
    private static final int PER_BATCH = 50;
    private static final int THREADS = 4;
    private static final String[] BASE = {
        "SET fz:a 1", "GET fz:a", "INCR fz:n", "HSET fz:h f v", "HGETALL fz:h", "MSET fz:a 1 fz:b 2",
        "EXPIRE fz:a 100", "APPEND fz:s abc", "GETRANGE fz:s 0 -1", "SETRANGE fz:s 5 x", "MULTI", "EXEC",
        "WATCH fz:a", "DISCARD", "SUBSCRIBE fz:c", "UNSUBSCRIBE", "PUBLISH fz:c m", "HELLO 3", "HELLO 2",
        "PING", "ECHO e", "SCAN 0", "KEYS fz:*", "TTL fz:a", "LCS fz:a fz:s", "INCRBYFLOAT fz:f 1.5",
        "HINCRBYFLOAT fz:h g 2.5", "HRANDFIELD fz:h -5 WITHVALUES", "OBJECT ENCODING fz:s", "COMMAND INFO get",
        "CLIENT SETNAME fz", "SELECT 0", "GETEX fz:a PX 100", "COPY fz:a fz:c", "RENAME fz:c fz:d"
    };

    private static byte[] frame(String cmd) {
        String[] parts = cmd.split(" ");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String p : parts) {
            b.writeBytes(("$" + p.length() + "\r\n" + p + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        return b.toByteArray();
    }

    private static byte[] input(SplittableRandom r) {
        // 10% random bytes, 40% valid frames, 50% mutated frames: most batches run many commands
        // before a protocol error ends their connection
        int kind = r.nextInt(10);
        if (kind == 0) {
            byte[] b = new byte[r.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) r.nextInt(256);
            }
            return b;
        }
        byte[] f = frame(BASE[r.nextInt(BASE.length)]);
        if (kind < 5) {
            return f; // valid
        }
        int mutations = 1 + r.nextInt(3);
        for (int m = 0; m < mutations && f.length > 0; m++) {
            int pos = r.nextInt(f.length);
            switch (r.nextInt(3)) {
                case 0 -> f[pos] = (byte) r.nextInt(256);
                case 1 -> f[pos] = (byte) "*$\r\n-0123456789".charAt(r.nextInt(15));
                default -> f = java.util.Arrays.copyOf(f, pos); // truncate
            }
        }
        return f;
    }

    /** Sends one batch on a fresh connection, reading (and discarding) replies until the server closes it. */
    private static void sendBatch(int port, byte[] batch) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            try {
                out.write(batch);
                s.shutdownOutput();
            } catch (java.io.IOException ignored) {
                // closed early by a protocol error: the rest of the batch is not read
            }
            byte[] buf = new byte[65536];
            try {
                while (in.read(buf) >= 0) {
                    // discard replies
                }
            } catch (java.io.IOException ignored) {
                // reset by the server after a protocol error
            }
        }
    }

    @Test
    void nodeSurvivesAMillionFuzzedInputs() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")))) {
            int port = node.port();
            try (RawClient c = new RawClient(port)) {
                for (int i = 0; i < 1000; i++) {
                    assertThat(c.call("SET", "keep:" + i, "value-" + i)).isEqualTo("+OK\r\n");
                }
                assertThat(c.call("HSET", "keep:hash", "f", "v")).isEqualTo(":1\r\n");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(THREADS);
            List<java.util.concurrent.Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom r = new SplittableRandom(42 + t);
                workers.add(pool.submit(() -> {
                    while (sent.addAndGet(PER_BATCH) <= INPUTS && System.nanoTime() < deadline) {
                        ByteArrayOutputStream batch = new ByteArrayOutputStream();
                        for (int i = 0; i < PER_BATCH; i++) {
                            batch.writeBytes(input(r));
                        }
                        sendBatch(port, batch.toByteArray());
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> w : workers) {
                w.get(6, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(System.nanoTime()).as("fuzz run exceeded its time bound").isLessThan(deadline);
            try (RawClient c = new RawClient(port)) {
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
                for (int i = 0; i < 1000; i++) {
                    String v = "value-" + i;
                    assertThat(c.call("GET", "keep:" + i)).isEqualTo("$" + v.length() + "\r\n" + v + "\r\n");
                }
                assertThat(c.call("HGET", "keep:hash", "f")).isEqualTo("$1\r\nv\r\n");
            }
        }
    }
}
