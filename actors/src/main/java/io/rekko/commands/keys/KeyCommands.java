package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.TypedValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.util.Arrays;

/**
 * Redis's type-agnostic key commands of db.c: DEL, UNLINK, EXISTS, TYPE, RENAME, RENAMENX,
 * COPY, TOUCH. The rest of the family lives next door and is bound from here:
 * {@link ExpireCommands} (expire.c), {@link ObjectCommands} (OBJECT), {@link ScanCommands}
 * (KEYS, SCAN, RANDOMKEY) and {@link DatabaseCommands} (DBSIZE, FLUSHDB, FLUSHALL).
 */
public final class KeyCommands {
    /** Rekko has one database; Redis's default {@code databases} is 16 (the range SELECT/COPY accept). */
    static final int REDIS_DBNUM = 16;

    private static final byte[] TYPE_NONE = Replies.ascii("none");
    private static final byte[] TYPE_STRING = Replies.ascii("string");
    private static final byte[] TYPE_UNKNOWN = Replies.ascii("unknown");

    static final byte[] INT_OUT_OF_RANGE =
            Errors.err("ERR value is out of range, value must between -2147483648 and 2147483647");
    private static final byte[] COPY_OTHER_DB =
            Errors.err("ERR Copying to another database is not allowed in cluster mode");

    // Keyspace event names (notifyKeyspaceEvent in db.c)
    private static final byte[] EV_DEL = Replies.ascii("del");
    private static final byte[] EV_RENAME_FROM = Replies.ascii("rename_from");
    private static final byte[] EV_RENAME_TO = Replies.ascii("rename_to");
    private static final byte[] EV_COPY_TO = Replies.ascii("copy_to");

    private KeyCommands() {}

    public static void bind(CommandTable table) {
        table.bind("del", Scope.KEYS, KeyCommands::del);
        table.bind("unlink", Scope.KEYS, KeyCommands::unlink);
        table.bind("exists", Scope.KEYS, KeyCommands::exists);
        table.bind("type", Scope.KEYS, KeyCommands::type);
        table.bind("rename", Scope.KEYS, KeyCommands::rename);
        table.bind("renamenx", Scope.KEYS, KeyCommands::renamenx);
        table.bind("copy", Scope.KEYS, KeyCommands::copy);
        table.bind("touch", Scope.KEYS, KeyCommands::touch);
        ExpireCommands.bind(table);
        ObjectCommands.bind(table);
        ScanCommands.bind(table);
        DatabaseCommands.bind(table);
    }

    /**
     * getObjectTypeName: the name TYPE and SCAN TYPE use for a value ({@code none} for null).
     * Values other than strings name their own type ({@link TypedValue}).
     */
    public static byte[] typeName(Object value) {
        if (value == null) {
            return TYPE_NONE;
        }
        if (value instanceof byte[]) {
            return TYPE_STRING;
        }
        if (value instanceof TypedValue t) {
            return t.typeName();
        }
        return TYPE_UNKNOWN;
    }

    // ---- DEL / UNLINK ----------------------------------------------------------------------

    static void del(ExecContext c) {
        delGeneric(c);
    }

    /** UNLINK frees values in the background in Redis; here the garbage collector does that for DEL too. */
    static void unlink(ExecContext c) {
        delGeneric(c);
    }

    /**
     * delGenericCommand: deletes every named key that exists (expired ones count as absent and
     * are removed on the way), signals each deleted key, replies how many were deleted.
     */
    private static void delGeneric(ExecContext c) {
        long deleted = 0;
        for (int j = 1; j < c.argc; j++) {
            byte[] key = c.argv[j];
            if (c.delete(key)) {
                c.signalModified(key);
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
                deleted++;
            }
        }
        c.out.integer(deleted);
    }

    // ---- EXISTS / TOUCH / TYPE -------------------------------------------------------------

    /** EXISTS key...: how many of the arguments exist, a repeated key counting each time. */
    static void exists(ExecContext c) {
        c.noTouch = true;
        c.out.integer(countLive(c));
    }

    /** TOUCH key...: as EXISTS (Rekko keeps no access time yet, so only the lookup remains). */
    static void touch(ExecContext c) {
        c.out.integer(countLive(c));
    }

    /** Read lookups of argv[1..] (hits/misses counted, expired keys deleted); the number found. */
    private static long countLive(ExecContext c) {
        long n = 0;
        for (int j = 1; j < c.argc; j++) {
            if (c.lookupRead(c.argv[j]) != null) {
                n++;
            }
        }
        return n;
    }

