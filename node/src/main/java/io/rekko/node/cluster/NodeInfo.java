package io.rekko.node.cluster;

/**
 * What a node tells the others about itself (its entry in the replicated node directory):
 * its id, where clients reach it, its Pekko address, its configEpoch and its role.
 *
 * @param master the node id of its master when it is a replica, else null
 * @param nofailover cluster-replica-no-failover is set on it (CLUSTER NODES shows "nofailover")
 * @param currentEpoch its currentEpoch: Redis carries it in every bus message, so that a replica
 *                     starting an election asks for an epoch no master has voted in yet
 * @param dropsPings DEBUG DROP-CLUSTER-PACKET-FILTER 0 is set on it: it ignores the PINGs of its peers
 *                   (see ClusterState#cutFrom)
 */
public record NodeInfo(String id, String ip, int port, int cport, String address, long configEpoch, String master,
                       boolean nofailover, String hostname, long currentEpoch, boolean dropsPings)
        implements CborSerializable {
    /** {@code hostname}: cluster-announce-hostname, "" when none (an entry written before it existed has null). */
    public NodeInfo {
        hostname = hostname == null ? "" : hostname;
    }

    public NodeInfo(String id, String ip, int port, int cport, String address, long configEpoch, String master,
                    boolean nofailover) {
        this(id, ip, port, cport, address, configEpoch, master, nofailover, "", 0, false);
    }

    /** A node without the nofailover flag (cluster-replica-no-failover no). */
    public NodeInfo(String id, String ip, int port, int cport, String address, long configEpoch, String master) {
        this(id, ip, port, cport, address, configEpoch, master, false);
    }
}
