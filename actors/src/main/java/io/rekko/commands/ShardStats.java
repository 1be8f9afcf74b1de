package io.rekko.commands;

/** Counters one shard keeps for INFO stats; summed over shards by INFO. */
public final class ShardStats {
    public long keyspaceHits;
    public long keyspaceMisses;
    public long expiredKeys;
    public long expiredStalePerc;
    public long commandsProcessed;
    public long activeExpireCycles;

    public void reset() {
        keyspaceHits = 0;
        keyspaceMisses = 0;
        expiredKeys = 0;
        commandsProcessed = 0;
        activeExpireCycles = 0;
    }
}
