package io.rekko.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rekko.node.cluster.ClusterNodeAccess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that another member quarantined (Artery gives up on its incarnation for good) comes
 * back with a new incarnation of its cluster bus. Left as it was, the member that quarantined it
 * keeps it unreachable forever, and Pekko lets no node join or rejoin while a member is
 * unreachable and not downed: in Redis's 02-failover a restarted old master stayed out for a
 * minute and never became a replica.
 */
class ClusterQuarantineTest {
    private final List<RekkoNode> running = new ArrayList<>();

    private RekkoNode start() throws Exception {
        int bus;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            bus = s.getLocalPort();
        }
        RekkoNode n = RekkoNode.start(Config.fromArgs(List.of("--port", "0", "--bind", "127.0.0.1",
                "--cluster-enabled", "yes", "--cluster-port", String.valueOf(bus),
                "--dir", Files.createTempDirectory("rekko-quarantine").toString())));
        running.add(n);
        return n;
    }

    private static String call(RekkoNode n, String... args) throws Exception {
        try (RawClient c = new RawClient(n.port())) {
            return c.call(args);
        }
    }

    private static int bus(RekkoNode n) throws Exception {
        String myself = call(n, "CLUSTER", "NODES").lines().filter(l -> l.contains("myself")).findFirst().orElseThrow();
        String addr = myself.split(" ")[1]; // ip:port@cport
        return Integer.parseInt(addr.substring(addr.indexOf('@') + 1).split(",")[0]);
    }

    @AfterEach
    void stop() {
        for (RekkoNode n : running) {
            n.close();
        }
    }

    @Test
    void aQuarantinedNodeComesBackAndTheClusterConvergesAgain() throws Exception {
        RekkoNode a = start();
        RekkoNode b = start();
        RekkoNode c = start();
        assertThat(call(a, "CLUSTER", "ADDSLOTSRANGE", "0", "16383")).isEqualTo("+OK\r\n");
        call(a, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(b.port()), String.valueOf(bus(b)));
        call(a, "CLUSTER", "MEET", "127.0.0.1", String.valueOf(c.port()), String.valueOf(bus(c)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ClusterNodeAccess.upMembers(a.cluster) == 3
                && ClusterNodeAccess.upMembers(b.cluster) == 3 && ClusterNodeAccess.upMembers(c.cluster) == 3);

        ClusterNodeAccess.quarantine(a.cluster, "127.0.0.1", bus(b));
        // B's old incarnation is unreachable from A for good; its new one takes its place
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                ClusterNodeAccess.unreachableMembers(a.cluster) == 0 && ClusterNodeAccess.upMembers(a.cluster) == 3
                        && ClusterNodeAccess.upMembers(b.cluster) == 3);
        // and B still serves as a node of the cluster
        assertThat(call(b, "CLUSTER", "INFO")).contains("cluster_state:ok");
        assertThat(call(b, "CLUSTER", "NODES").lines().filter(l -> l.contains(":")).count()).isEqualTo(3);
    }
}
