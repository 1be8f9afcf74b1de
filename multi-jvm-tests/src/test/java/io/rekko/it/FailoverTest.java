package io.rekko.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Failover with real node processes: 3 masters with 1 replica each (redis-cli --cluster create
 * --cluster-replicas 1), node-timeout 3 s. A master killed (SIGKILL) or stopped (SIGSTOP) is
 * replaced by its replica and comes back as that replica's replica; a manual CLUSTER FAILOVER
 * under writes loses no acknowledged write; masters cut off from the majority stop serving; a
 * restarted master gets back in while other nodes are dead.
 */
class FailoverTest {
    @TempDir
    Path tmp;
    final List<NodeProcess> nodes = new ArrayList<>();
    final Map<NodeProcess, Integer> busPorts = new HashMap<>();

    @AfterEach
    void stop() {
        for (NodeProcess n : nodes) {
            signal(n, "CONT");
            n.close();
        }
    }

    /** A node of CLUSTER NODES: id, client port, flags, master id ("-" for a master), and whether it serves slots. */
    record Entry(String id, int port, String flags, String master, boolean hasSlots) {
        boolean isMaster() {
            return flags.contains("master");
        }

        boolean failed() {
            return flags.contains("fail") && !flags.contains("fail?");
        }
    }

    static List<Entry> entries(String nodesText) {
        List<Entry> out = new ArrayList<>();
        for (String line : nodesText.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            out.add(new Entry(f[0], port, f[2], f[3], f.length > 8));
        }
        return out;
    }

    List<Entry> entries(NodeProcess observer) throws Exception {
        return entries(observer.cli("CLUSTER", "NODES"));
    }

    NodeProcess byPort(int port) {
        return nodes.stream().filter(n -> n.port == port).findFirst().orElseThrow();
    }

