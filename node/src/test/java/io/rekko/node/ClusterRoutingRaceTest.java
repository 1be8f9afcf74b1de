package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A command is checked against the slot routing on the event loop and runs later on its shard.
 * When the routing changes in between (a reshard's SETSLOT), the shard checks it again, as Redis
 * checks a command when it runs: a write must not be acknowledged for a slot this node no
 * longer serves.
 */
class ClusterRoutingRaceTest {
    static RekkoNode node;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("rekko-routing-race");
        System.setProperty("rekko.shards", "4");
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            int busPort = s.getLocalPort();
            s.close();
            node = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1", "--cluster-enabled", "yes",
                    "--cluster-port", String.valueOf(busPort), "--dir", dir.toString())));
        } finally {
            System.clearProperty("rekko.shards");
        }
        try (RawClient c = new RawClient(node.port())) {
            assertThat(c.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> c.call("CLUSTER", "INFO").contains("cluster_state:ok"));
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aWriteQueuedBehindABlockedCommandIsCheckedAgainWhenItRuns() throws Exception {
        // the SET waits in the connection until the BLPOP before it is answered, checked against
        // the routing of the time it was read
        try (RawClient c = new RawClient(node.port()); RawClient admin = new RawClient(node.port())) {
            java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
            pipeline.writeBytes(RawClient.encode(RawClient.args("BLPOP", "{hello}list", "0")));
            pipeline.writeBytes(RawClient.encode(RawClient.args("SET", "foo", "bar")));
            // other slots stay served while one is deleted
            assertThat(admin.call("CONFIG", "SET", "cluster-require-full-coverage", "no")).isEqualTo("+OK\r\n");
            c.send(pipeline.toByteArray());
            // both commands were read and checked once the connection's last command is the SET
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> admin.call("CLIENT", "LIST").contains("cmd=set"));
            assertThat(admin.call("CLUSTER", "DELSLOTS", "12182")).isEqualTo("+OK\r\n");
            assertThat(admin.call("LPUSH", "{hello}list", "x")).isEqualTo(":1\r\n");
            assertThat(c.readReply()).isEqualTo("*2\r\n$11\r\n{hello}list\r\n$1\r\nx\r\n");
            assertThat(c.readReply()).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
            assertThat(admin.call("CLUSTER", "COUNTKEYSINSLOT", "12182")).isEqualTo(":0\r\n");
            assertThat(admin.call("CLUSTER", "ADDSLOTS", "12182")).isEqualTo("+OK\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.call("CLUSTER", "INFO").contains("cluster_state:ok"));
            assertThat(admin.call("SET", "foo", "bar")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void aTransactionQueuedBehindABlockedCommandIsCheckedAgainWhenItRuns() throws Exception {
        try (RawClient c = new RawClient(node.port()); RawClient admin = new RawClient(node.port())) {
            assertThat(admin.call("CONFIG", "SET", "cluster-require-full-coverage", "no")).isEqualTo("+OK\r\n");
            java.io.ByteArrayOutputStream pipeline = new java.io.ByteArrayOutputStream();
            pipeline.writeBytes(RawClient.encode(RawClient.args("BLPOP", "{hello}list2", "0")));
            pipeline.writeBytes(RawClient.encode(RawClient.args("MULTI")));
            pipeline.writeBytes(RawClient.encode(RawClient.args("SET", "{bar}1", "x")));
            pipeline.writeBytes(RawClient.encode(RawClient.args("INCR", "{bar}2")));
            pipeline.writeBytes(RawClient.encode(RawClient.args("EXEC")));
            c.send(pipeline.toByteArray());
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> admin.call("CLIENT", "LIST").contains("cmd=exec"));
            assertThat(admin.call("CLUSTER", "KEYSLOT", "{bar}1")).isEqualTo(":5061\r\n");
            assertThat(admin.call("CLUSTER", "DELSLOTS", "5061")).isEqualTo("+OK\r\n");
            assertThat(admin.call("LPUSH", "{hello}list2", "x")).isEqualTo(":1\r\n");
            assertThat(c.readReply()).isEqualTo("*2\r\n$12\r\n{hello}list2\r\n$1\r\nx\r\n");
            assertThat(c.readReply()).isEqualTo("+OK\r\n");
            assertThat(c.readReply()).isEqualTo("+QUEUED\r\n");
            assertThat(c.readReply()).isEqualTo("+QUEUED\r\n");
            assertThat(c.readReply()).isEqualTo("-CLUSTERDOWN Hash slot not served\r\n");
            assertThat(admin.call("CLUSTER", "COUNTKEYSINSLOT", "5061")).isEqualTo(":0\r\n");
            assertThat(admin.call("CLUSTER", "ADDSLOTS", "5061")).isEqualTo("+OK\r\n");
            // the connection is out of MULTI: the transaction was discarded
            assertThat(c.call("INCR", "{bar}2")).isEqualTo(":1\r\n");
        }
    }
}
