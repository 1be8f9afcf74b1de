package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A million keys with short TTLs disappear by themselves, without anyone reading them. */
class ActiveExpiryTest {
    @Test
    void expiredKeysAreReclaimedWithoutAccess() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
             RawClient c = new RawClient(node.port())) {
            int total = 1_000_000;
            int batch = 10_000;
            for (int start = 0; start < total; start += batch) {
                ByteArrayOutputStream req = new ByteArrayOutputStream();
                for (int i = start; i < start + batch; i++) {
                    req.writeBytes(RawClient.encode(RawClient.args("SET", "exp:" + i, "v", "PX", "500")));
                }
                c.send(req.toByteArray());
                for (int i = 0; i < batch; i++) {
                    assertThat(c.readReply()).isEqualTo("+OK\r\n");
                }
            }
            assertThat(c.call("SET", "exp:keep", "forever")).isEqualTo("+OK\r\n");
            // poll with a deadline: the active expire cycle must empty the keyspace on its own
            assertThat(dbsizeWithin(c, ":1\r\n", 20)).isEqualTo(":1\r\n");
            assertThat(c.call("GET", "exp:keep")).isEqualTo("$7\r\nforever\r\n");
            assertThat(c.call("INFO", "stats")).contains("expired_keys:1000000\r\n");
        }
    }

    /**
     * A shard that held no key with a TTL sweeps slowly; keys with a TTL set afterwards, spread
     * over slots before and after the sweep's cursor, still expire by themselves.
     */
    @Test
    void keysWithATtlExpireAfterAnIdleSpell() throws Exception {
        try (RekkoNode node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
             RawClient c = new RawClient(node.port())) {
            assertThat(c.call("SET", "plain", "v")).isEqualTo("+OK\r\n");
            // let the shard see a whole sweep without TTLs (it then ticks at 100 ms)
            long idleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < idleUntil) {
                assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            }
            for (int i = 0; i < 50; i++) {
                assertThat(c.call("SET", "ttl:" + i, "v", "PX", "100")).isEqualTo("+OK\r\n");
            }
            assertThat(dbsizeWithin(c, ":1\r\n", 10)).isEqualTo(":1\r\n");
            assertThat(c.call("INFO", "stats")).contains("expired_keys:50\r\n");
            assertThat(c.call("GET", "plain")).isEqualTo("$1\r\nv\r\n");
        }
    }

    /** DBSIZE's reply once it is {@code expected}, or the last one when {@code seconds} have passed. */
    private static String dbsizeWithin(RawClient c, String expected, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String size = c.call("DBSIZE");
        while (!size.equals(expected) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            size = c.call("DBSIZE");
        }
        return size;
    }
}
