package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A node with four shard actors: multi-key commands, transactions and node-wide commands stay whole. */
class MultiShardNodeTest {
    static RekkoNode node;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("rekko.shards", "4");
        try {
            node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        } finally {
            System.clearProperty("rekko.shards");
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void multiKeyCommandsSpanShards() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("FLUSHALL")).isEqualTo("+OK\r\n");
            assertThat(c.call("INFO", "server")).contains("rekko_shards:4");
            // foo (slot 12182), bar (5061), hello (866), a (15495): four different shards
            assertThat(c.call("MSET", "foo", "1", "bar", "2", "hello", "3", "a", "4")).isEqualTo("+OK\r\n");
            assertThat(c.call("MGET", "foo", "bar", "hello", "a")).isEqualTo(
                    "*4\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n$1\r\n4\r\n");
            assertThat(c.call("DBSIZE")).isEqualTo(":4\r\n");
            assertThat(c.call("DEL", "foo", "bar", "nope")).isEqualTo(":2\r\n");
            assertThat(c.call("RENAME", "hello", "foo")).isEqualTo("+OK\r\n");
            assertThat(c.call("GET", "foo")).isEqualTo("$1\r\n3\r\n");
            assertThat(c.call("SUNIONSTORE", "dst", "nope1", "nope2")).isEqualTo(":0\r\n");
        }
    }

    @Test
    void transactionsAndWatchAcrossShards() throws Exception {
        try (RawClient c = new RawClient(node.port()); RawClient other = new RawClient(node.port())) {
            assertThat(c.call("WATCH", "foo", "bar")).isEqualTo("+OK\r\n");
            assertThat(other.call("SET", "bar", "x")).isEqualTo("+OK\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("SET", "foo", "t")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*-1\r\n");
            assertThat(c.call("MULTI")).isEqualTo("+OK\r\n");
            assertThat(c.call("INCR", "counter:a")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("INCR", "counter:b")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("MGET", "counter:a", "counter:b")).isEqualTo("+QUEUED\r\n");
            assertThat(c.call("EXEC")).isEqualTo("*3\r\n:1\r\n:1\r\n*2\r\n$1\r\n1\r\n$1\r\n1\r\n");
        }
    }

    @Test
    void pipelinesAcrossShardsKeepOrder() throws Exception {
        try (RawClient c = new RawClient(node.port())) {
            java.io.ByteArrayOutputStream req = new java.io.ByteArrayOutputStream();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                req.writeBytes(RawClient.encode(RawClient.args("SET", "p" + i, "v" + i)));
                req.writeBytes(RawClient.encode(RawClient.args("GET", "p" + i)));
                req.writeBytes(RawClient.encode(RawClient.args("EXISTS", "p" + i, "p" + (i + 1))));
                expected.append("+OK\r\n$").append(("v" + i).length()).append("\r\nv").append(i).append("\r\n:1\r\n");
            }
            c.send(req.toByteArray());
            StringBuilder got = new StringBuilder();
            for (int i = 0; i < 900; i++) {
                got.append(c.readReply());
            }
            assertThat(got.toString()).isEqualTo(expected.toString());
        }
    }
}
