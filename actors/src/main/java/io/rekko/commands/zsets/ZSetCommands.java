package io.rekko.commands.zsets;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.commands.keys.ScanCommands;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.ZSetValue;
import io.rekko.keyspace.ZSetValue.Node;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sorted set commands, after Redis 7.0's t_zset.c: ZADD/ZINCRBY, ZREM, ZCARD, ZSCORE,
 * ZMSCORE, ZRANK/ZREVRANK, ZPOPMIN/ZPOPMAX, ZMPOP, ZRANDMEMBER and ZSCAN here; the range
 * commands in {@link ZSetRangeCommands}; ZUNION/ZINTER/ZDIFF(STORE) and ZINTERCARD in
 * {@link ZSetSetOpCommands}. The blocking BZPOPMIN/BZPOPMAX/BZMPOP are not bound.
 *
 * <p>A sorted set is a {@link ZSetValue}, mutated in place: every write signals the key
 * (WATCH) itself. Scores are replied as Redis's addReplyDouble does ({@code %.17g}; a RESP3
 * double).
 */
public final class ZSetCommands {
    private static final byte[] NAN_RESULT = Errors.err("ERR resulting score is not a number (NaN)");
    private static final byte[] XX_AND_NX = Errors.err("ERR XX and NX options at the same time are not compatible");
    private static final byte[] GT_LT_NX = Errors.err(
            "ERR GT, LT, and/or NX options at the same time are not compatible");
    private static final byte[] INCR_SINGLE_PAIR = Errors.err("ERR INCR option supports a single increment-element pair");
    private static final byte[] MUST_BE_POSITIVE = Errors.err("ERR value is out of range, must be positive");
    private static final byte[] NUMKEYS_POSITIVE = Errors.err("ERR numkeys should be greater than 0");
    private static final byte[] COUNT_POSITIVE = Errors.err("ERR count should be greater than 0");
    private static final byte[] VALUE_OUT_OF_RANGE = Errors.err("ERR value is out of range");
    private static final byte[] EMPTY_SCAN = Replies.ascii("*2\r\n$1\r\n0\r\n*0\r\n");

    /** ZADD input flags (ZADD_IN_*). */
    static final int ZADD_INCR = 1;
    static final int ZADD_NX = 1 << 1;
    static final int ZADD_XX = 1 << 2;
    static final int ZADD_GT = 1 << 3;
    static final int ZADD_LT = 1 << 4;

    /** zsetAdd output flags (ZADD_OUT_*). */
    static final int OUT_NOP = 1;
    static final int OUT_NAN = 1 << 1;
    static final int OUT_ADDED = 1 << 2;
    static final int OUT_UPDATED = 1 << 3;

    // Keyspace event names (notifyKeyspaceEvent in t_zset.c)
    private static final byte[] EV_ZADD = Replies.ascii("zadd");
    private static final byte[] EV_ZINCR = Replies.ascii("zincr");
    private static final byte[] EV_ZREM = Replies.ascii("zrem");
    private static final byte[] EV_ZPOPMIN = Replies.ascii("zpopmin");
    private static final byte[] EV_ZPOPMAX = Replies.ascii("zpopmax");
    static final byte[] EV_DEL = Replies.ascii("del");

    static final int ZSET_MIN = 0;
    static final int ZSET_MAX = 1;

    /** ZRANDMEMBER: below this ratio of size to count, subtract instead of picking (Redis's CASE 3). */
    private static final int ZRANDMEMBER_SUB_STRATEGY_MUL = 3;

    private ZSetCommands() {}

    public static void bind(CommandTable table) {
        table.bind("zadd", Scope.KEYS, ZSetCommands::zadd);
        table.bind("zincrby", Scope.KEYS, ZSetCommands::zincrby);
        table.bind("zrem", Scope.KEYS, ZSetCommands::zrem);
        table.bind("zcard", Scope.KEYS, ZSetCommands::zcard);
        table.bind("zscore", Scope.KEYS, ZSetCommands::zscore);
        table.bind("zmscore", Scope.KEYS, ZSetCommands::zmscore);
        table.bind("zrank", Scope.KEYS, ZSetCommands::zrank);
        table.bind("zrevrank", Scope.KEYS, ZSetCommands::zrevrank);
        table.bind("zpopmin", Scope.KEYS, ZSetCommands::zpopmin);
        table.bind("zpopmax", Scope.KEYS, ZSetCommands::zpopmax);
        table.bind("zmpop", Scope.KEYS, ZSetCommands::zmpop);
        table.bind("zrandmember", Scope.KEYS, ZSetCommands::zrandmember);
        table.bind("zscan", Scope.KEYS, ZSetCommands::zscan);
        ZSetRangeCommands.bind(table);
        ZSetSetOpCommands.bind(table);
    }

