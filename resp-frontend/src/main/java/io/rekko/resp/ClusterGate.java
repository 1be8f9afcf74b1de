package io.rekko.resp;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.slots.KeySlot;
import java.util.Arrays;

/**
 * Redis Cluster's redirections (getNodeByQuery): which commands run here, and which get
 * -MOVED, -ASK, -TRYAGAIN, -CROSSSLOT or -CLUSTERDOWN. The slot checks run on the event loop
 * against {@link ClusterRouting}'s snapshot; the checks that need to know whether keys exist
 * (a slot migrating away, a multi-key command on a slot being imported) are left to the shard
 * that holds the slot, just before the command runs ({@link #shardCheck}).
 */
final class ClusterGate {
    /** The command runs without further checks. */
    static final byte RUN = 0;
    /** Slot migrating away: -ASK when no key is here, -TRYAGAIN when only some are. */
    static final byte CHECK_MIGRATING = 1;
    /** Multi-key command on a slot being imported: -TRYAGAIN when a key is missing. */
    static final byte CHECK_IMPORTING = 2;
    /** The bits of a check that are one of the modes above. */
    static final byte MODE = 0x0f;
    /** Flag on a check: the command came after ASKING (the shard's recheck needs it). */
    static final byte ASKED = 0x10;

    private ClusterGate() {}

    /**
     * Checks a command about to run (or be queued in MULTI; for EXEC, every queued command).
     * Returns null when it may go on, with {@code conn.clusterCheck} telling what the shard must
     * still check, or the error to reply.
     */
    static byte[] check(Connection conn, ClusterRouting routing, CommandSpec spec, byte[][] argv, int argc, boolean asking) {
        conn.clusterCheck = RUN;
        CommandTable table = conn.server.table;
        boolean exec = spec.fullName.equals("exec");
        if (exec) {
            if (!conn.inMulti) {
                return null;
            }
        } else if (spec.firstKey == 0 && !spec.has(CommandSpec.MOVABLE_KEYS) && !table.hasKeySpecs(spec)) {
            return null;
        }
        Scan scan = new Scan();
        boolean write = spec.has(CommandSpec.WRITE);
        if (exec) {
            for (Object[] q : conn.multiQueue) {
                CommandSpec s = (CommandSpec) q[0];
                write |= s.has(CommandSpec.WRITE);
                if (!scan.add(table, s, (byte[][]) q[1], (int) q[2])) {
                    return Errors.CROSSSLOT;
                }
            }
        } else if (!scan.add(table, spec, argv, argc)) {
            return Errors.CROSSSLOT;
        }
        if (scan.first == null) {
            return null;
        }
        byte[] verdict = decide(conn, routing, spec, scan.slot, scan.multiple, write, asking);
        conn.clusterCheck = modeOf(verdict);
        return conn.clusterCheck < 0 ? verdict : null;
    }

    /*
     * decide's verdicts that let a command run, told apart by identity: as is, or after the
     * shard's existence check of a migrating or an importing slot. Any other verdict is the
     * error to reply.
     */
    private static final byte[] GO = new byte[0];
    private static final byte[] GO_CHECK_MIGRATING = new byte[0];
    private static final byte[] GO_CHECK_IMPORTING = new byte[0];

    /** RUN, CHECK_MIGRATING or CHECK_IMPORTING for a verdict that lets the command run; -1 for an error. */
    private static byte modeOf(byte[] verdict) {
        return verdict == GO ? RUN : verdict == GO_CHECK_MIGRATING ? CHECK_MIGRATING
                : verdict == GO_CHECK_IMPORTING ? CHECK_IMPORTING : -1;
    }

