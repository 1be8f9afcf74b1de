package io.rekko.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * Rekko nodes in their own processes formed into a Redis Cluster by redis-cli --cluster, then
 * used by redis-cli -c, Lettuce's RedisClusterClient and JedisCluster, resharded under load,
 * grown and shrunk, restarted, and filled from a redis-server with --cluster import.
 */
class ClusterTest {
    @TempDir
    Path tmp;
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<Process> others = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(NodeProcess::close);
        others.forEach(Process::destroyForcibly);
    }

    NodeProcess startNode(int i) throws Exception {
        NodeProcess n = NodeProcess.startClusterNode(NodeProcess.freePort(), NodeProcess.freePort(), tmp.resolve("n" + i));
        nodes.add(n);
        return n;
    }

    /** Output and exit code of a command (redis-cli --cluster ...). */
    record Run(int code, String out) {}

    static Run run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(p.waitFor(), out);
    }

    static String addr(NodeProcess n) {
        return "127.0.0.1:" + n.port;
    }

    List<NodeProcess> createCluster(int masters) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.redisCli(), "--cluster", "create"));
        for (int i = 0; i < masters; i++) {
            cmd.add(addr(startNode(i)));
        }
        cmd.add("--cluster-yes");
        Run r = run(cmd.toArray(String[]::new));
        assertThat(r.out()).as(r.out()).contains("[OK] All nodes agree about slots configuration.")
                .contains("[OK] All 16384 slots covered.");
        assertThat(r.code()).isZero();
        awaitAgreement();
        return nodes;
    }

    /** Every running node's CLUSTER NODES lists the same nodes, roles and slots. */
    void awaitAgreement() {
        await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String first = null;
            for (NodeProcess n : nodes) {
                if (!n.process.isAlive()) {
                    continue;
                }
                String sig = signature(n.cli("CLUSTER", "NODES"));
                if (first == null) {
                    first = sig;
                }
                assertThat(sig).isEqualTo(first);
            }
        });
    }

    /** CLUSTER NODES without what depends on the observer (myself, ping/pong times, link state). */
    static String signature(String nodesText) {
        List<String> lines = new ArrayList<>();
        for (String line : nodesText.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            StringBuilder sb = new StringBuilder(f[0]).append(' ').append(f[1]).append(' ')
                    .append(f[2].replace("myself,", "")).append(' ').append(f[3]).append(' ').append(f[6]);
            for (int i = 8; i < f.length; i++) {
                if (!f[i].startsWith("[")) {
                    sb.append(' ').append(f[i]);
                }
            }
            lines.add(sb.toString());
        }
        lines.sort(null);
        return String.join("\n", lines);
    }

    static RedisClusterClient lettuce(NodeProcess seed) {
        RedisClusterClient client = RedisClusterClient.create(RedisURI.create("127.0.0.1", seed.port));
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(1)).enableAllAdaptiveRefreshTriggers().build()).build());
        return client;
    }

    @Test
    void createdByRedisCliAndUsedByClusterClients() throws Exception {
        createCluster(3);
        for (NodeProcess n : nodes) {
            Run check = run(NodeProcess.redisCli(), "--cluster", "check", addr(n));
            assertThat(check.code()).as(check.out()).isZero();
            assertThat(check.out()).contains("[OK] All 16384 slots covered.");
            assertThat(n.cli("CLUSTER", "INFO")).contains("cluster_state:ok", "cluster_known_nodes:3", "cluster_size:3");
        }
        NodeProcess a = nodes.get(0);
        // the slot of "foo" (12182) is served by the third node: a plain client is redirected
        assertThat(a.cli("SET", "foo", "bar").trim()).isEqualTo("MOVED 12182 " + addr(nodes.get(2)));
        assertThat(a.cli("MSET", "a", "1", "b", "2").trim()).isEqualTo("CROSSSLOT Keys in request don't hash to the same slot");
        assertThat(run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(a.port), "SET", "foo", "bar").out().trim()).isEqualTo("OK");
        assertThat(run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(a.port), "GET", "foo").out().trim()).isEqualTo("bar");

        RedisClusterClient client = lettuce(a);
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            RedisAdvancedClusterCommands<String, String> r = conn.sync();
            for (int i = 0; i < 300; i++) {
                assertThat(r.set("k" + i, "v" + i)).isEqualTo("OK");
            }
            for (int i = 0; i < 300; i++) {
                assertThat(r.get("k" + i)).isEqualTo("v" + i);
            }
            assertThat(r.mset(Map.of("{u}a", "1", "{u}b", "2"))).isEqualTo("OK");
            assertThat(r.mget("{u}a", "{u}b")).extracting(kv -> kv.getValue()).containsExactly("1", "2");
            assertThat(r.clusterNodes()).contains("myself,master");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        try (JedisCluster jedis = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", a.port)))) {
            for (int i = 0; i < 300; i++) {
                assertThat(jedis.get("k" + i)).isEqualTo("v" + i);
            }
            assertThat(jedis.incr("counter")).isEqualTo(1);
            assertThat(jedis.hset("{u}h", Map.of("f", "v"))).isEqualTo(1);
            assertThat(jedis.hget("{u}h", "f")).isEqualTo("v");
        }
        long total = 0;
        for (NodeProcess n : nodes) {
            total += Long.parseLong(n.cli("DBSIZE").trim());
        }
        assertThat(total).isEqualTo(300 + 2 + 1 + 1 + 1); // k*, {u}a {u}b, foo, counter, {u}h
    }

    @Test
    void reshardUnderWriteLoadLosesAndDuplicatesNothing() throws Exception {
        createCluster(3);
        RedisClusterClient client = lettuce(nodes.get(0));
        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        List<Thread> writers = new ArrayList<>();
        try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
            for (int w = 0; w < 4; w++) {
                int id = w;
                Thread t = new Thread(() -> {
                    RedisAdvancedClusterCommands<String, String> r = conn.sync();
                    for (int i = 0; running.get(); i++) {
                        String key = "w" + id + ":" + i;
                        try {
                            if ("OK".equals(r.set(key, key))) {
                                acked.put(key, key);
                            }
                        } catch (RuntimeException e) {
                            failures.incrementAndGet(); // not acknowledged: may or may not be there
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> acked.size() > 2000);
            String from = nodes.get(0).cli("CLUSTER", "MYID").trim();
            String to = nodes.get(1).cli("CLUSTER", "MYID").trim();
            Run reshard = run(NodeProcess.redisCli(), "--cluster", "reshard", addr(nodes.get(2)), "--cluster-from", from,
                    "--cluster-to", to, "--cluster-slots", "300", "--cluster-yes");
            assertThat(reshard.code()).as(reshard.out()).isZero();
            running.set(false);
            for (Thread t : writers) {
                t.join();
            }
            awaitAgreement();
            assertThat(nodes.get(1).cli("CLUSTER", "NODES")).contains(to);
            Run check = run(NodeProcess.redisCli(), "--cluster", "check", addr(nodes.get(0)));
            assertThat(check.out()).contains("[OK] All 16384 slots covered.").doesNotContain("[WARNING]");
            RedisAdvancedClusterCommands<String, String> r = conn.sync();
            for (String k : acked.keySet()) {
                assertThat(r.get(k)).as(k).isEqualTo(k);
            }
            long total = 0;
            for (NodeProcess n : nodes) {
                total += Long.parseLong(n.cli("DBSIZE").trim());
            }
            // every key lives on exactly one node: acknowledged ones, plus at most the unacknowledged attempts
            assertThat(total).isBetween((long) acked.size(), acked.size() + failures.get());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void addNodeRebalanceAndDelNode() throws Exception {
        createCluster(3);
        NodeProcess a = nodes.get(0);
        for (int i = 0; i < 200; i++) {
            run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(a.port), "SET", "key" + i, "v" + i);
        }
        NodeProcess d = startNode(3);
        Run add = run(NodeProcess.redisCli(), "--cluster", "add-node", addr(d), addr(a));
        assertThat(add.code()).as(add.out()).isZero();
        awaitAgreement();
        Run rebalance = run(NodeProcess.redisCli(), "--cluster", "rebalance", addr(a), "--cluster-use-empty-masters");
        assertThat(rebalance.code()).as(rebalance.out()).isZero();
        awaitAgreement();
        assertThat(d.cli("CLUSTER", "INFO")).contains("cluster_known_nodes:4", "cluster_size:4");
        String dId = d.cli("CLUSTER", "MYID").trim();
        // empty it again, then remove it
        Run drain = run(NodeProcess.redisCli(), "--cluster", "rebalance", addr(a), "--cluster-weight", dId + "=0");
        assertThat(drain.code()).as(drain.out()).isZero();
        awaitAgreement();
        Run del = run(NodeProcess.redisCli(), "--cluster", "del-node", addr(a), dId);
        assertThat(del.code()).as(del.out()).isZero();
        nodes.remove(d);
        d.close();
        await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> {
            for (NodeProcess n : nodes) {
                assertThat(n.cli("CLUSTER", "NODES")).doesNotContain(dId);
            }
        });
        awaitAgreement();
        for (int i = 0; i < 200; i++) {
            assertThat(run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(a.port), "GET", "key" + i).out().trim())
                    .isEqualTo("v" + i);
        }
        assertThat(run(NodeProcess.redisCli(), "--cluster", "check", addr(a)).out()).contains("[OK] All 16384 slots covered.");
    }

    @Test
    void aReplicaAddedByRedisCliFollowsItsMasterAndServesReadonlyReads() throws Exception {
        createCluster(3);
        NodeProcess a = nodes.get(0);
        String aId = a.cli("CLUSTER", "MYID").trim();
        for (int i = 0; i < 200; i++) {
            run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(a.port), "SET", "key" + i, "v" + i);
        }
        NodeProcess d = startNode(3);
        Run add = run(NodeProcess.redisCli(), "--cluster", "add-node", addr(d), addr(a), "--cluster-slave",
                "--cluster-master-id", aId);
        assertThat(add.code()).as(add.out()).isZero();
        awaitAgreement();
        String dId = d.cli("CLUSTER", "MYID").trim();
        assertThat(a.cli("CLUSTER", "NODES")).containsPattern(dId + " 127\\.0\\.0\\.1:" + d.port + "@\\d+ slave " + aId + " ");
        assertThat(d.cli("CLUSTER", "REPLICAS", aId)).contains(dId).contains("myself,slave " + aId);
        await().atMost(Duration.ofSeconds(30)).until(() -> d.cli("INFO", "replication").contains("master_link_status:up"));
        try (redis.clients.jedis.Jedis onA = new redis.clients.jedis.Jedis("127.0.0.1", a.port);
             redis.clients.jedis.Jedis onD = new redis.clients.jedis.Jedis("127.0.0.1", d.port)) {
            long aKeys = onA.dbSize();
            assertThat(aKeys).isPositive();
            await().atMost(Duration.ofSeconds(20)).until(() -> onD.dbSize() == aKeys);
            String aKey = null;
            String otherKey = null;
            for (int i = 0; i < 200 && (aKey == null || otherKey == null); i++) {
                try {
                    assertThat(onA.get("key" + i)).isEqualTo("v" + i);
                    aKey = aKey == null ? "key" + i : aKey;
                } catch (redis.clients.jedis.exceptions.JedisMovedDataException e) {
                    otherKey = otherKey == null ? "key" + i : otherKey;
                }
            }
            String mine = aKey;
            String other = otherKey;
            // without READONLY a replica redirects to its master; writes always do
            assertThatThrownBy(() -> onD.get(mine)).hasMessageContaining("MOVED").hasMessageContaining(":" + a.port);
            assertThatThrownBy(() -> onD.set(mine, "x")).hasMessageContaining("MOVED");
            onD.readonly();
            assertThat(onD.get(mine)).isEqualTo(onA.get(mine));
            assertThatThrownBy(() -> onD.get(other)).hasMessageContaining("MOVED"); // not its master's slot
            onA.set(mine, "changed");
            await().atMost(Duration.ofSeconds(10)).until(() -> "changed".equals(onD.get(mine)));
            // shard channels of its master's slots are served by the replica too (no READONLY needed),
            // and an SPUBLISH on the master reaches them; other slots' channels are redirected
            try (Subscriber shard = new Subscriber(d, "SSUBSCRIBE", mine)) {
                assertThat(shard.next()).containsExactly("ssubscribe", mine, "1");
                assertThat(a.cli("SPUBLISH", mine, "to the shard").trim()).isEqualTo("0"); // the master's own subscribers
                assertThat(shard.next()).containsExactly("smessage", mine, "to the shard");
            }
            assertThat(d.cli("SSUBSCRIBE", other).trim()).startsWith("MOVED ");
        }
        Run check = run(NodeProcess.redisCli(), "--cluster", "check", addr(a));
        assertThat(check.out()).contains("[OK] All 16384 slots covered.").contains("| 1 slaves.");
        // CLUSTER RESET turns a replica into an empty master (a master with keys refuses it)
        assertThat(a.cli("CLUSTER", "RESET").trim()).isEqualTo("ERR CLUSTER RESET can't be called with master nodes containing keys");
        assertThat(d.cli("CLUSTER", "RESET", "HARD").trim()).isEqualTo("OK");
        assertThat(d.cli("DBSIZE").trim()).isEqualTo("0");
        await().atMost(Duration.ofSeconds(10)).until(() -> d.cli("ROLE").startsWith("master"));
    }

    @Test
    void announcedHostnamesReachEveryNodeAndRedirectionsFollowThePreferredEndpoint() throws Exception {
        createCluster(3);
        NodeProcess a = nodes.get(0);
        NodeProcess c = nodes.get(2);
        assertThat(a.cli("CONFIG", "SET", "cluster-announce-hostname", "me.example")).startsWith("OK");
        assertThat(c.cli("CONFIG", "SET", "cluster-announce-hostname", "them.example")).startsWith("OK");
        String cId = c.cli("CLUSTER", "MYID").trim();
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.get(1).cli("CLUSTER", "NODES")
                .matches("(?s).*" + cId + " 127\\.0\\.0\\.1:" + c.port + "@\\d+,them\\.example .*"));
        // a key of c's slots and one of b's (createCluster deals 0-5460, 5461-10922, 10923-16383)
        String onC = null;
        String onB = null;
        for (int i = 0; onC == null || onB == null; i++) {
            int slot = io.rekko.slots.KeySlot.of(("k" + i).getBytes(StandardCharsets.UTF_8));
            if (slot > 10922 && onC == null) {
                onC = "k" + i;
            } else if (slot > 5460 && slot <= 10922 && onB == null) {
                onB = "k" + i;
            }
        }
        String cKey = onC;
        await().atMost(Duration.ofSeconds(10)).until(() -> a.cli("CLUSTER", "SLOTS").contains("them.example"));
        assertThat(a.cli("SET", cKey, "v").trim()).matches("MOVED \\d+ 127\\.0\\.0\\.1:" + c.port);
        assertThat(a.cli("CONFIG", "SET", "cluster-preferred-endpoint-type", "hostname")).startsWith("OK");
        assertThat(a.cli("SET", cKey, "v").trim()).matches("MOVED \\d+ them\\.example:" + c.port);
        assertThat(a.cli("SET", onB, "v").trim()).matches("MOVED \\d+ \\?:" + nodes.get(1).port);
        assertThat(a.cli("CLUSTER", "SLOTS")).contains("them.example").contains("?");
        assertThat(a.cli("CONFIG", "SET", "cluster-preferred-endpoint-type", "unknown-endpoint")).startsWith("OK");
        assertThat(a.cli("SET", cKey, "v").trim()).matches("MOVED \\d+ :" + c.port);
        assertThat(a.cli("CONFIG", "SET", "cluster-announce-hostname", "x".repeat(256)))
                .contains("Hostnames must be less than 256 characters");
        assertThat(a.cli("CONFIG", "SET", "cluster-announce-hostname", "?.com"))
                .contains("Hostnames may only contain alphanumeric characters, hyphens or dots");
        // scripts in cluster mode: declared keys are routed like any command, undeclared ones checked
        assertThat(c.cli("EVAL", "return redis.call('set', KEYS[1], 'v')", "1", cKey).trim()).isEqualTo("OK");
        assertThat(a.cli("EVAL", "return redis.call('get', KEYS[1])", "1", cKey).trim()).startsWith("MOVED ");
        assertThat(c.cli("EVAL", "return redis.call('get', '" + onB + "')", "0").trim())
                .startsWith("ERR Script attempted to access a non local key in a cluster node script: ");
    }

    @Test
    void aRestartedNodeKeepsItsIdEpochAndSlots() throws Exception {
        createCluster(3);
        NodeProcess b = nodes.get(1);
        String id = b.cli("CLUSTER", "MYID").trim();
        String myLine = myself(b.cli("CLUSTER", "NODES"));
        String info = b.cli("CLUSTER", "INFO");
        int busPort = Integer.parseInt(myLine.split(" ")[1].split("@")[1]);
        b.close(); // SIGKILL
        NodeProcess again = NodeProcess.startClusterNode(b.port, busPort, tmp.resolve("n1"));
        nodes.set(1, again);
        assertThat(again.cli("CLUSTER", "MYID").trim()).isEqualTo(id);
        assertThat(myself(again.cli("CLUSTER", "NODES")).split(" ")[6]).isEqualTo(myLine.split(" ")[6]);
        assertThat(slotsOf(myself(again.cli("CLUSTER", "NODES")))).isEqualTo(slotsOf(myLine));
        assertThat(again.cli("CLUSTER", "INFO")).contains(line(info, "cluster_current_epoch"));
        awaitAgreement();
        await().atMost(Duration.ofSeconds(6)).untilAsserted(() ->
                assertThat(run(NodeProcess.redisCli(), "--cluster", "check", addr(nodes.get(0))).out())
                        .contains("[OK] All nodes agree about slots configuration.", "[OK] All 16384 slots covered."));
    }

    static String myself(String nodesText) {
        for (String l : nodesText.split("\n")) {
            if (l.contains("myself")) {
                return l.trim();
            }
        }
        throw new AssertionError("no myself line in " + nodesText);
    }

    static String slotsOf(String line) {
        String[] f = line.split(" ");
        return String.join(" ", List.of(f).subList(8, f.length));
    }

    static String line(String text, String field) {
        for (String l : text.split("\r\n")) {
            if (l.startsWith(field + ":")) {
                return l;
            }
        }
        throw new AssertionError(field + " not in " + text);
    }

    @Test
    void importFromARedisServer() throws Exception {
        createCluster(3);
        int port = NodeProcess.freePort();
        Path dir = Files.createDirectories(tmp.resolve("redis"));
        Process redis = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--save", "", "--appendonly", "no",
                "--dir", dir.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        others.add(redis);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                run(NodeProcess.redisCli(), "-p", String.valueOf(port), "PING").out().trim().equals("PONG"));
        for (int i = 0; i < 100; i++) {
            run(NodeProcess.redisCli(), "-p", String.valueOf(port), "SET", "imp" + i, "v" + i);
        }
        run(NodeProcess.redisCli(), "-p", String.valueOf(port), "RPUSH", "implist", "a", "b", "c");
        run(NodeProcess.redisCli(), "-p", String.valueOf(port), "HSET", "imphash", "f", "v");
        Run imp = run(NodeProcess.redisCli(), "--cluster", "import", addr(nodes.get(0)), "--cluster-from", "127.0.0.1:" + port);
        assertThat(imp.code()).as(imp.out()).isZero();
        String cli = NodeProcess.redisCli();
        String p = String.valueOf(nodes.get(0).port);
        for (int i = 0; i < 100; i++) {
            assertThat(run(cli, "-c", "-p", p, "GET", "imp" + i).out().trim()).isEqualTo("v" + i);
        }
        assertThat(run(cli, "-c", "-p", p, "LRANGE", "implist", "0", "-1").out().trim()).isEqualTo("a\nb\nc");
        assertThat(run(cli, "-c", "-p", p, "HGET", "imphash", "f").out().trim()).isEqualTo("v");
        assertThat(run(cli, "-p", String.valueOf(port), "DBSIZE").out().trim()).isEqualTo("0"); // moved, not copied
    }

    /** A subscriber connection that collects what the server pushes, line by line. */
    static final class Subscriber implements AutoCloseable {
        final java.net.Socket socket;
        final java.io.BufferedReader in;

        Subscriber(NodeProcess n, String... command) throws IOException {
            socket = new java.net.Socket("127.0.0.1", n.port);
            socket.setSoTimeout(10_000);
            in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("*" + command.length + "\r\n");
            for (String a : command) {
                sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            }
            socket.getOutputStream().write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }

        /** The next RESP2 array pushed, as its bulk/integer items (waits up to the socket timeout). */
        List<String> next() throws IOException {
            String header = in.readLine();
            assertThat(header).startsWith("*");
            int n = Integer.parseInt(header.substring(1));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String line = in.readLine();
                if (line.startsWith("$")) {
                    items.add(Integer.parseInt(line.substring(1)) < 0 ? null : in.readLine());
                } else {
                    items.add(line.substring(1));
                }
            }
            return items;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void pubSubAcrossTheCluster() throws Exception {
        createCluster(3);
        NodeProcess a = nodes.get(0);
        NodeProcess b = nodes.get(1);
        NodeProcess c = nodes.get(2);
        // PUBLISH on one node reaches subscribers on every node; its reply counts the local ones
        try (Subscriber onB = new Subscriber(b, "SUBSCRIBE", "news"); Subscriber onC = new Subscriber(c, "SUBSCRIBE", "news")) {
            assertThat(onB.next()).containsExactly("subscribe", "news", "1");
            assertThat(onC.next()).containsExactly("subscribe", "news", "1");
            await().atMost(Duration.ofSeconds(5)).until(() -> b.cli("PUBSUB", "NUMSUB", "news").contains("1"));
            assertThat(a.cli("PUBLISH", "news", "hello").trim()).isEqualTo("0");
            assertThat(onB.next()).containsExactly("message", "news", "hello");
            assertThat(onC.next()).containsExactly("message", "news", "hello");
        }
        // shard channels live on the slot's owner: {x}a hashes to slot 16287, served by the third node
        assertThat(a.cli("SSUBSCRIBE", "{x}a").trim()).isEqualTo("MOVED 16287 " + addr(c));
        assertThat(a.cli("SPUBLISH", "{x}a", "m").trim()).isEqualTo("MOVED 16287 " + addr(c));
        try (Subscriber shard = new Subscriber(c, "SSUBSCRIBE", "{x}a")) {
            assertThat(shard.next()).containsExactly("ssubscribe", "{x}a", "1");
            assertThat(c.cli("SPUBLISH", "{x}a", "m1").trim()).isEqualTo("1");
            assertThat(shard.next()).containsExactly("smessage", "{x}a", "m1");
            assertThat(c.cli("PUBSUB", "SHARDCHANNELS")).contains("{x}a");
            assertThat(c.cli("PUBSUB", "SHARDNUMSUB", "{x}a").trim()).isEqualTo("{x}a\n1");
            // the slot moves to the first node: its shard subscribers are told they are unsubscribed
            String cId = c.cli("CLUSTER", "MYID").trim();
            String aId = a.cli("CLUSTER", "MYID").trim();
            assertThat(a.cli("CLUSTER", "SETSLOT", "16287", "IMPORTING", cId).trim()).isEqualTo("OK");
            assertThat(c.cli("CLUSTER", "SETSLOT", "16287", "MIGRATING", aId).trim()).isEqualTo("OK");
            assertThat(a.cli("CLUSTER", "SETSLOT", "16287", "NODE", aId).trim()).isEqualTo("OK");
            assertThat(c.cli("CLUSTER", "SETSLOT", "16287", "NODE", aId).trim()).isEqualTo("OK");
            assertThat(shard.next()).containsExactly("sunsubscribe", "{x}a", "0");
            assertThat(c.cli("SPUBLISH", "{x}a", "m2").trim()).isEqualTo("MOVED 16287 " + addr(a));
        }
    }

    @Test
    void aJvmApplicationUsesTheClusterThroughActorMessages() throws Exception {
        createCluster(3);
        String busA = myself(nodes.get(0).cli("CLUSTER", "NODES")).split(" ")[1].split("@")[1];
        org.apache.pekko.actor.typed.ActorSystem<Void> app = org.apache.pekko.actor.typed.ActorSystem.create(
                org.apache.pekko.actor.typed.javadsl.Behaviors.empty(), "app",
                io.rekko.node.cluster.RekkoClusterClient.remotingConfig());
        try {
            io.rekko.node.cluster.RekkoClusterClient rekko =
                    io.rekko.node.cluster.RekkoClusterClient.connect(app, List.of("127.0.0.1:" + busA));
            for (int i = 0; i < 50; i++) {
                assertThat(rekko.execute("SET", "api" + i, "v" + i).toCompletableFuture().get())
                        .isEqualTo(new io.rekko.protocol.RespValue.SimpleString("OK"));
            }
            String cli = NodeProcess.redisCli();
            String p = String.valueOf(nodes.get(0).port);
            for (int i = 0; i < 50; i++) {
                assertThat(run(cli, "-c", "-p", p, "GET", "api" + i).out().trim()).isEqualTo("v" + i);
                assertThat(rekko.execute("GET", "api" + i).toCompletableFuture().get().toString()).contains("v" + i);
            }
            assertThat(rekko.execute("MSET", "a", "1", "b", "2").toCompletableFuture().get())
                    .isEqualTo(new io.rekko.protocol.RespValue.Error("CROSSSLOT Keys in request don't hash to the same slot"));
            assertThat(rekko.execute("INCR", "api0").toCompletableFuture().get())
                    .isEqualTo(new io.rekko.protocol.RespValue.Error("ERR value is not an integer or out of range"));
            // move the slot of "api7" elsewhere: the client is told MOVED, learns the new map and follows
            int slot = Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", "api7").trim());
            NodeProcess from = ownerOf(slot);
            NodeProcess to = nodes.stream().filter(n -> n != from).findFirst().orElseThrow();
            String fromId = from.cli("CLUSTER", "MYID").trim();
            String toId = to.cli("CLUSTER", "MYID").trim();
            to.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", fromId);
            from.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", toId);
            assertThat(from.cli("MIGRATE", "127.0.0.1", String.valueOf(to.port), "", "0", "5000", "KEYS", "api7").trim())
                    .isEqualTo("OK");
            to.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
            from.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", toId);
            assertThat(rekko.execute("GET", "api7").toCompletableFuture().get().toString()).contains("v7");
            assertThat(to.cli("GET", "api7").trim()).isEqualTo("v7");
        } finally {
            app.terminate();
        }
    }

    @Test
    void redirectionsWhileASlotMigrates() throws Exception {
        createCluster(3);
        int slot = Integer.parseInt(nodes.get(0).cli("CLUSTER", "KEYSLOT", "{m}").trim());
        NodeProcess src = ownerOf(slot);
        NodeProcess dst = nodes.stream().filter(n -> n != src).findFirst().orElseThrow();
        String srcId = src.cli("CLUSTER", "MYID").trim();
        String dstId = dst.cli("CLUSTER", "MYID").trim();
        assertThat(src.cli("MSET", "{m}a", "1", "{m}b", "2").trim()).isEqualTo("OK");
        assertThat(dst.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", srcId).trim()).isEqualTo("OK");
        assertThat(src.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", dstId).trim()).isEqualTo("OK");
        assertThat(src.cli("CLUSTER", "NODES")).contains("[" + slot + "->-" + dstId + "]");
        assertThat(dst.cli("CLUSTER", "NODES")).contains("[" + slot + "-<-" + srcId + "]");
        assertThat(src.cli("MIGRATE", "127.0.0.1", String.valueOf(dst.port), "{m}a", "0", "5000").trim()).isEqualTo("OK");
        // on the source: present keys are served, a missing one is redirected with ASK
        assertThat(src.cli("GET", "{m}b").trim()).isEqualTo("2");
        assertThat(src.cli("GET", "{m}a").trim()).isEqualTo("ASK " + slot + " " + addr(dst));
        assertThat(src.cli("MGET", "{m}a", "{m}b").trim()).isEqualTo("TRYAGAIN Multiple keys request during rehashing of slot");
        // on the target: MOVED back unless the client said ASKING (for one command)
        assertThat(dst.cli("GET", "{m}a").trim()).isEqualTo("MOVED " + slot + " " + addr(src));
        Run asking = run(NodeProcess.redisCli(), "-p", String.valueOf(dst.port), "--no-raw", "ASKING");
        assertThat(asking.out().trim()).isEqualTo("OK");
        try (Subscriber conn = new Subscriber(dst, "ASKING")) {
            assertThat(conn.in.readLine()).isEqualTo("+OK");
            conn.socket.getOutputStream().write("*2\r\n$3\r\nGET\r\n$4\r\n{m}a\r\n*2\r\n$3\r\nGET\r\n$4\r\n{m}a\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(conn.in.readLine()).isEqualTo("$1");
            assertThat(conn.in.readLine()).isEqualTo("1");
            assertThat(conn.in.readLine()).isEqualTo("-MOVED " + slot + " " + addr(src));
        }
        // redis-cli -c follows ASK on its own
        assertThat(run(NodeProcess.redisCli(), "-c", "-p", String.valueOf(src.port), "GET", "{m}a").out().trim()).isEqualTo("1");
        // close the migration: the slot is the target's everywhere
        assertThat(src.cli("MIGRATE", "127.0.0.1", String.valueOf(dst.port), "", "0", "5000", "KEYS", "{m}b").trim()).isEqualTo("OK");
        assertThat(src.cli("MIGRATE", "127.0.0.1", String.valueOf(dst.port), "{m}b", "0", "5000").trim()).isEqualTo("NOKEY");
        assertThat(dst.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", dstId).trim()).isEqualTo("OK");
        assertThat(src.cli("CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", dstId).trim()).isEqualTo("OK");
        awaitAgreement();
        for (NodeProcess n : nodes) {
            if (n != dst) {
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                        assertThat(n.cli("GET", "{m}b").trim()).isEqualTo("MOVED " + slot + " " + addr(dst)));
            }
        }
        assertThat(dst.cli("MGET", "{m}a", "{m}b").trim()).isEqualTo("1\n2");
        assertThat(dst.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
    }

    NodeProcess ownerOf(int slot) throws Exception {
        for (NodeProcess n : nodes) {
            for (String range : slotsOf(myself(n.cli("CLUSTER", "NODES"))).split(" ")) {
                String[] ab = range.split("-");
                int lo = Integer.parseInt(ab[0]);
                int hi = ab.length > 1 ? Integer.parseInt(ab[1]) : lo;
                if (slot >= lo && slot <= hi) {
                    return n;
                }
            }
        }
        throw new AssertionError("nobody serves " + slot);
    }

    @Test
    void clusterCommandsOutsideClusterModeAreRefused() throws Exception {
        try (NodeProcess n = NodeProcess.start()) {
            assertThat(n.cli("CLUSTER", "INFO").trim()).isEqualTo("ERR This instance has cluster support disabled");
            assertThat(n.cli("READONLY").trim()).isEqualTo("ERR This instance has cluster support disabled");
        }
    }
}