    /**
     * 3 masters, 1 replica each; returns once every node agrees and every replica's link is up.
     * {@code extraArgs}: given to every node (after the defaults, so they win).
     */
    void createCluster(String... extraArgs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.redisCli(), "--cluster", "create"));
        for (int i = 0; i < 6; i++) {
            int busPort = NodeProcess.freePort();
            NodeProcess n = NodeProcess.startClusterNode(NodeProcess.freePort(), busPort, tmp.resolve("n" + i), extraArgs);
            nodes.add(n);
            busPorts.put(n, busPort);
            cmd.add("127.0.0.1:" + n.port);
        }
        cmd.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        ClusterTest.Run r = ClusterTest.run(cmd.toArray(String[]::new));
        assertThat(r.code()).as(r.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (NodeProcess n : nodes) {
                List<Entry> seen = entries(n);
                assertThat(seen).hasSize(6);
                assertThat(seen.stream().filter(e -> e.isMaster() && e.hasSlots())).hasSize(3);
                assertThat(seen.stream().filter(e -> e.flags().contains("slave"))).hasSize(3);
            }
        });
        for (NodeProcess n : nodes) {
            if (myself(n).flags().contains("slave")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> n.cli("INFO", "replication")
                        .contains("master_link_status:up"));
            }
        }
    }

    Entry myself(NodeProcess n) throws Exception {
        return entries(n).stream().filter(e -> e.flags().contains("myself")).findFirst().orElseThrow();
    }

    /** The replica of the master listening on {@code port}, as that master sees it. */
    NodeProcess replicaOf(NodeProcess master) throws Exception {
        String id = myself(master).id();
        return byPort(entries(master).stream().filter(e -> id.equals(e.master())).findFirst().orElseThrow().port());
    }

    static void signal(NodeProcess n, String sig) {
        if (!n.process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + sig, String.valueOf(n.process.pid())).start().waitFor();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JedisCluster client() {
        java.util.Set<HostAndPort> seeds = new java.util.HashSet<>();
        for (NodeProcess n : nodes) {
            if (n.process.isAlive()) {
                seeds.add(new HostAndPort("127.0.0.1", n.port));
            }
        }
        return new JedisCluster(seeds, 2000, 2000, 10, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
    }

    /** A key served by the master on {@code port}. */
    static String keyOn(NodeProcess master) throws Exception {
        for (int i = 0; ; i++) {
            String key = "key:" + i;
            int slot = Integer.parseInt(master.cli("CLUSTER", "KEYSLOT", key).trim());
            for (String line : master.cli("CLUSTER", "NODES").split("\n")) {
                if (line.contains("myself") && servesSlot(line, slot)) {
                    return key;
                }
            }
        }
    }

    static boolean servesSlot(String line, int slot) {
        String[] f = line.trim().split(" ");
        for (int i = 8; i < f.length; i++) {
            if (f[i].startsWith("[")) {
                continue;
            }
            String[] range = f[i].split("-");
            int lo = Integer.parseInt(range[0]);
            int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
            if (slot >= lo && slot <= hi) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndComesBackAsItsReplica() throws Exception {
        createCluster();
        NodeProcess master = nodes.get(0);
        NodeProcess replica = replicaOf(master);
        String masterId = myself(master).id();
        String replicaId = myself(replica).id();
        String key = keyOn(master);
        try (JedisCluster c = client()) {
            for (int i = 0; i < 100; i++) {
                c.set(key + ":" + i, "v" + i);
            }
        }
        try (redis.clients.jedis.Jedis m = new redis.clients.jedis.Jedis("127.0.0.1", master.port)) {
            m.set(key, "before");
            // WAIT counts the replicas that have this connection's last write, so everything this master
            // streamed before it: acknowledged writes that must survive the failover
            assertThat(m.waitReplicas(1, 5000)).isEqualTo(1);
        }
        master.process.destroyForcibly().waitFor(); // SIGKILL
        NodeProcess observer = nodes.get(1);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            List<Entry> seen = entries(observer);
            Entry r = seen.stream().filter(e -> e.id().equals(replicaId)).findFirst().orElseThrow();
            assertThat(r.isMaster()).isTrue();
            assertThat(r.hasSlots()).isTrue();
            assertThat(seen.stream().filter(e -> e.id().equals(masterId)).findFirst().orElseThrow().failed()).isTrue();
        });
        assertThat(replica.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
        try (JedisCluster c = client()) {
            assertThat(c.get(key)).isEqualTo("before");
            for (int i = 0; i < 100; i++) {
                assertThat(c.get(key + ":" + i)).isEqualTo("v" + i);
            }
            c.set(key, "after"); // the slot takes writes again, on the new master
        }
        assertThat(observer.cli("-c", "GET", key).trim()).isEqualTo("after");
        // the old master returns: it sees its slots taken with a greater epoch and follows the new master
        NodeProcess back = NodeProcess.startClusterNode(master.port, busPorts.get(master), tmp.resolve("n0"));
        nodes.set(0, back);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Entry me = myself(back);
            assertThat(me.flags()).contains("slave");
            assertThat(me.master()).isEqualTo(replicaId);
            assertThat(back.cli("INFO", "replication")).contains("master_link_status:up");
        });
        try (redis.clients.jedis.Jedis b = new redis.clients.jedis.Jedis("127.0.0.1", back.port)) {
            b.readonly();
            await().atMost(Duration.ofSeconds(20)).until(() -> "after".equals(b.get(key)));
        }
        ClusterTest.Run check = ClusterTest.run(NodeProcess.redisCli(), "--cluster", "check", "127.0.0.1:" + observer.port);
        assertThat(check.out()).contains("[OK] All 16384 slots covered.");
    }

    /**
     * Redis's 01-faildet: two replicas die for good, then a master without a replica is killed
     * (the cluster goes down) and restarted: it gets back in and the cluster serves again, while
     * the dead replicas stay listed as failed.
     */
    @Test
    void aRestartedMasterGetsBackInWhileOtherNodesAreDead() throws Exception {
        createCluster();
        NodeProcess master = nodes.get(0);
        NodeProcess replica0 = replicaOf(master);
        NodeProcess replica1 = replicaOf(nodes.get(1));
        String masterId = myself(master).id();
        List<String> deadIds = List.of(myself(replica0).id(), myself(replica1).id());
        String key = keyOn(master);
        replica0.process.destroyForcibly().waitFor();
        replica1.process.destroyForcibly().waitFor();
        NodeProcess observer = nodes.get(2);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                entries(observer).stream().filter(e -> deadIds.contains(e.id())).allMatch(Entry::failed));
        master.process.destroyForcibly().waitFor();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> observer.cli("CLUSTER", "INFO").contains("cluster_state:fail"));
        NodeProcess back = NodeProcess.startClusterNode(master.port, busPorts.get(master), tmp.resolve("n0"));
        nodes.set(0, back);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (NodeProcess n : nodes) {
                if (n.process.isAlive()) {
                    assertThat(n.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
                }
            }
        });
        List<Entry> seen = entries(observer);
        Entry m = seen.stream().filter(e -> e.id().equals(masterId)).findFirst().orElseThrow();
        assertThat(m.isMaster()).isTrue();
        assertThat(m.hasSlots()).isTrue();
        assertThat(m.flags()).doesNotContain("fail");
        assertThat(seen.stream().filter(e -> deadIds.contains(e.id()))).hasSize(2).allMatch(Entry::failed);
        // its slots take writes again
        assertThat(observer.cli("-c", "SET", key, "again").trim()).isEqualTo("OK");
    }

    /**
     * A master killed and restarted well within node-timeout (10 s here) is not failed over, as a
     * Redis node restarted in time never is: its new incarnation tells the others it is back
     * before Pekko admits it, and from its saved configuration it lists the cluster and serves
     * the same slots as soon as it answers (Redis's 27-endpoints restarts a node and wants every
     * node's CLUSTER SLOTS equal within 5 s).
     */
    @Test
    void aMasterRestartedWithinNodeTimeoutIsNotFailedOver() throws Exception {
        createCluster("--cluster-node-timeout", "10000");
        NodeProcess master = nodes.get(0);
        NodeProcess replica = replicaOf(master);
        String masterId = myself(master).id();
        NodeProcess observer = nodes.get(1);
        String slots = observer.cli("CLUSTER", "SLOTS");
        master.process.destroyForcibly().waitFor(); // SIGKILL
        NodeProcess back = NodeProcess.startClusterNode(master.port, busPorts.get(master), tmp.resolve("n0"),
                "--cluster-node-timeout", "10000");
        nodes.set(0, back);
        assertThat(entries(back)).as("the nodes it knew").hasSize(6);
        assertThat(back.cli("CLUSTER", "SLOTS")).as("the slots it knew, with their nodes").isEqualTo(slots);
        // through node-timeout and an election's delay: never flagged, never replaced
        await().during(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Entry m = entries(observer).stream().filter(e -> e.id().equals(masterId)).findFirst().orElseThrow();
                    assertThat(m.flags()).doesNotContain("fail");
                    assertThat(m.hasSlots()).isTrue();
                    assertThat(myself(replica).flags()).contains("slave");
                });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(back.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
            assertThat(replica.cli("INFO", "replication")).contains("master_link_status:up");
        });
        assertThat(observer.cli("-c", "SET", keyOn(back), "back").trim()).isEqualTo("OK");
    }

    @Test
    void aStoppedMasterIsFailedOverAndResumesAsAReplica() throws Exception {
        createCluster();
        NodeProcess master = nodes.get(1);
        NodeProcess replica = replicaOf(master);
        String replicaId = myself(replica).id();
        String key = keyOn(master);
        try (JedisCluster c = client()) {
            c.set(key, "1");
        }
        signal(master, "STOP");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> myself(replica).isMaster() && myself(replica).hasSlots());
        try (JedisCluster c = client()) {
            c.set(key, "2");
        }
        signal(master, "CONT");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            Entry me = myself(master);
            assertThat(me.flags()).contains("slave");
            assertThat(me.master()).isEqualTo(replicaId);
        });
        try (redis.clients.jedis.Jedis m = new redis.clients.jedis.Jedis("127.0.0.1", master.port)) {
            assertThat(m.info("replication")).contains("role:slave");
            m.readonly();
            // right after SIGCONT its failure detector may see the others late for a moment (CLUSTERDOWN)
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> "2".equals(m.get(key)));
        }
    }

    @Test
    void aManualFailoverUnderWritesLosesNoAcknowledgedWrite() throws Exception {
        createCluster();
        NodeProcess master = nodes.get(2);
        NodeProcess replica = replicaOf(master);
        String key = keyOn(master);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Thread writer = new Thread(() -> {
            try (JedisCluster c = client()) {
                while (writing.get()) {
                    try {
                        acked.set(c.incr(key));
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                    }
                }
            }
        });
        writer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() > 200);
            assertThat(replica.cli("CLUSTER", "FAILOVER").trim()).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> myself(replica).isMaster() && myself(master).flags().contains("slave"));
            long atSwitch = acked.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() > atSwitch + 200);
        } finally {
            writing.set(false);
            writer.join();
        }
        try (JedisCluster c = client()) {
            // every increment acknowledged by either master is in the counter: none was lost
            assertThat(Long.parseLong(c.get(key))).isEqualTo(acked.get());
        }
        assertThat(errors.get()).as("writes refused during the switch").isZero();
    }

    @Test
    void mastersCutOffFromTheMajorityStopServing() throws Exception {
        createCluster();
        NodeProcess lone = nodes.get(0);
        List<NodeProcess> stopped = new ArrayList<>();
        // stop every node but one master and its replica: that side has 1 master of 3
        NodeProcess loneReplica = replicaOf(lone);
        for (NodeProcess n : nodes) {
            if (n != lone && n != loneReplica) {
                signal(n, "STOP");
                stopped.add(n);
            }
        }
        String key = keyOn(lone);
        // both nodes of the minority refuse within node-timeout (3 s) plus a margin
        await().atMost(Duration.ofSeconds(9)).pollInterval(Duration.ofMillis(100))
                .until(() -> lone.cli("SET", key, "x").startsWith("CLUSTERDOWN")
                        && loneReplica.cli("CLUSTER", "INFO").contains("cluster_state:fail"));
        assertThat(lone.cli("CLUSTER", "INFO")).contains("cluster_state:fail");
        assertThat(loneReplica.cli("-c", "GET", key)).startsWith("CLUSTERDOWN");
        stopped.forEach(n -> signal(n, "CONT"));
        // reunited: the key's slot takes writes again (wherever the epochs put it)
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> lone.cli("-c", "SET", key, "y").trim().equals("OK"));
        assertThat(lone.cli("-c", "GET", key).trim()).isEqualTo("y");
    }

    @Test
    void aReplicaMigratesToAMasterLeftWithoutReplicas() throws Exception {
        createCluster();
        NodeProcess rich = nodes.get(0);
        String richId = myself(rich).id();
        int busPort = NodeProcess.freePort();
        NodeProcess extra = NodeProcess.startClusterNode(NodeProcess.freePort(), busPort, tmp.resolve("n6"));
        nodes.add(extra);
        ClusterTest.Run add = ClusterTest.run(NodeProcess.redisCli(), "--cluster", "add-node", "127.0.0.1:" + extra.port,
                "127.0.0.1:" + rich.port, "--cluster-slave", "--cluster-master-id", richId);
        assertThat(add.code()).as(add.out()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> entries(rich).stream()
                .filter(e -> richId.equals(e.master())).count() == 2);
        NodeProcess poor = nodes.get(1);
        String poorId = myself(poor).id();
        NodeProcess poorReplica = replicaOf(poor);
        String goneId = myself(poorReplica).id();
        poorReplica.process.destroyForcibly().waitFor(); // SIGKILL: the master is orphaned
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            List<Entry> seen = entries(poor);
            assertThat(seen.stream().filter(e -> poorId.equals(e.master()) && !e.id().equals(goneId))).hasSize(1);
            assertThat(seen.stream().filter(e -> richId.equals(e.master()))).hasSize(1);
        });
        String moved = entries(poor).stream().filter(e -> poorId.equals(e.master()) && !e.id().equals(goneId))
                .findFirst().orElseThrow().id();
        NodeProcess migrated = nodes.stream().filter(n -> {
            try {
                return n.process.isAlive() && myself(n).id().equals(moved);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> migrated.cli("INFO", "replication")
                .contains("master_port:" + poor.port));
    }
}
