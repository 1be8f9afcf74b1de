package io.rekko.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real network partition: nodes in two network namespaces joined by a bridge (veth pairs),
 * the link of one namespace cut with {@code ip link set ... down}. The minority side (one master)
 * refuses writes within node-timeout plus a margin, the majority fails that master over to its
 * replica, and when the link is back the old master follows the new one, the majority's writes
 * kept. Needs root (network namespaces); skipped otherwise.
 */
class PartitionTest {
    private static final String NS_A = "rekko-part-a";
    private static final String NS_B = "rekko-part-b";
    private static final String BRIDGE = "rekkobr0";
    private static final String LINK_A = "rekkova"; // nsA's veth end on the bridge: cut to partition
    private static final String LINK_B = "rekkovb";
    private static final String IP_A = "10.77.0.2";
    private static final String IP_B = "10.77.0.3";
    private static final int TIMEOUT = 3000;

    @TempDir
    Path tmp;
    final List<Node> nodes = new ArrayList<>();

    /** A node process inside a namespace. */
    record Node(String ns, String ip, int port, Process process) {
        String cli(String... args) throws IOException, InterruptedException {
            return run(redisCli(ip, port, args));
        }

        /** redis-cli from inside the node's own namespace (reachable while its link is cut). */
        String cliInside(String... args) throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
            cmd.addAll(redisCli(ip, port, args));
            return run(cmd);
        }

        String id() throws Exception {
            return cli("CLUSTER", "MYID").trim();
        }

