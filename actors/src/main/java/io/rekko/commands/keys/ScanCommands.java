package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.Keyspace;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.slots.KeySlot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The node-wide key walks of db.c: KEYS, SCAN and RANDOMKEY. They run holding every shard
 * ({@link Scope#ALL_SHARDS}), so they may read all 16384 slot dicts of the keyspace.
 *
 * <p>A SCAN cursor is {@code (bucket cursor << 14) | slot}: slots are walked in ascending
 * order and each slot's dict with {@link Dict#scan}'s reverse-binary bucket cursor, so Redis's
 * guarantee holds: a key present from the first call to the last is returned (perhaps twice),
 * however the dicts grow or shrink in between.
 */
public final class ScanCommands {
    private static final int SLOT_BITS = 14;
    private static final long SLOT_MASK = KeySlot.SLOTS - 1;

    private ScanCommands() {}

    static void bind(CommandTable table) {
        table.bind("keys", Scope.ALL_SHARDS, ScanCommands::keys);
        table.bind("scan", Scope.ALL_SHARDS, ScanCommands::scan);
        table.bind("randomkey", Scope.ALL_SHARDS, ScanCommands::randomkey);
    }

    // ---- KEYS ------------------------------------------------------------------------------

    /**
     * KEYS pattern: every key matching the glob pattern, expired keys left out (but not
     * deleted, as Redis's keyIsExpired), in slot order.
     */
    static void keys(ExecContext c) {
        byte[] pattern = c.argv[1];
        boolean allKeys = pattern.length == 1 && pattern[0] == '*';
        Keyspace ks = c.keyspace;
        List<byte[]> found = new ArrayList<>();
        for (int slot = 0; slot < KeySlot.SLOTS; slot++) {
            Dict d = ks.dict(slot);
            if (d == null || d.size() == 0) {
                continue;
            }
            for (int p = d.nextOccupied(0); p >= 0; p = d.nextOccupied(p + 1)) {
                byte[] key = d.keyAt(p);
                if (!allKeys && !GlobMatcher.match(pattern, key)) {
                    continue;
                }
                long when = d.expireAt(p);
                if (when != Dict.NO_EXPIRE && when <= c.now) {
                    continue;
                }
                found.add(key);
            }
        }
        c.out.array(found.size());
        for (byte[] k : found) {
            c.out.bulk(k);
        }
    }

    // ---- SCAN ------------------------------------------------------------------------------

    /** COUNT and MATCH of HSCAN, SSCAN and ZSCAN; a null pattern matches everything. */
    public record ScanOptions(long count, byte[] pattern) {}

    /**
     * scanGenericCommand's option loop for the type scans: COUNT n (an integer >= 1, else
     * "not an integer" or a syntax error) and MATCH pattern ("*" alone is no pattern), from
     * argument {@code first} on. Replies the error itself and returns null on bad options.
     */
    public static ScanOptions parseScanOptionsOrReply(ExecContext c, int first) {
        long count = 10;
        byte[] pattern = null;
        for (int i = first; i < c.argc; ) {
            int remaining = c.argc - i;
            if (c.argIs(i, "count") && remaining >= 2) {
                byte[] countArg = c.argv[i + 1];
                if (!Numbers.isLong(countArg)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return null;
                }
                count = Numbers.parseLong(countArg);
                if (count < 1) {
                    c.out.raw(Errors.SYNTAX);
                    return null;
                }
                i += 2;
            } else if (c.argIs(i, "match") && remaining >= 2) {
                byte[] pat = c.argv[i + 1];
                pattern = pat.length == 1 && pat[0] == '*' ? null : pat;
                i += 2;
            } else {
                c.out.raw(Errors.SYNTAX);
                return null;
            }
        }
        return new ScanOptions(count, pattern);
    }

    /**
     * parseScanCursorOrReply: Redis reads the cursor with strtoul, so a leading '+' or '-'
     * (negated modulo 2^64) and an empty string (0) are accepted; a leading space, other
     * characters or a value past 2^64-1 reply "invalid cursor". As C, parsing stops at a NUL
     * byte. Stores the unsigned 64-bit cursor in {@code out[0]}; false after replying.
     */
    public static boolean parseScanCursorOrReply(ExecContext c, byte[] s, long[] out) {
        int end = 0;
        while (end < s.length && s[end] != 0) {
            end++;
        }
        if (end > 0 && isSpace(s[0])) {
            c.out.raw(Errors.INVALID_CURSOR);
            return false;
        }
        int i = 0;
        boolean negative = false;
        if (i < end && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        int digitsStart = i;
        long v = 0;
        boolean overflow = false;
        for (; i < end && s[i] >= '0' && s[i] <= '9'; i++) {
            int d = s[i] - '0';
            // v * 10 + d must stay below 2^64 (unsigned)
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) {
                overflow = true;
            }
            long next = v * 10 + d;
            if (Long.compareUnsigned(next, v * 10) < 0) {
                overflow = true;
            }
            v = next;
        }
        if (i == digitsStart) {
            // no digits: strtoul leaves the end pointer at the start of the string
            i = 0;
        }
        if (i != end || overflow) {
            c.out.raw(Errors.INVALID_CURSOR);
            return false;
        }
        out[0] = negative ? -v : v;
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** Collects the keys {@link Dict#scan} visits. */
    private static final class KeyCollector implements Dict.ScanVisitor {
        final List<byte[]> keys = new ArrayList<>();

        @Override
        public void visit(Dict dict, int pos) {
            keys.add(dict.keyAt(pos));
        }
    }

    /**
     * SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]: scanGenericCommand over the node's
     * slots. Visits buckets until COUNT keys were gathered, ten times COUNT buckets were seen
     * or the last slot is done (empty slots are skipped for free); then filters by pattern,
     * by type (a read lookup, counting hits and misses) and drops expired keys (deleting
     * them). Replies [next cursor, [keys...]]; cursor 0 means the walk is complete.
     */
    static void scan(ExecContext c) {
        long[] cur = new long[1];
        if (!parseScanCursorOrReply(c, c.argv[1], cur)) {
            return;
        }
        long count = 10;
        byte[] pattern = null;
        byte[] typeName = null;
        for (int i = 2; i < c.argc; ) {
            int j = c.argc - i;
            if (c.argIs(i, "count") && j >= 2) {
                byte[] a = c.argv[i + 1];
                if (!Numbers.isLong(a)) {
                    c.out.raw(Errors.NOT_INTEGER);
                    return;
                }
                count = Numbers.parseLong(a);
                if (count < 1) {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                i += 2;
            } else if (c.argIs(i, "match") && j >= 2) {
                pattern = c.argv[i + 1];
                i += 2;
            } else if (c.argIs(i, "type") && j >= 2) {
                typeName = c.argv[i + 1];
                i += 2;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        boolean usePattern = pattern != null && !(pattern.length == 1 && pattern[0] == '*');

        KeyCollector collector = new KeyCollector();
        long cursor = walk(c.keyspace, cur[0], count, collector);

        List<byte[]> keys = collector.keys;
        int kept = 0;
        for (int n = 0; n < keys.size(); n++) {
            byte[] key = keys.get(n);
            if (usePattern && !GlobMatcher.match(pattern, key)) {
                continue;
            }
            if (typeName != null && !equalsIgnoreCase(typeName, KeyCommands.typeName(c.lookupRead(key)))) {
                continue;
            }
            if (expireIfNeeded(c, key)) {
                continue;
            }
            keys.set(kept++, key);
        }
        c.out.array(2);
        c.out.bulkLong(cursor);
        c.out.array(kept);
        for (int n = 0; n < kept; n++) {
            c.out.bulk(keys.get(n));
        }
    }

    /**
     * The dictScan loop of scanGenericCommand across slots: gathers keys into
     * {@code collector} from {@code cursor} on and returns the next cursor (0 when done).
     */
    static long walk(Keyspace ks, long cursor, long count, KeyCollector collector) {
        int slot = (int) (cursor & SLOT_MASK);
        long bucket = cursor >>> SLOT_BITS;
        long maxIterations = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
        while (true) {
            Dict d = ks.dict(slot);
            if (d != null && d.size() > 0) {
                bucket = d.scan(bucket, collector);
            } else {
                bucket = 0;
            }
            if (bucket == 0) {
                slot++;
                if (slot == KeySlot.SLOTS) {
                    return 0;
                }
                if (d == null || d.size() == 0) {
                    continue; // an empty slot costs no iteration
                }
            }
            if (maxIterations-- == 0 || collector.keys.size() >= count) {
                return (bucket << SLOT_BITS) | slot;
            }
        }
    }

    /**
     * expireIfNeeded for SCAN's filter: true when the key exists but has expired (deleted
     * then, unless this node is a replica). A key already gone is not "expired".
     */
    private static boolean expireIfNeeded(ExecContext c, byte[] key) {
        Dict d = c.keyspace.dict(KeySlot.of(key));
        if (d == null) {
            return false;
        }
        int pos = d.find(key);
        if (pos < 0) {
            return false;
        }
        long when = d.expireAt(pos);
        if (when == Dict.NO_EXPIRE || when > c.now) {
            return false;
        }
        c.findLive(key); // deletes it (and counts it) on a master
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int x = a[i];
            int y = b[i];
            if (x >= 'A' && x <= 'Z') {
                x += 32;
            }
            if (y >= 'A' && y <= 'Z') {
                y += 32;
            }
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    // ---- RANDOMKEY -------------------------------------------------------------------------

    /**
     * RANDOMKEY: a key chosen at random over the whole node (a slot weighted by its size,
     * then a random entry in it), or null when empty. Expired keys met on the way are deleted
     * and another is drawn; on a replica, where they are not deleted, after 100 tries on an
     * all-volatile keyspace the expired key is returned, as Redis's dbRandomKey does.
     */
    static void randomkey(ExecContext c) {
        Keyspace ks = c.keyspace;
        int maxTries = 100;
        boolean replica = c.node.isReplica();
        while (true) {
            long total = ks.size(0, KeySlot.SLOTS - 1);
            if (total == 0) {
                c.out.nullBulk();
                return;
            }
            boolean allVolatile = total == ks.volatileCount(0, KeySlot.SLOTS - 1);
            long r = ThreadLocalRandom.current().nextLong(total);
            int slot = 0;
            Dict d;
            while (true) {
                d = ks.dict(slot);
                if (d != null) {
                    if (r < d.size()) {
                        break;
                    }
                    r -= d.size();
                }
                slot++;
            }
            int pos = d.randomPosition();
            byte[] key = d.keyAt(pos);
            long when = d.expireAt(pos);
            if (when != Dict.NO_EXPIRE) {
                if (allVolatile && replica && --maxTries == 0) {
                    c.out.bulk(key);
                    return;
                }
                if (when <= c.now) {
                    c.findLive(key); // deletes it on a master
                    continue;
                }
            }
            c.out.bulk(key);
            return;
        }
    }
}
