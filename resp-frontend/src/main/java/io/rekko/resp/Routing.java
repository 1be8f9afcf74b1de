package io.rekko.resp;

import io.rekko.commands.CommandSpec;
import io.rekko.shard.ShardSet;
import io.rekko.slots.KeySlot;

/**
 * Which shard(s) a command's keys live on, from the key positions in the command table (the
 * legacy first/last/step triple on the hot path, the key specs for movable-key commands).
 */
final class Routing {
    private Routing() {}

    /** The one shard holding every key of the command, or -1 when they span several shards. */
    static int shardOf(RespServer server, CommandSpec spec, byte[][] argv, int argc) {
        ShardSet shards = server.shards;
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
            int[] pos = server.table.keyPositions(spec, argv, argc);
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
    static int[] shardsOf(RespServer server, CommandSpec spec, byte[][] argv, int argc) {
        boolean[] seen = new boolean[server.shards.size()];
        int[] pos = server.table.keyPositions(spec, argv, argc);
        if (pos != null) {
            for (int i : pos) {
                seen[server.shards.shardOfSlot(KeySlot.of(argv[i]))] = true;
            }
        }
        return toSorted(seen);
    }

    static int[] toSorted(boolean[] seen) {
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
}