    /** The rest of getNodeByQuery, once the keys are known to be in {@code slot}. */
    private static byte[] decide(Connection conn, ClusterRouting routing, CommandSpec spec, int slot, boolean multiple,
                                 boolean write, boolean asking) {
        int route = routing.route(slot);
        if (route == ClusterRouting.UNBOUND) {
            return Errors.SLOT_NOT_SERVED;
        }
        boolean shardChannel = isShardPubSub(spec);
        if (!routing.stateOk() && !shardChannel) {
            if (!routing.allowReadsWhenDown()) {
                return Errors.CLUSTER_DOWN;
            }
            if (write) {
                return Errors.CLUSTER_DOWN_RO;
            }
        }
        boolean migrating = route == ClusterRouting.MIGRATING;
        boolean importing = route == ClusterRouting.IMPORTING;
        if ((migrating || importing) && spec.fullName.equals("migrate")) {
            return GO;
        }
        if (migrating) {
            return shardChannel ? GO : GO_CHECK_MIGRATING;
        }
        if (importing && (asking || spec.has(CommandSpec.ASKING))) {
            return multiple && !shardChannel ? GO_CHECK_IMPORTING : GO;
        }
        if (route == ClusterRouting.MINE) {
            return GO;
        }
        if (!write && conn.readonlyClient && routing.myMasterServes(slot)) {
            return GO; // a replica serves its master's slots to READONLY clients
        }
        if (shardChannel && routing.myMasterServes(slot)) {
            return GO; // and the shard channels of its master's slots to every client (Redis 7.0)
        }
        return Errors.moved(slot, routing.ownerAddress(slot));
    }

    /**
     * On the shard, for a command checked against an older routing than {@code routing}: the
     * event loop's check again (a command with keys), as Redis checks a command when it runs.
     * Between the event loop's check and the shard, a reshard may have moved the slot on:
     * without this, a write checked before SETSLOT MIGRATING that ran after the slot's keys
     * were migrated would be acknowledged on a node that no longer serves its slot. Returns the
     * error to reply, or null with the shard's check left in {@code mode[0]}.
     */
    static byte[] recheck(Connection conn, ClusterRouting routing, CommandSpec spec, byte[][] argv, int argc,
                          boolean asking, byte[] mode) {
        mode[0] = RUN;
        Scan scan = new Scan();
        if (!scan.add(conn.server.table, spec, argv, argc)) {
            return Errors.CROSSSLOT;
        }
        if (scan.first == null) {
            return null;
        }
        byte[] verdict = decide(conn, routing, spec, scan.slot, scan.multiple, spec.has(CommandSpec.WRITE), asking);
        mode[0] = modeOf(verdict);
        return mode[0] < 0 ? verdict : null;
    }

    /**
     * scriptVerifyClusterState for one key a script touches: the slot must be served here (or
     * be readable here by a READONLY client of a replica, or imported for an ASKING one).
     */
    static String scriptSlotError(Connection conn, ClusterRouting routing, int slot, boolean write) {
        int route = routing.route(slot);
        if (route != ClusterRouting.UNBOUND && !routing.stateOk()) {
            if (!routing.allowReadsWhenDown()) {
                return "Script attempted to execute a command while the cluster is down";
            }
            if (write) {
                return "Script attempted to execute a write command while the cluster is down and readonly";
            }
        }
        if (route == ClusterRouting.MINE || route == ClusterRouting.MIGRATING) {
            return null;
        }
        if (route == ClusterRouting.IMPORTING && conn != null && conn.asking) {
            return null;
        }
        if (route == ClusterRouting.ELSEWHERE && !write && conn != null && conn.readonlyClient && routing.myMasterServes(slot)) {
            return null;
        }
        return "Script attempted to access a non local key in a cluster node";
    }

    private static boolean isShardPubSub(CommandSpec spec) {
        return switch (spec.fullName) {
            case "ssubscribe", "sunsubscribe", "spublish" -> true;
            default -> false;
        };
    }

    /** The first key, its slot, and whether other distinct keys follow (all in that slot). */
    private static final class Scan {
        byte[] first;
        int slot;
        boolean multiple;

        /** Adds a command's keys; false when one hashes to another slot. */
        boolean add(CommandTable table, CommandSpec spec, byte[][] argv, int argc) {
            if (spec.firstKey > 0 && !spec.has(CommandSpec.MOVABLE_KEYS)) {
                int last = spec.lastKeyIndex(argc);
                for (int i = spec.firstKey; i <= last; i += spec.keyStep) {
                    if (!key(argv[i])) {
                        return false;
                    }
                }
                return true;
            }
            int[] pos = table.keyPositions(spec, argv, argc, true);
            if (pos != null) {
                for (int i : pos) {
                    if (!key(argv[i])) {
                        return false;
                    }
                }
            }
            return true;
        }

