package io.rekko.node.cluster;

import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;

/** Reaches package-private steps of {@link ClusterNode} from tests in other packages. */
public final class ClusterNodeAccess {
    private ClusterNodeAccess() {
    }

    /** The node's cluster dissolves into the one of the node whose bus listens on {@code cport}. */
    public static void merge(ClusterNode node, String ip, int cport) {
        String address = ClusterNode.busAddress(ip, cport);
        node.mergeInto(address, List.of(address));
    }

    /**
     * The node's cluster dissolves into the one of the node whose bus listens on {@code cport}
     * (what Topology does when two clusters met), and CLUSTER RESET HARD is given while that
     * restart is under way.
     */
    public static void mergeThenHardReset(ClusterNode node, String ip, int cport) {
        String address = ClusterNode.busAddress(ip, cport);
        synchronized (node) { // nothing of the restart runs before the reset is given
            node.mergeInto(address, List.of(address));
            node.reset(true);
        }
    }

    /**
     * Artery on {@code node} quarantines the current incarnation of the member whose bus listens
     * on {@code cport}, as it does when system messages to it could not be delivered.
     */
    public static void quarantine(ClusterNode node, String ip, int cport) {
        org.apache.pekko.actor.ActorSystem classic = node.system().classicSystem();
        String address = ClusterNode.busAddress(ip, cport);
        for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.Cluster.get(classic).state().getMembers()) {
            if (m.address().toString().equals(address)) {
                ((org.apache.pekko.remote.RemoteActorRefProvider) ((org.apache.pekko.actor.ExtendedActorSystem) classic).provider()).quarantine(m.address(),
                        scala.Option.apply((Object) m.uniqueAddress().longUid()), "test");
                return;
            }
        }
        throw new IllegalStateException("no member at " + address);
    }

    /** How many members the node's Pekko cluster has Up, itself included. */
    public static int upMembers(ClusterNode node) {
        ActorSystem<?> system = node.system();
        if (system == null) {
            return 0;
        }
        int n = 0;
        for (org.apache.pekko.cluster.Member m : org.apache.pekko.cluster.Cluster.get(system.classicSystem()).state().getMembers()) {
            if (m.status() == org.apache.pekko.cluster.MemberStatus.up()) {
                n++;
            }
        }
        return n;
    }

    /** How many members the node's Pekko cluster finds unreachable (they hold up every join). */
    public static int unreachableMembers(ClusterNode node) {
        ActorSystem<?> system = node.system();
        return system == null ? -1
                : org.apache.pekko.cluster.Cluster.get(system.classicSystem()).state().getUnreachable().size();
    }
}