    // ---- lookups and replies ------------------------------------------------------------

    /**
     * lookupKeyReadOrReply + checkType: the sorted set at {@code key}, or null after replying
     * {@code emptyReply} (absent key; null means a null bulk, RESP3 "_") or WRONGTYPE.
     */
    static ZSetValue lookupReadOrReply(ExecContext c, byte[] key, byte[] emptyReply) {
        Object o = c.lookupRead(key);
        if (o == null) {
            if (emptyReply == null) {
                c.out.nullBulk();
            } else {
                c.out.raw(emptyReply);
            }
            return null;
        }
        if (!(o instanceof ZSetValue z)) {
            c.wrongType();
            return null;
        }
        return z;
    }

    /** lookupKeyWriteOrReply + checkType, as {@link #lookupReadOrReply}. */
    static ZSetValue lookupWriteOrReply(ExecContext c, byte[] key, byte[] emptyReply) {
        Object o = c.lookupWrite(key);
        if (o == null) {
            c.out.raw(emptyReply);
            return null;
        }
        if (!(o instanceof ZSetValue z)) {
            c.wrongType();
            return null;
        }
        return z;
    }

    /** One member, then its score when asked: a [member, score] pair in RESP3 when {@code nested}. */
    static void replyMember(ExecContext c, byte[] ele, double score, boolean withScores, boolean nested) {
        if (nested) {
            c.out.array(2);
        }
        c.out.bulk(ele);
        if (withScores) {
            c.out.dbl(score);
        }
    }

