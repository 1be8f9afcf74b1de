package io.rekko.resp;

import io.rekko.commands.CommandSpec;
import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.shard.Router;
import io.rekko.slots.KeySlot;
import java.util.ArrayList;
import java.util.List;

/**
 * MULTI, EXEC, DISCARD, WATCH and UNWATCH, with Redis's semantics: queued commands run as one
 * step holding every shard they (or the watched keys) touch; an error while queueing dooms
 * EXEC (EXECABORT); runtime errors stay per command; a watched key touched by anyone (the same
 * client too, expiry too) since WATCH makes EXEC reply a null array.
 */
final class Transactions {
    private Transactions() {}

    static void bind(CommandTable t) {
        t.bind("multi", Scope.CONNECTION, Transactions::multi);
        t.bind("exec", Scope.CONNECTION, Transactions::exec);
        t.bind("discard", Scope.CONNECTION, Transactions::discard);
        t.bind("watch", Scope.CONNECTION, Transactions::watch);
        t.bind("unwatch", Scope.CONNECTION, Transactions::unwatch);
    }

    /** Commands that run even inside MULTI instead of being queued. */
    static boolean runsImmediately(CommandSpec spec) {
        switch (spec.fullName) {
            case "exec", "discard", "multi", "watch", "quit", "reset":
                return true;
            default:
                return false;
        }
    }

    private static Connection conn(ExecContext c) {
        return (Connection) c.client;
    }

    static void multi(ExecContext c) {
        Connection conn = conn(c);
        if (conn.inMulti) {
            c.out.raw(Errors.MULTI_NESTED);
            return;
        }
        conn.inMulti = true;
        conn.multiDirty = false;
        conn.multiQueue.clear();
        c.out.ok();
    }

    /** execCommandAbort: EXEC was refused inside MULTI; the transaction is discarded. */
    static void abort(Connection conn, String reason) {
        Segment s = conn.local();
        s.out.writeBytes(Errors.err("EXECABORT Transaction discarded because of: " + reason));
        resetMulti(conn);
        unwatchQueued(conn);
    }

    /** Unregisters the client's watches in turn with its other commands, without a reply. */
    static void unwatchQueued(Connection conn) {
        if (conn.watchIntent.isEmpty()) {
            return;
        }
        int[] shards = watchShards(conn);
        conn.watchIntent.clear();
        conn.enqueueHold(shards, (ctx, w) -> unwatchAll(ctx, conn));
    }

    /** EXEC redirected in cluster mode (discardTransaction): the queue and watches are dropped. */
    static void discardForRedirect(Connection conn) {
        resetMulti(conn);
        unwatchQueued(conn);
    }

    static void discard(ExecContext c) {
        Connection conn = conn(c);
        if (!conn.inMulti) {
            c.out.raw(Errors.DISCARD_WITHOUT_MULTI);
            return;
        }
        resetMulti(conn);
        unwatchThenReply(conn, c, true);
    }

    private static void resetMulti(Connection conn) {
        conn.inMulti = false;
        conn.multiDirty = false;
        conn.multiQueue.clear();
    }

    static void exec(ExecContext c) {
        Connection conn = conn(c);
        if (!conn.inMulti) {
            c.out.raw(Errors.EXEC_WITHOUT_MULTI);
            return;
        }
        if (conn.multiDirty) {
            c.out.raw(Errors.EXECABORT);
            resetMulti(conn);
            unwatchThenReply(conn, c, false);
            return;
        }
        List<Object[]> cmds = new ArrayList<>(conn.multiQueue);
        resetMulti(conn);
        RespServer server = conn.server;
        boolean[] seen = new boolean[server.shards.size()];
        boolean all = false;
        for (Object[] q : cmds) {
            CommandSpec spec = (CommandSpec) q[0];
            if (spec.scope() == Scope.ALL_SHARDS) {
                all = true;
            } else if (spec.scope() == Scope.KEYS) {
                int[] pos = server.table.keyPositions(spec, (byte[][]) q[1], (int) q[2]);
                if (pos != null) {
                    for (int i : pos) {
                        seen[server.shards.shardOfSlot(KeySlot.of(((byte[][]) q[1])[i]))] = true;
                    }
                }
            }
        }
        for (byte[] k : conn.watchIntent) {
            seen[server.shards.shardOfSlot(KeySlot.of(k))] = true;
        }
        conn.watchIntent.clear();
        CommandSpec exec = c.spec;
        ClusterRouting routing = conn.execRouting;
        byte check = conn.execCheck;
        conn.enqueueHold(all ? null : Router.toSorted(seen), (ctx, w) -> {
            byte[] redirect = routing == null ? null : ClusterGate.execCheck(ctx, conn, exec, routing, check, cmds);
            if (redirect != null) {
                w.raw(redirect);
            } else if (conn.isDirtyCas() || watchedKeyExpired(ctx, conn)) {
                w.nullArray();
            } else {
                w.array(cmds.size());
                ctx.beginTransaction();
                try {
                    for (Object[] q : cmds) {
                        runQueued(ctx, w, conn, q);
                    }
                } finally {
                    ctx.endTransaction();
                }
            }
            unwatchAll(ctx, conn);
        });
    }

