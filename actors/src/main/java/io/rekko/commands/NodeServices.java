package io.rekko.commands;

/**
 * What command code may ask of the node it runs in (implemented by node/): configuration
 * values that change how commands behave, read on every use so CONFIG SET takes effect.
 */
public interface NodeServices {
    /** proto-max-bulk-len: the largest string a command may build (APPEND, SETRANGE). */
    long protoMaxBulkLen();

    /** Whether this node is a replica (replicas do not delete expired keys themselves). */
    default boolean isReplica() {
        return false;
    }

    /**
     * Whether writes are refused for want of replicas: min-replicas-to-write is set and fewer
     * replicas than that acknowledged within min-replicas-max-lag seconds (read on every write).
     */
    default boolean tooFewGoodReplicas() {
        return false;
    }

    /** Whether this replica refuses commands without the stale flag: its link is down and replica-serve-stale-data is no. */
    default boolean staleRefused() {
        return false;
    }

    /** Where keyspace notifications are published (the node's pub/sub), or null. */
    default KeyspaceEvents.Publisher events() {
        return null;
    }

    /** Whether the node runs in cluster mode (cluster-enabled yes). */
    default boolean clusterMode() {
        return false;
    }

    /** How MIGRATE talks to other instances, or null when this node cannot. */
    default MigrateTransport migrateTransport() {
        return null;
    }

    /**
     * Where writes go for this node's replicas (its replication stream), or null when no
     * replica has asked for one: read at the start of every command.
     */
    default Propagation.Sink replication() {
        return null;
    }

    /** Defaults for tests and embedded use. */
    /** The node's script cache (EVAL, SCRIPT LOAD). */
    default io.rekko.commands.scripting.ScriptCache scripts() {
        return SHARED_SCRIPTS;
    }

    /**
     * In cluster mode, why a script may not touch a key of {@code slot} here (the error text
     * of scriptVerifyClusterState), or null.
     */
    default String scriptSlotError(ClientState client, int slot, boolean write) {
        return null;
    }

    /** busy-reply-threshold (lua-time-limit): how long a script may run, in ms (0: no limit). */
    default long busyReplyThresholdMs() {
        return 5000;
    }

    /** The scripts of nodes that keep none of their own (tests, the in-process API). */
    io.rekko.commands.scripting.ScriptCache SHARED_SCRIPTS = new io.rekko.commands.scripting.ScriptCache();

    NodeServices DEFAULTS = () -> 512L * 1024 * 1024;
}
