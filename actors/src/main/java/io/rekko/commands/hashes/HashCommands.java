package io.rekko.commands.hashes;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.commands.keys.ScanCommands;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.HashValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hash commands, after Redis's t_hash.c: HSET/HMSET/HSETNX, HGET/HMGET, HDEL, HLEN,
 * HSTRLEN, HEXISTS, HKEYS/HVALS/HGETALL, HINCRBY/HINCRBYFLOAT, HRANDFIELD and HSCAN.
 *
 * <p>A hash is a {@link HashValue}, mutated in place: every write signals the key (WATCH)
 * itself. Small hashes keep listpack order, so replies come in redis-server's order.
 */
public final class HashCommands {
    private static final byte[] INCR_NAN_OR_INF = Errors.err("ERR value is NaN or Infinity");
    private static final byte[] VALUE_OUT_OF_RANGE = Errors.err("ERR value is out of range");
    private static final byte[] HRANDFIELD_COUNT_RANGE = Errors.err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final byte[] EMPTY_SCAN = Replies.ascii("*2\r\n$1\r\n0\r\n*0\r\n");

    /** Sentinels for {@link #lookupReadOrReply}: reply a null bulk / an empty map. */
    private static final byte[] REPLY_NULL = new byte[0];
    private static final byte[] REPLY_EMPTY_MAP = new byte[0];

    /** What genericHgetall replies per entry (OBJ_HASH_KEY / OBJ_HASH_VALUE). */
    // Keyspace event names (notifyKeyspaceEvent in t_hash.c)
    private static final byte[] EV_HSET = Replies.ascii("hset");
    private static final byte[] EV_HDEL = Replies.ascii("hdel");
    private static final byte[] EV_HINCRBY = Replies.ascii("hincrby");
    private static final byte[] EV_HINCRBYFLOAT = Replies.ascii("hincrbyfloat");
    private static final byte[] EV_DEL = Replies.ascii("del");

    private static final int HASH_KEY = 1;
    private static final int HASH_VALUE = 1 << 1;

    /** HRANDFIELD: below this ratio of size to count, subtract instead of picking (Redis's CASE 3). */
    private static final int HRANDFIELD_SUB_STRATEGY_MUL = 3;

    private HashCommands() {}

    public static void bind(CommandTable table) {
        table.bind("hset", Scope.KEYS, HashCommands::hset);
        table.bind("hmset", Scope.KEYS, HashCommands::hmset);
        table.bind("hsetnx", Scope.KEYS, HashCommands::hsetnx);
        table.bind("hget", Scope.KEYS, HashCommands::hget);
        table.bind("hmget", Scope.KEYS, HashCommands::hmget);
        table.bind("hdel", Scope.KEYS, HashCommands::hdel);
        table.bind("hlen", Scope.KEYS, HashCommands::hlen);
        table.bind("hstrlen", Scope.KEYS, HashCommands::hstrlen);
        table.bind("hexists", Scope.KEYS, HashCommands::hexists);
        table.bind("hkeys", Scope.KEYS, HashCommands::hkeys);
        table.bind("hvals", Scope.KEYS, HashCommands::hvals);
        table.bind("hgetall", Scope.KEYS, HashCommands::hgetall);
        table.bind("hincrby", Scope.KEYS, HashCommands::hincrby);
        table.bind("hincrbyfloat", Scope.KEYS, HashCommands::hincrbyfloat);
        table.bind("hrandfield", Scope.KEYS, HashCommands::hrandfield);
        table.bind("hscan", Scope.KEYS, HashCommands::hscan);
    }

    // ---- lookups ------------------------------------------------------------------------

    /**
     * lookupKeyReadOrReply + checkType: the hash at {@code key}, or null after replying
     * {@code emptyReply} (absent key; {@link #REPLY_NULL} and {@link #REPLY_EMPTY_MAP} follow
     * the protocol) or WRONGTYPE.
     */
    private static HashValue lookupReadOrReply(ExecContext c, byte[] key, byte[] emptyReply) {
        Object o = c.lookupRead(key);
        if (o == null) {
            if (emptyReply == REPLY_NULL) {
                c.out.nullBulk();
            } else if (emptyReply == REPLY_EMPTY_MAP) {
                c.out.map(0);
            } else {
                c.out.raw(emptyReply);
            }
            return null;
        }
        if (!(o instanceof HashValue h)) {
            c.wrongType();
            return null;
        }
        return h;
    }

