package io.rekko.shard;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.slots.KeySlot;

/**
 * Which shard(s) a command's keys live on, from the key positions in the command table (the
 * legacy first/last/step triple on the hot path, the key specs for movable-key commands). The
 * RESP front end and the JVM actor API both route through here.
 */
public final class Router {
    private Router() {}

    /** The one shard holding every key of the command, or -1 when they span several shards. */
    public static int shardOf(ShardSet shards, CommandTable table, CommandSpec spec, byte[][] argv, int argc) {
        if (shards.size() == 1) {
            return 0;
        }
        int shard = -1;
        if (spec.firstKey > 0 && !spec.has(CommandSpec.MOVABLE_KEYS)) {
            int last = spec.lastKeyIndex(argc);
            for (int i = spec.firstKey; i <= last; i += spec.keyStep) {
                int s = shards.shardOfSlot(KeySlot.of(argv[i]));
                if (shard == -1) {
                    shard = s;
                } else if (s != shard) {
                    return -1;
                }
            }
        } else {
            int[] pos = table.keyPositions(spec, argv, argc);
            if (pos != null) {
                for (int i : pos) {
                    int s = shards.shardOfSlot(KeySlot.of(argv[i]));
                    if (shard == -1) {
                        shard = s;
                    } else if (s != shard) {
                        return -1;
                    }
                }
            }
        }
        return shard == -1 ? 0 : shard;
    }

    /** The sorted distinct shards of the command's keys. */
    public static int[] shardsOf(ShardSet shards, CommandTable table, CommandSpec spec, byte[][] argv, int argc) {
        boolean[] seen = new boolean[shards.size()];
        int[] pos = table.keyPositions(spec, argv, argc);
        if (pos != null) {
            for (int i : pos) {
                seen[shards.shardOfSlot(KeySlot.of(argv[i]))] = true;
            }
        }
        return toSorted(seen);
    }

    /** The indexes set in {@code seen}, ascending (at least shard 0). */
    public static int[] toSorted(boolean[] seen) {
        int n = 0;
        for (boolean b : seen) {
            if (b) {
                n++;
            }
        }
        int[] out = new int[Math.max(n, 1)];
        int j = 0;
        for (int i = 0; i < seen.length; i++) {
            if (seen[i]) {
                out[j++] = i;
            }
        }
        return out;
    }

    /** The shards of a list of keys, sorted. */
    public static int[] shardsOfKeys(ShardSet shards, Iterable<byte[]> keys) {
        boolean[] seen = new boolean[shards.size()];
        for (byte[] k : keys) {
            seen[shards.shardOfSlot(KeySlot.of(k))] = true;
        }
        return toSorted(seen);
    }
}