    private static void runQueued(ExecContext ctx, ByteBufRespWriter w, Connection conn, Object[] q) {
        CommandSpec spec = (CommandSpec) q[0];
        byte[][] argv = (byte[][]) q[1];
        int argc = (int) q[2];
        ctx.begin(spec, argv, argc, conn, w);
        try {
            spec.handler().execute(ctx);
            ctx.afterCommand();
        } catch (RuntimeException e) {
            w.raw(Errors.err("ERR internal error while running '" + spec.fullName + "'"));
        }
        ctx.stats.commandsProcessed++;
    }

    /** A watched key that was alive at WATCH time and has expired since (isWatchedKeyExpired). */
    private static boolean watchedKeyExpired(ExecContext ctx, Connection conn) {
        for (int i = 0; i < conn.watchedKeys.size(); i++) {
            if (conn.watchedExpired.get(i)) {
                continue;
            }
            if (isExpired(ctx, conn.watchedKeys.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExpired(ExecContext ctx, byte[] key) {
        Dict d = ctx.keyspace.dict(KeySlot.of(key));
        if (d == null) {
            return false;
        }
        int pos = d.find(key);
        if (pos < 0) {
            return false;
        }
        long when = d.expireAt(pos);
        return when != Dict.NO_EXPIRE && when <= System.currentTimeMillis();
    }

    private static void unwatchAll(ExecContext ctx, Connection conn) {
        for (byte[] k : conn.watchedKeys) {
            ctx.keyspace.unwatch(k, conn);
        }
        conn.watchedKeys.clear();
        conn.watchedExpired.clear();
        conn.clearDirtyCas();
    }

    static void watch(ExecContext c) {
        Connection conn = conn(c);
        if (conn.inMulti) {
            c.out.raw(Errors.WATCH_INSIDE_MULTI);
            return;
        }
        byte[][] keys = java.util.Arrays.copyOfRange(c.argv, 1, c.argc);
        boolean[] seen = new boolean[conn.server.shards.size()];
        for (byte[] k : keys) {
            seen[conn.server.shards.shardOfSlot(KeySlot.of(k))] = true;
            conn.watchIntent.add(k);
        }
        conn.enqueueHold(Router.toSorted(seen), (ctx, w) -> {
            for (byte[] k : keys) {
                boolean already = false;
                for (byte[] w0 : conn.watchedKeys) {
                    if (java.util.Arrays.equals(w0, k)) {
                        already = true;
                        break;
                    }
                }
                if (!already) {
                    ctx.keyspace.watch(k, conn);
                    conn.watchedKeys.add(k);
                    conn.watchedExpired.add(isExpired(ctx, k));
                }
            }
            w.ok();
        });
    }

    static void unwatch(ExecContext c) {
        unwatchThenReply(conn(c), c, true);
    }

    /** Unregisters every watched key on the shards that hold them; replies OK when asked. */
    private static void unwatchThenReply(Connection conn, ExecContext c, boolean replyOk) {
        if (conn.watchIntent.isEmpty()) {
            if (replyOk) {
                c.out.ok();
            }
            return;
        }
        int[] shards = watchShards(conn);
        conn.watchIntent.clear();
        conn.enqueueHold(shards, (ctx, w) -> {
            unwatchAll(ctx, conn);
            if (replyOk) {
                w.ok();
            }
        });
    }

    private static int[] watchShards(Connection conn) {
        return Router.shardsOfKeys(conn.server.shards, conn.watchIntent);
    }

    /** On disconnect: drop the client's watches without a reply. */
    static void unwatchInBackground(Connection conn) {
        int[] shards = watchShards(conn);
        conn.watchIntent.clear();
        conn.server.shards.runHolding(shards, ctx -> unwatchAll(ctx, conn));
    }
}