    /**
     * hashTypeLookupWriteOrCreate: the hash at {@code key}, created empty and added to the
     * keyspace when absent; null after replying WRONGTYPE. Callers never leave a created hash
     * empty: every path that creates one then writes a field.
     */
    private static HashValue lookupWriteOrCreate(ExecContext c, byte[] key) {
        Object o = c.lookupWrite(key);
        if (o == null) {
            HashValue h = new HashValue();
            c.addKey(key, h);
            return h;
        }
        if (!(o instanceof HashValue h)) {
            c.wrongType();
            return null;
        }
        return h;
    }

    // ---- HSET / HMSET / HSETNX ----------------------------------------------------------

    public static void hset(ExecContext c) {
        hsetGeneric(c, true);
    }

    public static void hmset(ExecContext c) {
        hsetGeneric(c, false);
    }

    /**
     * HSET / HMSET key field value [field value ...]: sets every pair (converting to a table
     * first if any argument is too long for a listpack). HSET replies the number of new
     * fields, HMSET +OK. An odd number of arguments is an arity error.
     */
    private static void hsetGeneric(ExecContext c, boolean replyCreated) {
        if ((c.argc % 2) == 1) {
            c.out.raw(Errors.arity(c.spec.fullName));
            return;
        }
        byte[] key = c.argv[1];
        HashValue h = lookupWriteOrCreate(c, key);
        if (h == null) {
            return;
        }
        h.tryConversion(c.argv, 2, c.argc - 1);
        long created = 0;
        for (int i = 2; i < c.argc; i += 2) {
            if (h.put(c.argv[i], c.argv[i + 1])) {
                created++;
            }
        }
        if (replyCreated) {
            c.out.integer(created);
        } else {
            c.out.ok();
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.HASH, EV_HSET, key);
    }

    /** HSETNX key field value: sets the field only if absent; replies 1 when set, else 0. */
    public static void hsetnx(ExecContext c) {
        byte[] key = c.argv[1];
        HashValue h = lookupWriteOrCreate(c, key);
        if (h == null) {
            return;
        }
        if (h.contains(c.argv[2])) {
            c.out.raw(Replies.ZERO);
            return;
        }
        h.tryConversion(c.argv, 2, 3);
        h.put(c.argv[2], c.argv[3]);
        c.out.raw(Replies.ONE);
        c.signalModified(key);
        c.notify(KeyspaceEvents.HASH, EV_HSET, key);
    }

    // ---- reads of single fields ---------------------------------------------------------

    /** addHashFieldToReply: the field's value as a bulk string, or null (also for no hash). */
    private static void addHashFieldToReply(ExecContext c, HashValue h, byte[] field) {
        byte[] v = h == null ? null : h.get(field);
        if (v == null) {
            c.out.nullBulk();
        } else {
            c.out.bulk(v);
        }
    }

    /** HGET key field: the value, or null when the key or field is absent. */
    public static void hget(ExecContext c) {
        HashValue h = lookupReadOrReply(c, c.argv[1], REPLY_NULL);
        if (h == null) {
            return;
        }
        addHashFieldToReply(c, h, c.argv[2]);
    }