    /**
     * getRangeLongFromObjectOrReply: a long in [min, max] into {@code out[0]}; on failure
     * replies {@code msg} (or Redis's default texts when null) and returns false.
     */
    static boolean parseRangeLongOrReply(ExecContext c, byte[] arg, long min, long max, byte[] msg, long[] out) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(msg != null ? msg : Errors.NOT_INTEGER);
            return false;
        }
        long v = Numbers.parseLong(arg);
        if (v < min || v > max) {
            if (msg != null) {
                c.out.raw(msg);
            } else {
                c.out.error(("ERR value is out of range, value must between " + min + " and " + max)
                        .getBytes(StandardCharsets.US_ASCII));
            }
            return false;
        }
        out[0] = v;
        return true;
    }

    /** getLongFromObjectOrReply: a long into {@code out[0]}, or "not an integer" and false. */
    static boolean parseLongOrReply(ExecContext c, byte[] arg, long[] out) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return false;
        }
        out[0] = Numbers.parseLong(arg);
        return true;
    }

    // ---- ZADD / ZINCRBY -----------------------------------------------------------------

    public static void zadd(ExecContext c) {
        zaddGeneric(c, 0);
    }

    public static void zincrby(ExecContext c) {
        zaddGeneric(c, ZADD_INCR);
    }

    /**
     * zaddGenericCommand: ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...]
     * and ZINCRBY key increment member. Options are read until the first other word; then the
     * pairs are checked (even count, option conflicts) and every score parsed before anything
     * is written. Replies the number of added (with CH: added or updated) members, or with
     * INCR the new score (null when NX/XX/GT/LT skipped it).
     */
    private static void zaddGeneric(ExecContext c, int flags) {
        boolean ch = false;
        int scoreIdx = 2;
        while (scoreIdx < c.argc) {
            if (c.argIs(scoreIdx, "nx")) {
                flags |= ZADD_NX;
            } else if (c.argIs(scoreIdx, "xx")) {
                flags |= ZADD_XX;
            } else if (c.argIs(scoreIdx, "ch")) {
                ch = true;
            } else if (c.argIs(scoreIdx, "incr")) {
                flags |= ZADD_INCR;
            } else if (c.argIs(scoreIdx, "gt")) {
                flags |= ZADD_GT;
            } else if (c.argIs(scoreIdx, "lt")) {
                flags |= ZADD_LT;
            } else {
                break;
            }
            scoreIdx++;
        }
        boolean incr = (flags & ZADD_INCR) != 0;
        boolean nx = (flags & ZADD_NX) != 0;
        boolean xx = (flags & ZADD_XX) != 0;
        boolean gt = (flags & ZADD_GT) != 0;
        boolean lt = (flags & ZADD_LT) != 0;

        int elements = c.argc - scoreIdx;
        if (elements % 2 != 0 || elements == 0) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        elements /= 2;
        if (nx && xx) {
            c.out.raw(XX_AND_NX);
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.out.raw(GT_LT_NX);
            return;
        }
        if (incr && elements > 1) {
            c.out.raw(INCR_SINGLE_PAIR);
            return;
        }
        double[] scores = new double[elements];
        ZSetArgs.Parsed parsed = new ZSetArgs.Parsed();
        for (int j = 0; j < elements; j++) {
            if (!ZSetArgs.string2d(c.argv[scoreIdx + 2 * j], parsed)) {
                c.out.raw(Errors.NOT_FLOAT);
                return;
            }
            scores[j] = parsed.value;
        }

        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        if (o != null && !(o instanceof ZSetValue)) {
            c.wrongType();
            return;
        }
        ZSetValue z = (ZSetValue) o;
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        if (z == null) {
            if (xx) {
                replyZadd(c, incr, ch, processed, score, added, updated);
                return;
            }
            z = ZSetValue.forFirstMember(c.argv[scoreIdx + 1].length);
            c.addKey(key, z);
        }
        double[] newScore = new double[1];
        for (int j = 0; j < elements; j++) {
            int out = zsetAdd(z, scores[j], c.argv[scoreIdx + 1 + 2 * j], flags, newScore);
            if ((out & OUT_NAN) != 0) {
                c.out.raw(NAN_RESULT);
                if (added + updated > 0) {
                    c.signalModified(key);
                    c.notify(KeyspaceEvents.ZSET, incr ? EV_ZINCR : EV_ZADD, key);
                }
                return;
            }
            if ((out & OUT_ADDED) != 0) {
                added++;
            }
            if ((out & OUT_UPDATED) != 0) {
                updated++;
            }
            if ((out & OUT_NOP) == 0) {
                processed++;
            }
            score = newScore[0];
        }
        replyZadd(c, incr, ch, processed, score, added, updated);
        if (added + updated > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.ZSET, incr ? EV_ZINCR : EV_ZADD, key);
        }
    }

    private static void replyZadd(ExecContext c, boolean incr, boolean ch, int processed, double score, int added,
            int updated) {
        if (incr) {
            if (processed > 0) {
                c.out.dbl(score);
            } else {
                c.out.nullBulk();
            }
        } else {
            c.out.integer(ch ? added + updated : added);
        }
    }

    /**
     * zsetAdd: adds or updates one member following the ZADD_* flags; returns the OUT_* flags.
     * With INCR the score is added to the current one (0 when absent); {@code newScore[0]}
     * receives the resulting score when the member was written or kept.
     */
    static int zsetAdd(ZSetValue z, double score, byte[] ele, int flags, double[] newScore) {
        if (Double.isNaN(score)) {
            return OUT_NAN;
        }
        Node n = z.find(ele);
        if (n != null) {
            if ((flags & ZADD_NX) != 0) {
                return OUT_NOP;
            }
            double cur = n.score();
            if ((flags & ZADD_INCR) != 0) {
                score += cur;
                if (Double.isNaN(score)) {
                    return OUT_NAN;
                }
            }
            if (((flags & ZADD_LT) != 0 && score >= cur) || ((flags & ZADD_GT) != 0 && score <= cur)) {
                return OUT_NOP;
            }
            newScore[0] = score;
            if (score != cur) {
                z.updateScore(n, score);
                return OUT_UPDATED;
            }
            return 0;
        }
        if ((flags & ZADD_XX) == 0) {
            z.addNew(score, ele);
            newScore[0] = score;
            return OUT_ADDED;
        }
        return OUT_NOP;
    }

    // ---- ZREM / ZCARD / ZSCORE / ZMSCORE / ZRANK ----------------------------------------

    /**
     * ZREM key member [member ...]: removes the members, replies how many existed. Removing
     * the last member deletes the key (and stops there, as Redis does).
     */
    public static void zrem(ExecContext c) {
        byte[] key = c.argv[1];
        ZSetValue z = lookupWriteOrReply(c, key, Replies.ZERO);
        if (z == null) {
            return;
        }
        long deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (z.remove(c.argv[j])) {
                deleted++;
            }
            if (z.size() == 0) {
                c.delete(key);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0) {
            c.notify(KeyspaceEvents.ZSET, EV_ZREM, key);
            if (keyRemoved) {
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            }
            c.signalModified(key);
        }
        c.out.integer(deleted);
    }

    /** ZCARD key: the number of members (0 for no key). */
    public static void zcard(ExecContext c) {
        ZSetValue z = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (z != null) {
            c.out.integer(z.size());
        }
    }

    /** ZSCORE key member: the score, or null for no key or member. */
    public static void zscore(ExecContext c) {
        ZSetValue z = lookupReadOrReply(c, c.argv[1], null);
        if (z == null) {
            return;
        }
        Node n = z.find(c.argv[2]);
        if (n == null) {
            c.out.nullBulk();
        } else {
            c.out.dbl(n.score());
        }
    }

    /** ZMSCORE key member [member ...]: an array of scores or nulls; no key is an empty set. */
    public static void zmscore(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o != null && !(o instanceof ZSetValue)) {
            c.wrongType();
            return;
        }
        ZSetValue z = (ZSetValue) o;
        c.out.array(c.argc - 2);
        for (int j = 2; j < c.argc; j++) {
            Node n = z == null ? null : z.find(c.argv[j]);
            if (n == null) {
                c.out.nullBulk();
            } else {
                c.out.dbl(n.score());
            }
        }
    }

    public static void zrank(ExecContext c) {
        zrankGeneric(c, false);
    }

    public static void zrevrank(ExecContext c) {
        zrankGeneric(c, true);
    }

    /** ZRANK / ZREVRANK key member: the 0-based rank (O(log n)), or null for no key or member. */
    private static void zrankGeneric(ExecContext c, boolean reverse) {
        ZSetValue z = lookupReadOrReply(c, c.argv[1], null);
        if (z == null) {
            return;
        }
        Node n = z.find(c.argv[2]);
        if (n == null) {
            c.out.nullBulk();
            return;
        }
        long rank = z.rankOf(n);
        c.out.integer(reverse ? z.size() - rank : rank - 1);
    }

    // ---- ZPOPMIN / ZPOPMAX / ZMPOP ------------------------------------------------------

    public static void zpopmin(ExecContext c) {
        zpopMinMax(c, ZSET_MIN);
    }

    public static void zpopmax(ExecContext c) {
        zpopMinMax(c, ZSET_MAX);
    }

    /**
     * ZPOPMIN / ZPOPMAX key [count]: a flat [member, score, ...] array; with a count in RESP3
     * an array of [member, score] pairs. The count must be positive (0 replies empty).
     */
    private static void zpopMinMax(ExecContext c, int where) {
        if (c.argc > 3) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        long count = -1;
        if (c.argc == 3) {
            long[] out = new long[1];
            if (!parseRangeLongOrReply(c, c.argv[2], 0, Long.MAX_VALUE, MUST_BE_POSITIVE, out)) {
                return;
            }
            count = out[0];
        }
        boolean nested = c.out.protocol() > 2 && count != -1;
        genericZpop(c, 1, 1, where, false, count, nested, false);
    }

    /**
     * genericZpopCommand: pops from the first non-empty key of {@code argv[first..first+keyc)}
     * (WRONGTYPE stops at the first key of another type). {@code emitKey} puts the key first
     * (ZMPOP: [key, [[member, score], ...]]). An absent key replies an empty array, or a null
     * array when {@code nilWhenEmpty}. Deletes the key when it becomes empty.
     */
    static void genericZpop(ExecContext c, int first, int keyc, int where, boolean emitKey, long count,
            boolean nested, boolean nilWhenEmpty) {
        byte[] key = null;
        ZSetValue z = null;
        for (int i = 0; i < keyc; i++) {
            key = c.argv[first + i];
            Object o = c.lookupWrite(key);
            if (o == null) {
                continue;
            }
            if (!(o instanceof ZSetValue zs)) {
                c.wrongType();
                return;
            }
            z = zs;
            break;
        }
        if (z == null) {
            if (nilWhenEmpty) {
                c.out.nullArray();
            } else {
                c.out.raw(Replies.EMPTY_ARRAY);
            }
            return;
        }
        if (count == 0) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        if (count == -1) {
            count = 1;
        }
        long rangeLen = Math.min(count, z.size());
        if (!nested && !emitKey) {
            c.out.array((int) (rangeLen * 2));
        } else if (nested && !emitKey) {
            c.out.array((int) rangeLen);
        } else if (!nested) {
            c.out.array((int) (rangeLen * 2 + 1));
            c.out.bulk(key);
        } else {
            c.out.array(2);
            c.out.bulk(key);
            c.out.array((int) rangeLen);
        }
        for (long i = 0; i < rangeLen; i++) {
            Node n = where == ZSET_MAX ? z.last() : z.first();
            z.remove(n);
            replyMember(c, n.ele, n.score(), true, nested);
        }
        c.notify(KeyspaceEvents.ZSET, where == ZSET_MAX ? EV_ZPOPMAX : EV_ZPOPMIN, key);
        c.signalModified(key);
        if (z.size() == 0) {
            c.delete(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
        }
        // Redis replicates ZMPOP as ZPOPMIN/ZPOPMAX key count; the replication layer does that.
    }

    /**
     * ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]: pops up to count (default 1) members
     * from the first non-empty key; replies [key, [[member, score], ...]] or a null array.
     */
    public static void zmpop(ExecContext c) {
        zmpopGeneric(c, 1);
    }

    private static void zmpopGeneric(ExecContext c, int numkeysIdx) {
        long[] out = new long[1];
        if (!parseRangeLongOrReply(c, c.argv[numkeysIdx], 1, Long.MAX_VALUE, NUMKEYS_POSITIVE, out)) {
            return;
        }
        long numkeys = out[0];
        long whereIdx = numkeysIdx + numkeys + 1;
        if (numkeys >= c.argc || whereIdx >= c.argc) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        int wi = (int) whereIdx;
        int where;
        if (c.argIs(wi, "min")) {
            where = ZSET_MIN;
        } else if (c.argIs(wi, "max")) {
            where = ZSET_MAX;
        } else {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = wi + 1; j < c.argc; j++) {
            int moreArgs = c.argc - 1 - j;
            if (count == -1 && c.argIs(j, "count") && moreArgs > 0) {
                j++;
                if (!parseRangeLongOrReply(c, c.argv[j], 1, Long.MAX_VALUE, COUNT_POSITIVE, out)) {
                    return;
                }
                count = out[0];
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (count == -1) {
            count = 1;
        }
        genericZpop(c, numkeysIdx + 1, (int) numkeys, where, true, count, true, true);
    }

    // ---- ZRANDMEMBER --------------------------------------------------------------------

    /**
     * ZRANDMEMBER key [count [WITHSCORES]]: without count, one random member (null for no
     * key); with count, see {@link #zrandmemberWithCount}. The count is checked before the key.
     */
    public static void zrandmember(ExecContext c) {
        if (c.argc >= 3) {
            long[] out = new long[1];
            if (!parseRangeLongOrReply(c, c.argv[2], -Long.MAX_VALUE, Long.MAX_VALUE, null, out)) {
                return;
            }
            long l = out[0];
            boolean withScores = false;
            if (c.argc > 4 || (c.argc == 4 && !c.argIs(3, "withscores"))) {
                c.out.raw(Errors.SYNTAX);
                return;
            } else if (c.argc == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                    c.out.raw(VALUE_OUT_OF_RANGE);
                    return;
                }
            }
            zrandmemberWithCount(c, l, withScores);
            return;
        }
        ZSetValue z = lookupReadOrReply(c, c.argv[1], null);
        if (z == null) {
            return;
        }
        c.out.bulk(z.random().ele);
    }

    /**
     * zrandmemberWithCountCommand: a negative count picks |count| members independently
     * (repeats possible); a positive count gives distinct members, the whole set (in order)
     * when it covers it. With WITHSCORES: flat member, score in RESP2, pairs in RESP3.
     */
    private static void zrandmemberWithCount(ExecContext c, long l, boolean withScores) {
        ZSetValue z = lookupReadOrReply(c, c.argv[1], Replies.EMPTY_ARRAY);
        if (z == null) {
            return;
        }
        long size = z.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        boolean flat = withScores && c.out.protocol() == 2;
        boolean nested = withScores && c.out.protocol() > 2;

        // CASE 1: independent picks (a negative count, or a single member).
        if (!uniq || count == 1) {
            long len = flat ? count * 2 : count;
            if (len > Integer.MAX_VALUE) {
                // Redis would stream billions of entries; we refuse instead.
                c.out.raw(VALUE_OUT_OF_RANGE);
                return;
            }
            c.out.array((int) len);
            while (count-- > 0) {
                Node n = z.random();
                replyMember(c, n.ele, n.score(), withScores, nested);
            }
            return;
        }
        long replySize = Math.min(count, size);
        c.out.array((int) (flat ? replySize * 2 : replySize));

        // CASE 2: the count covers the set: all of it, in order.
        if (count >= size) {
            for (Node n = z.first(); n != null; n = n.next()) {
                replyMember(c, n.ele, n.score(), withScores, nested);
            }
            return;
        }

        // CASES 3 and 4: a uniform sample of distinct members. A listpack keeps the set's order
        // (lpRandomPairsUnique); a skiplist answers in hash order in Redis, so any order will do.
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count * ZRANDMEMBER_SUB_STRATEGY_MUL > size || z.isListpack()) {
            long needed = count;
            long remaining = size;
            for (Node n = z.first(); n != null && needed > 0; n = n.next(), remaining--) {
                if (rnd.nextLong(remaining) < needed) {
                    replyMember(c, n.ele, n.score(), withScores, nested);
                    needed--;
                }
            }
            return;
        }
        java.util.HashSet<Node> seen = new java.util.HashSet<>();
        while (seen.size() < count) {
            Node n = z.random();
            if (seen.add(n)) {
                replyMember(c, n.ele, n.score(), withScores, nested);
            }
        }
    }

    // ---- ZSCAN --------------------------------------------------------------------------

    /**
     * ZSCAN key cursor [MATCH pattern] [COUNT count]: a "listpack" set answers everything at
     * once with cursor 0 (scores as the listpack stores them, d2string); a "skiplist" set walks
     * its dict from the cursor (scores as %.17g). MATCH filters members. Replies
     * [next cursor, [member, score, ...]].
     */
    public static void zscan(ExecContext c) {
        long[] cursorOut = new long[1];
        if (!ScanCommands.parseScanCursorOrReply(c, c.argv[2], cursorOut)) {
            return;
        }
        ZSetValue z = lookupReadOrReply(c, c.argv[1], EMPTY_SCAN);
        if (z == null) {
            return;
        }
        long cursor = cursorOut[0];
        ScanCommands.ScanOptions opts = ScanCommands.parseScanOptionsOrReply(c, 3);
        if (opts == null) {
            return;
        }
        long count = opts.count();
        byte[] pattern = opts.pattern();

        List<byte[]> items = new ArrayList<>();
        if (!z.isListpack()) {
            count *= 2; // member and score per entry
            long maxIterations = count * 10;
            Dict.ScanVisitor visitor = (dict, pos) -> {
                Node n = (Node) dict.valueAt(pos);
                items.add(n.ele);
                items.add(Numbers.formatG17(n.score()).getBytes(StandardCharsets.US_ASCII));
            };
            Dict dict = z.dict();
            do {
                cursor = dict.scan(cursor, visitor);
            } while (cursor != 0 && maxIterations-- != 0 && Long.compareUnsigned(items.size(), count) < 0);
        } else {
            for (Node n = z.first(); n != null; n = n.next()) {
                items.add(n.ele);
                items.add(d2string(n.score()));
            }
            cursor = 0;
        }
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
        c.out.bulkLong(cursor);
        c.out.array(kept);
        for (int i = 0; i < kept; i++) {
            c.out.bulk(items.get(i));
        }
    }

    /**
     * Redis's d2string, how a listpack stores a score: integers in (-2^62, 2^62) without
     * fraction as plain digits, otherwise %.17g ("inf", "-inf", "-0" spelled out).
     */
    static byte[] d2string(double v) {
        if (v == 0) {
            return (1 / v < 0 ? "-0" : "0").getBytes(StandardCharsets.US_ASCII);
        }
        if (!Double.isInfinite(v) && v >= (double) (-Long.MAX_VALUE / 2) && v <= (double) (Long.MAX_VALUE / 2)) {
            long l = (long) v;
            if (l == v) {
                return Numbers.toBytes(l);
            }
        }
        return Numbers.formatG17(v).getBytes(StandardCharsets.US_ASCII);
    }
}
