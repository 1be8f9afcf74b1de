package io.rekko.node.cluster;

/** The node configuration as cluster mode reads it (redis.conf names; implemented by the node's Config). */
public interface ClusterConfig {
    String get(String name);

    long getLong(String name);

    boolean getBool(String name);
}
