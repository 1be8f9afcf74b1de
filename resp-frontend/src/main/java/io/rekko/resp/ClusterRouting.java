package io.rekko.resp;

/**
 * What the front end asks of the cluster before it runs a command with keys (implemented by
 * node/ in cluster mode; absent in standalone mode, where nothing is redirected). Every method
 * is read on the hot path: implementations answer from an immutable snapshot without locks.
 */
public interface ClusterRouting {
    /** The slot is served here and stable. */
    int MINE = 0;
    /** Another node serves the slot: -MOVED. */
    int ELSEWHERE = 1;
    /** Nobody serves the slot: -CLUSTERDOWN Hash slot not served. */
    int UNBOUND = 2;
    /** Served here but moving away: keys missing here get -ASK to the target. */
    int MIGRATING = 3;
    /** Served elsewhere but moving here: served to ASKING clients. */
    int IMPORTING = 4;

    /** One of the constants above, for a hash slot. */
    int route(int slot);

    /** "ip:port" of the node serving the slot (the MOVED target). */
    String ownerAddress(int slot);

    /** Whether this node is a replica whose master serves {@code slot} (READONLY clients may read it here). */
    default boolean myMasterServes(int slot) {
        return false;
    }

    /** "ip:port" of the node a migrating slot moves to (the ASK target). */
    String migratingTo(int slot);

    /** cluster_state:ok (every slot served, or cluster-require-full-coverage no). */
    boolean stateOk();

    /** cluster-allow-reads-when-down. */
    boolean allowReadsWhenDown();
}