        String addr() {
            return ip + ":" + port;
        }
    }

    static List<String> redisCli(String ip, int port, String... args) {
        List<String> cmd = new ArrayList<>(List.of(NodeProcess.redisCli(), "-h", ip, "-p", String.valueOf(port)));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    static boolean sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @BeforeAll
    static void network() {
        removeNetwork();
        assumeTrue(sh("ip", "netns", "add", NS_A), "network namespaces need root (ip netns add)");
        boolean ok = sh("ip", "netns", "add", NS_B)
                && sh("ip", "link", "add", BRIDGE, "type", "bridge")
                && sh("ip", "link", "set", BRIDGE, "up");
        for (String[] side : new String[][] {{NS_A, LINK_A, IP_A}, {NS_B, LINK_B, IP_B}}) {
            String inside = side[1] + "i";
            ok = ok && sh("ip", "link", "add", side[1], "type", "veth", "peer", "name", inside)
                    && sh("ip", "link", "set", inside, "netns", side[0])
                    && sh("ip", "link", "set", side[1], "master", BRIDGE)
                    && sh("ip", "link", "set", side[1], "up")
                    && sh("ip", "netns", "exec", side[0], "ip", "addr", "add", side[2] + "/24", "dev", inside)
                    && sh("ip", "netns", "exec", side[0], "ip", "link", "set", inside, "up")
                    && sh("ip", "netns", "exec", side[0], "ip", "link", "set", "lo", "up");
        }
        // the test itself reaches both sides through an address on the bridge
        ok = ok && sh("ip", "addr", "add", "10.77.0.1/24", "dev", BRIDGE);
        if (!ok) {
            removeNetwork();
        }
        assumeTrue(ok, "could not build the test network (veth, bridge)");
    }

    @AfterAll
    static void removeNetwork() {
        sh("ip", "netns", "del", NS_A);
        sh("ip", "netns", "del", NS_B);
        sh("ip", "link", "del", BRIDGE);
        sh("ip", "link", "del", LINK_A);
        sh("ip", "link", "del", LINK_B);
    }

    @AfterEach
    void stop() {
        sh("ip", "link", "set", LINK_A, "up");
        nodes.forEach(n -> n.process().destroyForcibly());
        for (Node n : nodes) {
            try {
                n.process().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    Node start(String ns, String ip, int port) throws Exception {
        Path dir = tmp.resolve(ns + "-" + port);
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseParallelGC",
                "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "io.rekko.node.Main", "server",
                "--port", String.valueOf(port), "--bind", ip, "--cluster-enabled", "yes",
                "--cluster-node-timeout", String.valueOf(TIMEOUT), "--dir", dir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        Node n = new Node(ns, ip, port, p);
        nodes.add(n);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> n.cli("CLUSTER", "MYID").trim().length() == 40);
        return n;
    }

    /** A key whose slot the node serves as a master. */
    static String keyOn(Node master) throws Exception {
        String mine = "";
        for (String line : master.cli("CLUSTER", "NODES").split("\n")) {
            if (line.contains("myself")) {
                mine = line;
            }
        }
        for (int i = 0; ; i++) {
            int slot = Integer.parseInt(master.cli("CLUSTER", "KEYSLOT", "key:" + i).trim());
            if (FailoverTest.servesSlot(mine, slot)) {
                return "key:" + i;
            }
        }
    }

    @Test
    void theMinoritySideStopsAndTheMajorityFailsItsMasterOver() throws Exception {
        // side A: one master; side B: two masters and the three replicas (A's among them)
        Node a = start(NS_A, IP_A, 7101);
        Node b1 = start(NS_B, IP_B, 7103);
        Node b2 = start(NS_B, IP_B, 7104);
        Node ra = start(NS_B, IP_B, 7105);
        Node rb1 = start(NS_B, IP_B, 7106);
        Node rb2 = start(NS_B, IP_B, 7107);
        String create = run(List.of(NodeProcess.redisCli(), "--cluster", "create", a.addr(), b1.addr(), b2.addr(),
                "--cluster-yes"));
        assertThat(create).contains("[OK] All 16384 slots covered.");
        String[][] replicas = {{ra.addr(), a.id()}, {rb1.addr(), b1.id()}, {rb2.addr(), b2.id()}};
        for (String[] r : replicas) {
            String out = run(List.of(NodeProcess.redisCli(), "--cluster", "add-node", r[0], a.addr(), "--cluster-slave",
                    "--cluster-master-id", r[1]));
            assertThat(out).contains("[OK] New node added correctly.");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            for (Node n : nodes) {
                assertThat(n.cli("CLUSTER", "NODES").split("\n")).hasSize(6);
                assertThat(n.cli("CLUSTER", "NODES")).doesNotContain("fail");
                assertThat(n.cli("CLUSTER", "INFO")).contains("cluster_state:ok");
            }
            assertThat(ra.cli("INFO", "replication")).contains("master_link_status:up");
        });
        String key = keyOn(a);
        assertThat(run(redisCliC(b1, "SET", key, "before")).trim()).isEqualTo("OK");
        assertThat(a.cli("WAIT", "1", "5000").trim()).isEqualTo("1");

        assertThat(sh("ip", "link", "set", LINK_A, "down")).isTrue(); // the partition
        long cut = System.nanoTime();
        // the minority master refuses writes within node-timeout plus a margin
        await().atMost(Duration.ofMillis(TIMEOUT + 6000)).pollInterval(Duration.ofMillis(100))
                .until(() -> a.cliInside("SET", key, "minority").startsWith("CLUSTERDOWN"));
        long refusedAfter = Duration.ofNanos(System.nanoTime() - cut).toMillis();
        assertThat(a.cliInside("CLUSTER", "INFO")).contains("cluster_state:fail");
        // the majority promotes A's replica and takes writes on A's slots
        String raId = ra.id();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> run(redisCliC(b1, "SET", key, "majority")).trim().equals("OK"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(b1.cli("CLUSTER", "NODES")).containsPattern(raId + " \\S+ master - "));
        assertThat(refusedAfter).isLessThan(TIMEOUT + 6000);

        assertThat(sh("ip", "link", "set", LINK_A, "up")).isTrue(); // healed
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            String me = "";
            for (String line : a.cli("CLUSTER", "NODES").split("\n")) {
                if (line.contains("myself")) {
                    me = line;
                }
            }
            assertThat(me).contains("slave " + raId);
            assertThat(a.cli("INFO", "replication")).contains("master_link_status:up");
        });
        // the minority's refused write is nowhere; the majority's is everywhere
        assertThat(run(redisCliC(b2, "GET", key)).trim()).isEqualTo("majority");
        await().atMost(Duration.ofSeconds(20)).until(() -> a.cli("-c", "GET", key).trim().equals("majority"));
    }

    static List<String> redisCliC(Node via, String... args) {
        // a redirection to the cut-off side would wait for TCP's SYN retries: give up after 3 s
        List<String> cmd = new ArrayList<>(List.of("timeout", "3", NodeProcess.redisCli(), "-c", "-h", via.ip(), "-p",
                String.valueOf(via.port())));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