        private boolean key(byte[] k) {
            if (first == null) {
                first = k;
                slot = KeySlot.of(k);
                return true;
            }
            if (!Arrays.equals(first, k)) {
                if (KeySlot.of(k) != slot) {
                    return false;
                }
                multiple = true;
            }
            return true;
        }
    }

    /**
     * On the shard, just before the command runs: the existence checks {@link #check} left.
     * Returns null to run it, or the error to reply instead.
     */
    static byte[] shardCheck(ExecContext ctx, Connection conn, byte mode, CommandSpec spec, byte[][] argv, int argc) {
        Presence p = new Presence();
        p.count(ctx, conn, spec, argv, argc);
        return p.verdict(conn, mode);
    }

    /**
     * On the shards, just before a transaction runs: EXEC's check again when the routing changed
     * since the event loop made it (see {@link #recheck}), then the existence checks over every
     * queued key. Returns null to run the transaction, or the error EXEC replies instead (the
     * transaction is then discarded, as Redis discards it on a redirection).
     */
    static byte[] execCheck(ExecContext ctx, Connection conn, CommandSpec exec, ClusterRouting checkedWith, byte check,
                            java.util.List<Object[]> queued) {
        ClusterRouting routing = conn.server.routing;
        byte mode = (byte) (check & MODE);
        if (routing != checkedWith) {
            Scan scan = new Scan();
            boolean write = false;
            for (Object[] q : queued) {
                CommandSpec s = (CommandSpec) q[0];
                write |= s.has(CommandSpec.WRITE);
                if (!scan.add(conn.server.table, s, (byte[][]) q[1], (int) q[2])) {
                    return Errors.CROSSSLOT;
                }
            }
            if (scan.first == null) {
                return null;
            }
            byte[] verdict = decide(conn, routing, exec, scan.slot, scan.multiple, write, (check & ASKED) != 0);
            mode = modeOf(verdict);
            if (mode < 0) {
                return verdict;
            }
        }
        if (mode == RUN) {
            return null;
        }
        Presence p = new Presence();
        for (Object[] q : queued) {
            p.count(ctx, conn, (CommandSpec) q[0], (byte[][]) q[1], (int) q[2]);
        }
        return p.verdict(conn, mode);
    }

    /** How many of some commands' keys are here, for the checks of a migrating or an importing slot. */
    private static final class Presence {
        int missing;
        int existing;
        int slot = -1;

        void count(ExecContext ctx, Connection conn, CommandSpec spec, byte[][] argv, int argc) {
            int[] pos = conn.server.table.keyPositions(spec, argv, argc, false);
            if (pos == null) {
                return;
            }
            long now = System.currentTimeMillis();
            for (int i : pos) {
                if (slot < 0) {
                    slot = KeySlot.of(argv[i]);
                }
                if (exists(ctx, argv[i], now)) {
                    existing++;
                } else {
                    missing++;
                }
            }
        }

        /** Null when every key is here; otherwise -TRYAGAIN, or -ASK when none is and the slot is migrating. */
        byte[] verdict(Connection conn, byte mode) {
            if (missing == 0) {
                return null;
            }
            if (mode == CHECK_IMPORTING || existing > 0) {
                return Errors.TRYAGAIN;
            }
            ClusterRouting routing = conn.server.routing;
            String target = routing == null ? null : routing.migratingTo(slot);
            return target == null ? null : Errors.ask(slot, target);
        }
    }

    /** Whether a key is here and not logically expired (lookupKey with NOTOUCH, NOEXPIRE). */
    private static boolean exists(ExecContext ctx, byte[] key, long now) {
        Dict d = ctx.keyspace.dict(KeySlot.of(key));
        if (d == null) {
            return false;
        }
        int pos = d.find(key);
        if (pos < 0) {
            return false;
        }
        long when = d.expireAt(pos);
        return when == Dict.NO_EXPIRE || when > now;
    }
}
