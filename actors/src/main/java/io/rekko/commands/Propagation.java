package io.rekko.commands;

import io.rekko.keyspace.Dict;
import io.rekko.rdb.RdbValueWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a master shard sends its replicas for a command that changed the keyspace (Redis's
 * propagate / alsoPropagate), chosen so that a replica applying the stream in order ends with
 * the same keys, values and absolute expire times:
 *
 * <ul>
 *   <li>commands whose effect depends only on the keyspace and their arguments go as they are
 *       (SET without a relative TTL, HSET, LPUSH, ZADD, DEL...);
 *   <li>commands that only change a key's TTL go as {@code PEXPIREAT key <absolute ms>},
 *       {@code PERSIST key} or {@code DEL key} (relative TTLs become absolute times, as Redis
 *       does);
 *   <li>every other write goes as its effect on each key it touched: {@code RESTORE key
 *       <expire> <payload> REPLACE ABSTTL}, or {@code DEL key} when the key is gone. That covers
 *       what is random or time-dependent (SPOP, SET EX, INCRBYFLOAT, XADD *, XREADGROUP...)
 *       without a rewrite rule per command, at the cost of sending the whole value.
 *   <li>a key found expired on access goes as {@code DEL key} before the command that found it.
 * </ul>
 */
public final class Propagation {
    private Propagation() {}

    /** Where a shard's stream goes: one command (its arguments) at a time, in execution order. */
    @FunctionalInterface
    public interface Sink {
        void propagate(byte[][] argv);

        /**
         * The first {@code argc} arguments of {@code argv}, which the caller may reuse once this
         * returns (a sink that keeps them copies them; the master's stream encodes them at once).
         */
        default void propagate(byte[][] argv, int argc) {
            propagate(java.util.Arrays.copyOf(argv, argc));
        }

        /**
         * A shard has finished a batch of work (one message): what it propagated may now be
         * sent on. Waking the replicas' feeds once per batch rather than once per write keeps a
         * thread wake-up out of every write.
         */
        default void endOfBatch() {}

        /** The stream's offset after everything propagated so far. */
        default long offset() {
            return 0;
        }
    }

    /** Deterministic given the keyspace and the arguments: sent as executed. */
    static final Set<String> VERBATIM = Set.of(
            "set", "setnx", "mset", "msetnx", "append", "setrange", "incr", "decr", "incrby", "decrby", "getset",
            "getdel", "del", "unlink", "rename", "renamenx", "copy", "pexpireat",
            "hset", "hsetnx", "hmset", "hdel", "hincrby",
            "lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "linsert", "lset", "lrem", "ltrim", "lmove",
            "rpoplpush", "lmpop",
            "sadd", "srem", "smove", "sinterstore", "sunionstore", "sdiffstore",
            "zadd", "zincrby", "zrem", "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "zpopmin", "zpopmax",
            "zmpop", "zunionstore", "zinterstore", "zdiffstore", "zrangestore",
            "setbit", "bitop", "bitfield",
            "flushall", "flushdb");

    /**
     * Consumer-group commands: they change PELs, consumers' seen times and groups' last ids in
     * many places, so every key they name is sent as its effect, changed or not.
     */
    static final Set<String> STREAM_GROUP_WRITES = Set.of("xreadgroup", "xack", "xclaim", "xautoclaim", "xsetid",
            "xgroup|create", "xgroup|setid", "xgroup|destroy", "xgroup|createconsumer", "xgroup|delconsumer");

    /** Commands that only set or clear a key's TTL. */
    static final Set<String> TTL_ONLY = Set.of("expire", "pexpire", "expireat", "pexpireat", "persist", "getex");

    /** Options of SET that make its expire relative to now. */
    private static boolean setHasRelativeTtl(ExecContext c) {
        for (int i = 3; i < c.argc; i++) {
            if (c.argIs(i, "ex") || c.argIs(i, "px") || c.argIs(i, "exat") || c.argIs(i, "pxat") || c.argIs(i, "get")) {
                return true; // (GET: the reply differs, the effect does not; EXAT/PXAT: kept simple)
            }
        }
        return false;
    }

    private static final byte[] DEL = ascii("DEL");
    private static final byte[] PEXPIREAT = ascii("PEXPIREAT");
    private static final byte[] PERSIST = ascii("PERSIST");
    private static final byte[] RESTORE = ascii("RESTORE");
    private static final byte[] REPLACE = ascii("REPLACE");
    private static final byte[] ABSTTL = ascii("ABSTTL");

    /** The command in {@code c} ran and changed {@code keys}: send what reproduces it. */
    static void command(ExecContext c, List<byte[]> keys, Sink sink) {
        String name = c.spec.fullName;
        if (VERBATIM.contains(name) && !(name.equals("set") && setHasRelativeTtl(c))) {
            sink.propagate(c.argv, c.argc);
            return;
        }
        boolean ttlOnly = TTL_ONLY.contains(name);
        for (byte[] key : distinct(keys)) {
            Object value = c.lookupWrite(key);
            if (value == null) {
                sink.propagate(new byte[][] {DEL, key});
                continue;
            }
            long when = c.getExpire(key);
            if (ttlOnly) {
                sink.propagate(when == Dict.NO_EXPIRE ? new byte[][] {PERSIST, key}
                        : new byte[][] {PEXPIREAT, key, ascii(Long.toString(when))});
            } else {
                sink.propagate(new byte[][] {RESTORE, key, ascii(Long.toString(when == Dict.NO_EXPIRE ? 0 : when)),
                        RdbValueWriter.dumpPayload(value), REPLACE, ABSTTL});
            }
        }
    }

    /** A key that expired on access: the replicas delete it too (they never expire keys themselves). */
    public static void expired(byte[] key, Sink sink) {
        sink.propagate(new byte[][] {DEL, key});
    }

    private static List<byte[]> distinct(List<byte[]> keys) {
        List<byte[]> out = new ArrayList<>(keys.size());
        outer:
        for (byte[] k : keys) {
            for (byte[] seen : out) {
                if (java.util.Arrays.equals(seen, k)) {
                    continue outer;
                }
            }
            out.add(k);
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
