package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** REPLICAOF between two standalone nodes in this JVM, through real connections and Pekko remoting. */
class ReplicaOfTest {
    RekkoNode master;
    RekkoNode replica;

    @BeforeEach
    void start() throws Exception {
        master = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
        replica = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1")));
    }

    @AfterEach
    void stop() {
        replica.close();
        master.close();
    }

    @Test
    void aReplicaCopiesItsMasterAndFollowsItsWrites() throws Exception {
        try (RawClient m = new RawClient(master.port()); RawClient r = new RawClient(replica.port())) {
            for (int i = 0; i < 100; i++) {
                m.call("SET", "k" + i, "v" + i);
            }
            m.call("RPUSH", "list", "a", "b");
            r.call("SET", "local", "dropped by the full resync");
            assertThat(r.call("REPLICAOF", "127.0.0.1", String.valueOf(master.port()))).isEqualTo("+OK\r\n");
            assertThat(r.call("REPLICAOF", "127.0.0.1", String.valueOf(master.port())))
                    .isEqualTo("+OK Already connected to specified master\r\n");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.call("INFO", "replication")
                    .contains("master_link_status:up"));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.call("DBSIZE").equals(":101\r\n"));
            assertThat(r.call("GET", "k42")).isEqualTo("$3\r\nv42\r\n");
            assertThat(r.call("EXISTS", "local")).isEqualTo(":0\r\n");

            m.call("SET", "k42", "changed");
            m.call("LPOP", "list");
            m.call("SET", "ttl", "v", "EX", "1000");
            await().atMost(Duration.ofSeconds(10)).until(() -> r.call("GET", "k42").equals("$7\r\nchanged\r\n"));
            await().atMost(Duration.ofSeconds(10)).until(() -> r.call("LRANGE", "list", "0", "-1")
                    .equals("*1\r\n$1\r\nb\r\n") && r.call("PEXPIRETIME", "ttl").equals(m.call("PEXPIRETIME", "ttl")));

            assertThat(r.call("SET", "x", "y")).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
            m.call("SET", "acked", "1");
            assertThat(m.call("WAIT", "1", "10000")).isEqualTo(":1\r\n"); // the replica has it
            assertThat(r.call("GET", "acked")).isEqualTo("$1\r\n1\r\n");
            long t0 = System.nanoTime();
            assertThat(m.call("WAIT", "2", "200")).isEqualTo(":1\r\n"); // there is only one: after the timeout
            assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(150_000_000L);
            assertThat(r.call("WAIT", "1", "0")).startsWith("-ERR WAIT cannot be used with replica instances.");
            assertThat(r.call("GET", "k1")).isEqualTo("$2\r\nv1\r\n");
            String info = r.call("INFO", "replication");
            assertThat(info).contains("role:slave\r\n").contains("master_host:127.0.0.1\r\n")
                    .contains("master_port:" + master.port() + "\r\n").contains("master_sync_in_progress:0\r\n");
            assertThat(r.call("ROLE")).startsWith("*5\r\n$5\r\nslave\r\n$9\r\n127.0.0.1\r\n:" + master.port() + "\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> m.call("INFO", "replication").contains("connected_slaves:1")
                    && m.call("INFO", "replication").contains("offset=" + master.replication.offset() + ","));
            assertThat(m.call("INFO", "stats")).contains("sync_full:1\r\n");
            assertThat(m.call("ROLE")).startsWith("*3\r\n$6\r\nmaster\r\n");

            assertThat(r.call("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> m.call("INFO", "replication").contains("connected_slaves:0"));
            assertThat(r.call("SET", "x", "y")).isEqualTo("+OK\r\n");
            assertThat(r.call("GET", "k42")).isEqualTo("$7\r\nchanged\r\n");
            assertThat(r.call("INFO", "replication")).contains("role:master\r\n");
        }
    }