    /** TYPE key: a status reply naming the value's type, {@code none} when absent. */
    static void type(ExecContext c) {
        c.noTouch = true;
        c.out.simple(typeName(c.lookupRead(c.argv[1])));
    }

    // ---- RENAME / RENAMENX -----------------------------------------------------------------

    static void rename(ExecContext c) {
        renameGeneric(c, false);
    }

    static void renamenx(ExecContext c) {
        renameGeneric(c, true);
    }

    /**
     * renameGenericCommand: moves the value and TTL of argv[1] to argv[2]. Errors with
     * "no such key" when the source is absent (even when both names are equal); with equal
     * names replies OK (RENAME) or 0 (RENAMENX) without doing anything. RENAMENX replies 0
     * when the destination exists; RENAME overwrites it. Signals both keys.
     */
    private static void renameGeneric(ExecContext c, boolean nx) {
        byte[] src = c.argv[1];
        byte[] dst = c.argv[2];
        int pos = c.findLive(src);
        if (pos < 0) {
            c.out.raw(Errors.NO_SUCH_KEY);
            return;
        }
        if (Arrays.equals(src, dst)) {
            c.out.raw(nx ? Replies.ZERO : Replies.OK);
            return;
        }
        Dict sd = c.lastDict();
        Object value = sd.valueAt(pos);
        long expire = sd.expireAt(pos);
        int dpos = c.findLive(dst);
        if (dpos >= 0) {
            if (nx) {
                c.out.raw(Replies.ZERO);
                return;
            }
            c.lastDict().removeAt(dpos);
        }
        int npos = c.addKey(dst, value);
        c.lastDict().setExpireAt(npos, expire);
        // positions may have moved when both keys share a dict: delete the source by name
        c.delete(src);
        c.signalModified(src);
        c.signalModified(dst);
        c.notify(KeyspaceEvents.GENERIC, EV_RENAME_FROM, src);
        c.notify(KeyspaceEvents.GENERIC, EV_RENAME_TO, dst);
        c.out.raw(nx ? Replies.ONE : Replies.OK);
    }

    // ---- COPY ------------------------------------------------------------------------------

    /**
     * COPY source destination [DB n] [REPLACE]: copies the value and TTL of source to
     * destination, replying 1, or 0 when source is absent or destination exists without
     * REPLACE. Rekko has database 0 only: standalone, any other index is out of range (as
     * redis-server with databases 1); in cluster mode another valid index is refused as
     * redis-server refuses it ("Copying to another database is not allowed in cluster mode").
     */
    static void copy(ExecContext c) {
        boolean replace = false;
        long dbid = 0;
        for (int j = 3; j < c.argc; j++) {
            int additional = c.argc - j - 1;
            if (c.argIs(j, "replace")) {
                replace = true;
            } else if (c.argIs(j, "db") && additional >= 1) {
                byte[] a = c.argv[j + 1];
                if (!Numbers.isLong(a)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                dbid = Numbers.parseLong(a);
                if (dbid < Integer.MIN_VALUE || dbid > Integer.MAX_VALUE) {
                    c.out.raw(INT_OUT_OF_RANGE);
                    return;
                }
                // standalone Rekko has one database (redis-server with databases 1); a cluster
                // node answers as redis-server in cluster mode does (16 numbered, only 0 usable)
                if (dbid < 0 || dbid >= (c.node.clusterMode() ? REDIS_DBNUM : 1)) {
                    c.out.raw(Errors.DB_INDEX_OUT_OF_RANGE);
                    return;
                }
                j++;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (dbid != 0) {
            c.out.raw(COPY_OTHER_DB);
            return;
        }
        byte[] src = c.argv[1];
        byte[] dst = c.argv[2];
        if (Arrays.equals(src, dst)) {
            c.out.raw(Errors.SAME_OBJECT);
            return;
        }
        Object value = c.lookupRead(src);
        if (value == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        long expire = c.getExpire(src);
        int dpos = c.findLive(dst);
        if (dpos >= 0) {
            if (!replace) {
                c.out.raw(Replies.ZERO);
                return;
            }
            c.lastDict().removeAt(dpos);
        }
        int npos = c.addKey(dst, duplicate(value));
        c.lastDict().setExpireAt(npos, expire);
        c.signalModified(dst);
        c.notify(KeyspaceEvents.GENERIC, EV_COPY_TO, dst);
        c.out.raw(Replies.ONE);
    }

    /** A value the copy may own: strings are immutable and shared, other types copy themselves. */
    private static Object duplicate(Object value) {
        return value instanceof TypedValue t ? t.copy() : value;
    }
}
