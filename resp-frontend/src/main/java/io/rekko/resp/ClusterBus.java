package io.rekko.resp;

/** How a PUBLISH reaches the other nodes of the cluster (implemented by node/ over Pekko remoting). */
public interface ClusterBus {
    /** Delivers the message to the channel's subscribers on every other node; never blocks. */
    void publish(byte[] channel, byte[] message);

    /** SPUBLISH: delivers the message to the shard channel's subscribers on the other nodes of its shard. */
    default void spublish(byte[] channel, byte[] message) {}
}
