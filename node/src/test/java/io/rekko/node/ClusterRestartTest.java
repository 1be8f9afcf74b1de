package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rekko.node.cluster.ClusterNodeAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node restarts its cluster system (Pekko's) when its cluster merges into another one that it
 * met: what a Redis user sees of the node meanwhile must stay what a Redis node shows, whose
 * links come and go but whose node table stays.
 */
class ClusterRestartTest {
    record Node(RekkoNode node, int bus) {
        int port() {
            return node.port();
        }

        String call(String... args) throws Exception {
            try (RawClient c = new RawClient(node.port())) {
                return c.call(args);
            }
        }

        String id() throws Exception {
            String r = call("CLUSTER", "MYID");
            return r.substring(r.indexOf('\n') + 1).trim();
        }
    }

    static final List<Node> nodes = new ArrayList<>();
    static Node a;

    static Node start() throws Exception {
        Path dir = Files.createTempDirectory("rekko-cluster-restart");
        int bus;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            bus = s.getLocalPort();
        }
        Node n = new Node(RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-port", String.valueOf(bus), "--dir", dir.toString()))), bus);
        nodes.add(n);
        return n;
    }

    static void meet(Node from, Node to) throws Exception {
        assertThat(from.call("CLUSTER", "MEET", "127.0.0.1", String.valueOf(to.port()), String.valueOf(to.bus())))
                .isEqualTo("+OK\r\n");
    }

    static int listed(Node n) throws Exception {
        return (int) n.call("CLUSTER", "NODES").lines().filter(l -> l.contains(":")).count();
    }

    @BeforeAll
    static void cluster() throws Exception {
        a = start();
        Node b = start();
        assertThat(a.call("CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        meet(a, b);
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(a) == 2 && listed(b) == 2
                && b.call("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    @AfterAll
    static void stop() {
        for (Node n : nodes) {
            n.node().close();
        }
    }

    @Test
    void aNodeMergingIntoAnotherClusterKeepsListingTheNodesItKnew() throws Exception {
        Node c = start();
        Node d = start();
        meet(c, d);
        await().atMost(Duration.ofSeconds(30)).until(() -> listed(c) == 2 && listed(d) == 2);
        String dId = d.id();
        String aId = a.id();
        // what Topology does when the two met: the cluster without slots dissolves into the other
        ClusterNodeAccess.merge(c.node().cluster, "127.0.0.1", a.bus());
        ClusterNodeAccess.merge(d.node().cluster, "127.0.0.1", a.bus());
        // while its cluster system restarts and joins, C still knows D (CLUSTER REPLICATE would
        // answer "Unknown node" otherwise), until it lists the four nodes
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String listing = c.call("CLUSTER", "NODES");
            assertThat(listing).contains(dId);
            return listing.contains(aId) && listed(c) == 4;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> c.call("CLUSTER", "INFO").contains("cluster_state:ok"));
    }

    @Test
    void aHardResetDuringAMergeLeavesTheNodeAlone() throws Exception {
        Node e = start();
        String before = e.id();
        // the reset comes while the restart for a merge is under way: the restart must not meet
        // the other cluster any more (it would hand its slot table back to the reset node)
        ClusterNodeAccess.mergeThenHardReset(e.node().cluster, "127.0.0.1", a.bus());
        assertThat(e.id()).isNotEqualTo(before);
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> {
            String info = e.call("CLUSTER", "INFO");
            return info.contains("cluster_known_nodes:1\r\n") && info.contains("cluster_slots_assigned:0\r\n")
                    && listed(e) == 1;
        });
    }
}
