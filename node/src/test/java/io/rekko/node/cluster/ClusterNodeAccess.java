package io.rekko.node.cluster;

import java.util.List;

/** Reaches package-private steps of {@link ClusterNode} from tests in other packages. */
public final class ClusterNodeAccess {
    private ClusterNodeAccess() {
    }

    /** The node's cluster dissolves into the one of the node whose bus listens on {@code cport}. */
    public static void merge(ClusterNode node, String ip, int cport) {
        String address = "pekko://" + ClusterNode.SYSTEM_NAME + "@" + ip + ":" + cport;
        node.mergeInto(address, List.of(address));
    }

    /**
     * The node's cluster dissolves into the one of the node whose bus listens on {@code cport}
     * (what Topology does when two clusters met), and CLUSTER RESET HARD is given while that
     * restart is under way.
     */
    public static void mergeThenHardReset(ClusterNode node, String ip, int cport) {
        String address = "pekko://" + ClusterNode.SYSTEM_NAME + "@" + ip + ":" + cport;
        synchronized (node) { // nothing of the restart runs before the reset is given
            node.mergeInto(address, List.of(address));
            node.reset(true);
        }
    }
}