    /** HMGET key field [field ...]: an array of values or nulls; an absent key is an empty hash. */
    public static void hmget(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o != null && !(o instanceof HashValue)) {
            c.wrongType();
            return;
        }
        HashValue h = (HashValue) o;
        c.out.array(c.argc - 2);
        for (int i = 2; i < c.argc; i++) {
            addHashFieldToReply(c, h, c.argv[i]);
        }
    }

    /** HLEN key: the number of fields (0 for no key). */
    public static void hlen(ExecContext c) {
        HashValue h = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (h == null) {
            return;
        }
        c.out.integer(h.size());
    }

    /** HSTRLEN key field: the length of the field's value, 0 when absent. */
    public static void hstrlen(ExecContext c) {
        HashValue h = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (h == null) {
            return;
        }
        byte[] v = h.get(c.argv[2]);
        c.out.integer(v == null ? 0 : v.length);
    }

    /** HEXISTS key field: 1 when the field exists, else 0. */
    public static void hexists(ExecContext c) {
        HashValue h = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (h == null) {
            return;
        }
        c.out.raw(h.contains(c.argv[2]) ? Replies.ONE : Replies.ZERO);
    }

    // ---- HDEL ---------------------------------------------------------------------------

    /**
     * HDEL key field [field ...]: removes the fields and replies how many existed. Removing
     * the last field deletes the key (and stops there, as Redis does).
     */
    public static void hdel(ExecContext c) {
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        if (o == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(o instanceof HashValue h)) {
            c.wrongType();
            return;
        }
        long deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (h.remove(c.argv[j])) {
                deleted++;
                if (h.size() == 0) {
                    c.delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.HASH, EV_HDEL, key);
            if (keyRemoved) {
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            }
        }
        c.out.integer(deleted);
    }

    // ---- HKEYS / HVALS / HGETALL --------------------------------------------------------

    public static void hkeys(ExecContext c) {
        genericHgetall(c, HASH_KEY);
    }

    public static void hvals(ExecContext c) {
        genericHgetall(c, HASH_VALUE);
    }

    public static void hgetall(ExecContext c) {
        genericHgetall(c, HASH_KEY | HASH_VALUE);
    }

    /**
     * genericHgetallCommand: every field and/or value in the hash's order. Fields with values
     * are a map (a flat array in RESP2); fields or values alone are an array.
     */
    private static void genericHgetall(ExecContext c, int flags) {
        boolean both = (flags & HASH_KEY) != 0 && (flags & HASH_VALUE) != 0;
        HashValue h = lookupReadOrReply(c, c.argv[1], both ? REPLY_EMPTY_MAP : Replies.EMPTY_ARRAY);
        if (h == null) {
            return;
        }
        if (both) {
            c.out.map(h.size());
        } else {
            c.out.array(h.size());
        }
        for (int p = h.first(); p >= 0; p = h.next(p)) {
            if ((flags & HASH_KEY) != 0) {
                c.out.bulk(h.fieldAt(p));
            }
            if ((flags & HASH_VALUE) != 0) {
                c.out.bulk(h.valueAt(p));
            }
        }
    }

    // ---- HINCRBY / HINCRBYFLOAT ---------------------------------------------------------

    /**
     * HINCRBY key field increment: adds to the field's integer value (absent = 0), replies the
     * new value. Errors: increment not an integer, "hash value is not an integer", overflow.
     */
    public static void hincrby(ExecContext c) {
        byte[] incrArg = c.argv[3];
        if (!Numbers.isLong(incrArg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long incr = Numbers.parseLong(incrArg);
        byte[] key = c.argv[1];
        HashValue h = lookupWriteOrCreate(c, key);
        if (h == null) {
            return;
        }
        byte[] field = c.argv[2];
        byte[] current = h.get(field);
        long value = 0;
        if (current != null) {
            if (!Numbers.isLong(current)) {
                c.out.raw(Errors.HASH_NOT_INTEGER);
                return;
            }
            value = Numbers.parseLong(current);
        }
        if ((incr < 0 && value < 0 && incr < (Long.MIN_VALUE - value))
                || (incr > 0 && value > 0 && incr > (Long.MAX_VALUE - value))) {
            c.out.raw(Errors.OVERFLOW);
            return;
        }
        value += incr;
        h.put(field, Numbers.toBytes(value));
        c.out.integer(value);
        c.signalModified(key);
        c.notify(KeyspaceEvents.HASH, EV_HINCRBY, key);
    }

    /**
     * HINCRBYFLOAT key field increment: long double addition (absent = 0); stores and replies
     * the result in ld2string's human format. Errors: increment not a valid float or infinite,
     * "hash value is not a float", a NaN or infinite result.
     */
    public static void hincrbyfloat(ExecContext c) {
        BigDecimal incr = Numbers.parseLongDouble(c.argv[3]);
        if (incr == null) {
            c.out.raw(Errors.NOT_FLOAT);
            return;
        }
        if (Numbers.isInfinite(incr)) {
            c.out.raw(INCR_NAN_OR_INF);
            return;
        }
        byte[] key = c.argv[1];
        HashValue h = lookupWriteOrCreate(c, key);
        if (h == null) {
            return;
        }
        byte[] field = c.argv[2];
        byte[] current = h.get(field);
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            value = Numbers.parseLongDouble(current);
            if (value == null) {
                c.out.raw(Errors.HASH_NOT_FLOAT);
                return;
            }
        }
        if (Numbers.isInfinite(value)) {
            c.out.raw(Errors.NAN_OR_INF);
            return;
        }
        value = Numbers.addLongDouble(value, incr);
        if (Numbers.isInfinite(value)) {
            c.out.raw(Errors.NAN_OR_INF);
            return;
        }
        byte[] formatted = Numbers.formatLongDoubleHuman(value);
        h.put(field, formatted);
        c.out.bulk(formatted);
        c.signalModified(key);
        c.notify(KeyspaceEvents.HASH, EV_HINCRBYFLOAT, key);
        // Redis replicates this as HSET key field <formatted>; the replication layer does that.
    }

    // ---- HRANDFIELD ---------------------------------------------------------------------

    /**
     * HRANDFIELD key [count [WITHVALUES]]: without count, one random field (null for no key);
     * with count, see {@link #hrandfieldWithCount}. The count is parsed (and WITHVALUES checked)
     * before the key is looked up.
     */
    public static void hrandfield(ExecContext c) {
        if (c.argc >= 3) {
            byte[] countArg = c.argv[2];
            if (!Numbers.isLong(countArg)) {
                c.out.raw(Errors.NOT_INTEGER);
                return;
            }
            long l = Numbers.parseLong(countArg);
            if (l == Long.MIN_VALUE) {
                c.out.raw(HRANDFIELD_COUNT_RANGE);
                return;
            }
            boolean withValues = false;
            if (c.argc > 4 || (c.argc == 4 && !c.argIs(3, "withvalues"))) {
                c.out.raw(Errors.SYNTAX);
                return;
            } else if (c.argc == 4) {
                withValues = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    c.out.raw(VALUE_OUT_OF_RANGE);
                    return;
                }
            }
            hrandfieldWithCount(c, l, withValues);
            return;
        }
        HashValue h = lookupReadOrReply(c, c.argv[1], REPLY_NULL);
        if (h == null) {
            return;
        }
        c.out.bulk(h.fieldAt(h.randomPosition()));
    }

    /**
     * hrandfieldWithCountCommand. A negative count picks that many fields independently (repeats
     * allowed, random order); a positive one distinct fields: the whole hash in order when the
     * count covers it, else a uniform sample. WITHVALUES replies field, value pairs: flat in
     * RESP2, 2-element arrays in RESP3.
     */
    private static void hrandfieldWithCount(ExecContext c, long l, boolean withValues) {
        HashValue h = lookupReadOrReply(c, c.argv[1], Replies.EMPTY_ARRAY);
        if (h == null) {
            return;
        }
        long size = h.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        boolean flat = withValues && c.out.protocol() == 2;
        boolean nested = withValues && c.out.protocol() > 2;

        // CASE 1: independent picks (a negative count, or a single field).
        if (!uniq || count == 1) {
            long len = flat ? count * 2 : count;
            if (len > Integer.MAX_VALUE) {
                // Redis would start streaming billions of entries; we refuse instead.
                c.out.raw(VALUE_OUT_OF_RANGE);
                return;
            }
            c.out.array((int) len);
            while (count-- > 0) {
                addRandomEntryToReply(c, h, h.randomPosition(), withValues, nested);
            }
            return;
        }

        long replySize = Math.min(count, size);
        c.out.array((int) (flat ? replySize * 2 : replySize));

        // CASE 2: the count covers the hash: all of it, in order.
        if (count >= size) {
            for (int p = h.first(); p >= 0; p = h.next(p)) {
                addRandomEntryToReply(c, h, p, withValues, nested);
            }
            return;
        }

        // CASE 3 (count close to the size) and CASE 4 for a listpack: a uniform sample of
        // distinct fields, kept in the hash's order (selection sampling, as lpRandomPairsUnique).
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count * HRANDFIELD_SUB_STRATEGY_MUL > size || h.isListpack()) {
            long needed = count;
            long remaining = size;
            for (int p = h.first(); p >= 0 && needed > 0; p = h.next(p), remaining--) {
                if (rnd.nextLong(remaining) < needed) {
                    addRandomEntryToReply(c, h, p, withValues, nested);
                    needed--;
                }
            }
            return;
        }

        // CASE 4 for a table much bigger than the count: random picks, skipping repeats.
        BitSet seen = new BitSet(h.positionLimit());
        long added = 0;
        while (added < count) {
            int p = h.randomPosition();
            if (seen.get(p)) {
                continue;
            }
            seen.set(p);
            added++;
            addRandomEntryToReply(c, h, p, withValues, nested);
        }
    }

    /** One HRANDFIELD entry: the field, then its value when asked (as a pair in RESP3). */
    private static void addRandomEntryToReply(ExecContext c, HashValue h, int pos, boolean withValues,
            boolean nested) {
        if (nested) {
            c.out.array(2);
        }
        c.out.bulk(h.fieldAt(pos));
        if (withValues) {
            c.out.bulk(h.valueAt(pos));
        }
    }

    // ---- HSCAN --------------------------------------------------------------------------

    /**
     * HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack answers everything at once with
     * cursor 0; a table is walked with Dict.scan from the cursor for at most 10*COUNT buckets or
     * until about COUNT fields are gathered. MATCH filters fields (their values go with them).
     * Replies [next cursor, [field, value, ...]].
     */
    public static void hscan(ExecContext c) {
        long[] cursorOut = new long[1];
        if (!ScanCommands.parseScanCursorOrReply(c, c.argv[2], cursorOut)) {
            return;
        }
        HashValue h = lookupReadOrReply(c, c.argv[1], EMPTY_SCAN);
        if (h == null) {
            return;
        }
        long cursor = cursorOut[0];
        ScanCommands.ScanOptions opts = ScanCommands.parseScanOptionsOrReply(c, 3);
        if (opts == null) {
            return;
        }
        long count = opts.count();
        byte[] pattern = opts.pattern();

        ScanCollector collected = new ScanCollector();
        Dict table = h.table();
        if (table != null) {
            count *= 2; // field and value per entry (wraps like Redis's long for huge COUNTs)
            long maxIterations = count * 10;
            do {
                cursor = table.scan(cursor, collected);
            } while (cursor != 0 && maxIterations-- != 0
                    && Long.compareUnsigned(collected.items.size(), count) < 0);
        } else {
            for (int p = h.first(); p >= 0; p = h.next(p)) {
                collected.items.add(h.fieldAt(p));
                collected.items.add(h.valueAt(p));
            }
            cursor = 0;
        }

        List<byte[]> items = collected.items;
        int kept = items.size();
        if (pattern != null) {
            int w = 0;
            for (int r = 0; r < items.size(); r += 2) {
                if (GlobMatcher.match(pattern, items.get(r))) {
                    items.set(w++, items.get(r));
                    items.set(w++, items.get(r + 1));
                }
            }
            kept = w;
        }
        c.out.array(2);
        c.out.bulkLong(cursor); // addReplyBulkLongLong: the unsigned cursor printed as signed
        c.out.array(kept);
        for (int i = 0; i < kept; i++) {
            c.out.bulk(items.get(i));
        }
    }

    /** Gathers field, value, field, value... of the table entries Dict.scan visits. */
    private static final class ScanCollector implements Dict.ScanVisitor {
        final List<byte[]> items = new ArrayList<>();

        @Override
        public void visit(Dict dict, int pos) {
            items.add(dict.keyAt(pos));
            items.add((byte[]) dict.valueAt(pos));
        }
    }
}