    @Test
    void replicaofInTheConfigurationFollowsFromTheStart() throws Exception {
        try (RawClient m = new RawClient(master.port())) {
            m.call("SET", "a", "1");
            RekkoNode third = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1",
                    "--replicaof", "127.0.0.1", String.valueOf(master.port()))));
            try (RawClient r = new RawClient(third.port())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> r.call("GET", "a").equals("$1\r\n1\r\n"));
                m.call("SET", "b", "2");
                await().atMost(Duration.ofSeconds(10)).until(() -> r.call("GET", "b").equals("$1\r\n2\r\n"));
                assertThat(r.call("INFO", "replication")).contains("role:slave\r\n");
            } finally {
                third.close();
            }
        }
    }

    @Test
    void replicaofChecksItsArguments() throws Exception {
        try (RawClient r = new RawClient(replica.port())) {
            assertThat(r.call("REPLICAOF", "127.0.0.1", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
            assertThat(r.call("REPLICAOF", "127.0.0.1", "70000")).isEqualTo("-ERR Invalid master port\r\n");
            assertThat(r.call("REPLICAOF", "NO", "ONE")).isEqualTo("+OK\r\n");
            assertThat(r.call("REPLICAOF", "a")).isEqualTo("-ERR wrong number of arguments for 'replicaof' command\r\n");
        }
    }

    @Test
    void failoverHandsTheMasterRoleToACaughtUpReplica() throws Exception {
        try (RawClient m = new RawClient(master.port()); RawClient r = new RawClient(replica.port())) {
            assertThat(m.call("FAILOVER")).isEqualTo("-ERR FAILOVER requires connected replicas.\r\n");
            assertThat(m.call("FAILOVER", "ABORT")).isEqualTo("-ERR No failover in progress.\r\n");
            assertThat(m.call("FAILOVER", "TIMEOUT", "0")).isEqualTo("-ERR FAILOVER timeout must be greater than 0\r\n");
            assertThat(m.call("FAILOVER", "FORCE")).isEqualTo("-ERR FAILOVER requires connected replicas.\r\n");
            assertThat(m.call("FAILOVER", "TO", "127.0.0.1")).isEqualTo("-ERR syntax error\r\n");
            r.call("REPLICAOF", "127.0.0.1", String.valueOf(master.port()));
            await().atMost(Duration.ofSeconds(20)).until(() -> m.call("INFO", "replication").contains("connected_slaves:1"));
            for (int i = 0; i < 500; i++) {
                m.call("INCR", "counter");
            }
            assertThat(r.call("FAILOVER")).isEqualTo("-ERR FAILOVER is not valid when server is a replica.\r\n");
            assertThat(m.call("FAILOVER", "FORCE", "TO", "127.0.0.1", String.valueOf(replica.port())))
                    .isEqualTo("-ERR FAILOVER with force option requires both a timeout and target HOST and IP.\r\n");
            assertThat(m.call("FAILOVER", "TO", "127.0.0.1", "1")).isEqualTo("-ERR FAILOVER target HOST and PORT is not a replica.\r\n");
            assertThat(m.call("FAILOVER", "TO", "127.0.0.1", String.valueOf(replica.port()), "TIMEOUT", "10000"))
                    .isEqualTo("+OK\r\n");
            // the roles swap; the old master follows the new one and has every write
            await().atMost(Duration.ofSeconds(20)).until(() -> r.call("INFO", "replication").contains("role:master")
                    && m.call("INFO", "replication").contains("master_link_status:up"));
            assertThat(m.call("INFO", "replication")).contains("master_port:" + replica.port() + "\r\n")
                    .contains("master_failover_state:no-failover");
            assertThat(r.call("GET", "counter")).isEqualTo("$3\r\n500\r\n");
            assertThat(m.call("INCR", "counter")).isEqualTo("-READONLY You can't write against a read only replica.\r\n");
            assertThat(r.call("INCR", "counter")).isEqualTo(":501\r\n");
            await().atMost(Duration.ofSeconds(10)).until(() -> m.call("GET", "counter").equals("$3\r\n501\r\n"));
        }
    }

    @Test
    void minReplicasToWriteRefusesWritesWithoutEnoughGoodReplicas() throws Exception {
        try (RawClient m = new RawClient(master.port()); RawClient r = new RawClient(replica.port())) {
            assertThat(m.call("CONFIG", "SET", "min-replicas-to-write", "1")).isEqualTo("+OK\r\n");
            assertThat(m.call("SET", "k", "v")).isEqualTo("-NOREPLICAS Not enough good replicas to write.\r\n");
            assertThat(m.call("INFO", "replication")).contains("connected_slaves:0\r\nmin_slaves_good_slaves:0\r\n");
            r.call("REPLICAOF", "127.0.0.1", String.valueOf(master.port()));
            await().atMost(Duration.ofSeconds(20)).until(() -> m.call("SET", "k", "v").equals("+OK\r\n"));
            assertThat(m.call("INFO", "replication")).contains("min_slaves_good_slaves:1\r\n");
            assertThat(m.call("CONFIG", "SET", "min-replicas-to-write", "2")).isEqualTo("+OK\r\n");
            assertThat(m.call("SET", "k", "v")).isEqualTo("-NOREPLICAS Not enough good replicas to write.\r\n");
            assertThat(m.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            assertThat(m.call("CONFIG", "SET", "min-replicas-to-write", "1")).isEqualTo("+OK\r\n");
            r.call("REPLICAOF", "NO", "ONE"); // the only replica leaves
            await().atMost(Duration.ofSeconds(20)).until(() -> m.call("SET", "k", "w")
                    .equals("-NOREPLICAS Not enough good replicas to write.\r\n"));
        }
    }

    @Test
    void aReplicaWithoutItsMasterRefusesStaleReadsWhenAskedTo() throws Exception {
        try (RawClient r = new RawClient(replica.port())) {
            r.call("SET", "k", "v");
            assertThat(r.call("CONFIG", "SET", "replica-serve-stale-data", "no")).isEqualTo("+OK\r\n");
            int nobody;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                nobody = s.getLocalPort();
            }
            r.call("REPLICAOF", "127.0.0.1", String.valueOf(nobody)); // a master that never answers
            assertThat(r.call("GET", "k"))
                    .isEqualTo("-MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.\r\n");
            assertThat(r.call("INFO", "replication")).contains("master_link_status:down");
            assertThat(r.call("CONFIG", "SET", "replica-serve-stale-data", "yes")).isEqualTo("+OK\r\n");
            assertThat(r.call("GET", "k")).isEqualTo("$1\r\nv\r\n");
            r.call("REPLICAOF", "NO", "ONE");
        }
    }
}
