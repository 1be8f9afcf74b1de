package io.rekko.node.cluster;

/**
 * What a node tells the others about itself (its entry in the replicated node directory):
 * its id, where clients reach it, its Pekko address, its configEpoch and its role.
 *
 * @param master the node id of its master when it is a replica, else null
 */
public record NodeInfo(String id, String ip, int port, int cport, String address, long configEpoch, String master)
        implements CborSerializable {}
