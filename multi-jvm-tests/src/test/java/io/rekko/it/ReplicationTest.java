package io.rekko.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/** REPLICAOF between node processes, with the replica and then the master killed (SIGKILL) under writes. */
class ReplicationTest {
    @Test
    void aKilledReplicaResyncsAndAKilledMastersReplicaWaitsForItsReturn() throws Exception {
        int masterPort = NodeProcess.freePort();
        NodeProcess master = NodeProcess.startOn(masterPort);
        NodeProcess replica = NodeProcess.start("--replicaof", "127.0.0.1", String.valueOf(masterPort));
        try (Jedis m = new Jedis("127.0.0.1", masterPort)) {
            Pipeline p = m.pipelined();
            for (int i = 0; i < 5000; i++) {
                p.set("k" + i, "v" + i);
            }
            p.sync();
            // a writer keeps incrementing a counter while the replica is killed and restarted
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong acked = new AtomicLong();
            Thread writer = new Thread(() -> {
                try (Jedis w = new Jedis("127.0.0.1", masterPort)) {
                    while (writing.get()) {
                        acked.set(w.incr("counter"));
                    }
                }
            });
            writer.start();
            NodeProcess first = replica;
            await().atMost(Duration.ofSeconds(30)).until(() -> replicaInfo(first).contains("master_link_status:up"));
            await().atMost(Duration.ofSeconds(30)).until(() -> acked.get() > 100);
            replica.process.destroyForcibly().waitFor(); // SIGKILL
            replica = NodeProcess.startOn(replica.port, "--replicaof", "127.0.0.1", String.valueOf(masterPort));
            NodeProcess r = replica;
            await().atMost(Duration.ofSeconds(30)).until(() -> replicaInfo(r).contains("master_link_status:up"));
            writing.set(false);
            writer.join();
            long last = acked.get();
            try (Jedis rj = new Jedis("127.0.0.1", replica.port)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> String.valueOf(last).equals(rj.get("counter")));
                assertThat(rj.dbSize()).isEqualTo(m.dbSize());
                assertThat(rj.get("k4999")).isEqualTo("v4999");
                assertThat(m.info("stats")).contains("sync_full:2");
                assertThat(m.info("replication")).contains("connected_slaves:1");

                // the master dies: the replica keeps its data and serves reads, its link down
                master.process.destroyForcibly().waitFor();
                await().atMost(Duration.ofSeconds(30)).until(() -> rj.info("replication").contains("master_link_status:down"));
                assertThat(rj.get("counter")).isEqualTo(String.valueOf(last));
                // a new master on the same address: a new stream, so a full resync
                master = NodeProcess.startOn(masterPort);
                try (Jedis m2 = new Jedis("127.0.0.1", masterPort)) {
                    m2.set("fresh", "1");
                    await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(rj.get("fresh")));
                    assertThat(rj.dbSize()).isEqualTo(1);
                }
            }
        } finally {
            replica.close();
            master.close();
        }
    }

    /**
     * A replica stopped (SIGSTOP) longer than repl-timeout is dropped by its master; resumed
     * (SIGCONT) while the writes made meanwhile are still in the backlog, it continues from its
     * offset (partial resync); resumed after more than the backlog was written, it gets a full one.
     */
    @Test
    void aStoppedReplicaContinuesFromTheBacklogOrResyncsWhenItWasOverrun() throws Exception {
        int masterPort = NodeProcess.freePort();
        NodeProcess master = NodeProcess.startOn(masterPort, "--repl-timeout", "1", "--repl-backlog-size", "1mb");
        NodeProcess replica = NodeProcess.start("--replicaof", "127.0.0.1", String.valueOf(masterPort));
        try (Jedis m = new Jedis("127.0.0.1", masterPort); Jedis r = new Jedis("127.0.0.1", replica.port)) {
            for (int i = 0; i < 1000; i++) {
                m.set("k" + i, "v" + i);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> r.dbSize() == 1000);
            assertThat(m.info("stats")).contains("sync_full:1");

            FailoverTest.signal(replica, "STOP");
            await().atMost(Duration.ofSeconds(10)).until(() -> m.info("replication").contains("connected_slaves:0"));
            for (int i = 0; i < 100; i++) {
                m.set("during" + i, "x"); // a few KB: still in the 1 MB backlog
            }
            FailoverTest.signal(replica, "CONT");
            await().atMost(Duration.ofSeconds(30)).until(() -> r.dbSize() == 1100);
            assertThat(r.get("during99")).isEqualTo("x");
            assertThat(m.info("stats")).contains("sync_partial_ok:1").contains("sync_full:1");

            FailoverTest.signal(replica, "STOP");
            await().atMost(Duration.ofSeconds(10)).until(() -> m.info("replication").contains("connected_slaves:0"));
            String big = "y".repeat(10_000);
            for (int i = 0; i < 300; i++) {
                m.set("big" + i, big); // 3 MB: the backlog no longer holds what the replica misses
            }
            FailoverTest.signal(replica, "CONT");
            await().atMost(Duration.ofSeconds(30)).until(() -> r.dbSize() == 1400);
            assertThat(r.get("big299")).isEqualTo(big);
            assertThat(m.info("stats")).contains("sync_full:2");
        } finally {
            FailoverTest.signal(replica, "CONT");
            replica.close();
            master.close();
        }
    }

    private static String replicaInfo(NodeProcess n) throws Exception {
        return n.cli("INFO", "replication");
    }
}
