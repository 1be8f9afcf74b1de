package io.rekko.commands.lists;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.ListValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.util.Arrays;

/**
 * The non-blocking list commands, after Redis's t_list.c: LPUSH/RPUSH/LPUSHX/RPUSHX,
 * LPOP/RPOP (with count), LLEN, LINDEX, LSET, LRANGE, LTRIM, LREM, LINSERT, LPOS, LMOVE,
 * RPOPLPUSH and LMPOP.
 *
 * <p>A list is a {@link ListValue}, mutated in place; a list never stays empty in the keyspace
 * (the command that empties it deletes the key). Every write signals its keys (WATCH).
 * The blocking variants (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) are not bound: they need
 * the blocking infrastructure.
 */
public final class ListCommands {
    // Keyspace event names (notifyKeyspaceEvent in t_list.c)
    private static final byte[] EV_LPUSH = Replies.ascii("lpush");
    private static final byte[] EV_RPUSH = Replies.ascii("rpush");
    private static final byte[] EV_LPOP = Replies.ascii("lpop");
    private static final byte[] EV_RPOP = Replies.ascii("rpop");
    private static final byte[] EV_LINSERT = Replies.ascii("linsert");
    private static final byte[] EV_LSET = Replies.ascii("lset");
    private static final byte[] EV_LTRIM = Replies.ascii("ltrim");
    private static final byte[] EV_LREM = Replies.ascii("lrem");
    private static final byte[] EV_DEL = Replies.ascii("del");

    private static final byte[] MUST_BE_POSITIVE = Errors.err("ERR value is out of range, must be positive");
    private static final byte[] RANK_ZERO = Errors.err("ERR RANK can't be zero: use 1 to start from the first "
            + "match, 2 from the second ... or use negative to start from the end of the list");
    private static final byte[] COUNT_NEGATIVE = Errors.err("ERR COUNT can't be negative");
    private static final byte[] MAXLEN_NEGATIVE = Errors.err("ERR MAXLEN can't be negative");
    private static final byte[] NUMKEYS_NOT_POSITIVE = Errors.err("ERR numkeys should be greater than 0");
    private static final byte[] COUNT_NOT_POSITIVE = Errors.err("ERR count should be greater than 0");

    /** Which end of the list (Redis's LIST_HEAD / LIST_TAIL). */
    private static final int HEAD = 0;
    private static final int TAIL = 1;

    /** pushGenericCommand option: push only when the key exists (LPUSHX/RPUSHX). */
    private static final int PUSH_XX = 1;

    private ListCommands() {}

    public static void bind(CommandTable table) {
        table.bind("blpop", Scope.KEYS, c -> bpopGeneric(c, HEAD));
        table.bind("brpop", Scope.KEYS, c -> bpopGeneric(c, TAIL));
        table.bind("blmove", Scope.KEYS, ListCommands::blmove);
        table.bind("brpoplpush", Scope.KEYS, ListCommands::brpoplpush);
        table.bind("blmpop", Scope.KEYS, ListCommands::blmpop);
        table.bind("lpush", Scope.KEYS, ListCommands::lpush);
        table.bind("rpush", Scope.KEYS, ListCommands::rpush);
        table.bind("lpushx", Scope.KEYS, ListCommands::lpushx);
        table.bind("rpushx", Scope.KEYS, ListCommands::rpushx);
        table.bind("lpop", Scope.KEYS, ListCommands::lpop);
        table.bind("rpop", Scope.KEYS, ListCommands::rpop);
        table.bind("llen", Scope.KEYS, ListCommands::llen);
        table.bind("lindex", Scope.KEYS, ListCommands::lindex);
        table.bind("lset", Scope.KEYS, ListCommands::lset);
        table.bind("lrange", Scope.KEYS, ListCommands::lrange);
        table.bind("ltrim", Scope.KEYS, ListCommands::ltrim);
        table.bind("lrem", Scope.KEYS, ListCommands::lrem);
        table.bind("linsert", Scope.KEYS, ListCommands::linsert);
        table.bind("lpos", Scope.KEYS, ListCommands::lpos);
        table.bind("lmove", Scope.KEYS, ListCommands::lmove);
        table.bind("rpoplpush", Scope.KEYS, ListCommands::rpoplpush);
        table.bind("lmpop", Scope.KEYS, ListCommands::lmpop);
    }

    // ---- argument parsing (object.c) ------------------------------------------------------

    /**
     * getRangeLongFromObjectOrReply: checks that argument {@code i} is an integer within
     * [min, max]; the caller then reads it with {@link #longArg}. Replies {@code msg} on any
     * failure, or, when msg is null, "not an integer" (null is only used with the full long
     * range, which cannot be exceeded).
     */
    private static boolean parseLongOrReply(ExecContext c, int i, long min, long max, byte[] msg) {
        byte[] a = c.argv[i];
        if (!Numbers.isLong(a)) {
            c.out.raw(msg != null ? msg : Errors.NOT_INTEGER);
            return false;
        }
        long v = Numbers.parseLong(a);
        if (v < min || v > max) {
            c.out.raw(msg);
            return false;
        }
        return true;
    }

    /** Argument {@code i} as a long, once a parser has accepted it. */
    private static long longArg(ExecContext c, int i) {
        return Numbers.parseLong(c.argv[i]);
    }

    /** getLongFromObjectOrReply with Redis's default "not an integer" error. */
    private static boolean parseIndexOrReply(ExecContext c, int i) {
        return parseLongOrReply(c, i, Long.MIN_VALUE, Long.MAX_VALUE, null);
    }

    /** getListPositionFromObjectOrReply: LEFT is the head, RIGHT the tail; else a syntax error. */
    private static int parseListPositionOrReply(ExecContext c, int i) {
        if (c.argIs(i, "right")) {
            return TAIL;
        }
        if (c.argIs(i, "left")) {
            return HEAD;
        }
        c.out.raw(Errors.SYNTAX);
        return -1;
    }

    // ---- lookups ----------------------------------------------------------------------------

    /**
     * A lookup result that is neither a list nor absent: the caller has replied WRONGTYPE.
     * Distinct from null (absent key).
     */
    private static final ListValue WRONG = new ListValue();

    /** lookupKeyRead + checkType: the list, null when absent, or {@link #WRONG} after replying WRONGTYPE. */
    private static ListValue lookupRead(ExecContext c, byte[] key) {
        return checked(c, c.lookupRead(key));
    }

    /** lookupKeyWrite + checkType: the list, null when absent, or {@link #WRONG} after replying WRONGTYPE. */
    private static ListValue lookupWrite(ExecContext c, byte[] key) {
        return checked(c, c.lookupWrite(key));
    }

    private static ListValue checked(ExecContext c, Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof ListValue l) {
            return l;
        }
        c.wrongType();
        return WRONG;
    }

    /**
     * listElementsRemoved: publishes {@code event} ("lpop", "rpop", "ltrim", "lrem"), deletes
     * the key when its list became empty (publishing "del"), then signals it.
     */
    private static void afterRemoval(ExecContext c, byte[] key, ListValue l, byte[] event) {
        c.notify(KeyspaceEvents.LIST, event, key);
        if (l.size() == 0) {
            c.delete(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
        }
        c.signalModified(key);
    }

    // ---- LPUSH / RPUSH / LPUSHX / RPUSHX ------------------------------------------------------

    public static void lpush(ExecContext c) {
        pushGeneric(c, HEAD, 0);
    }

    public static void rpush(ExecContext c) {
        pushGeneric(c, TAIL, 0);
    }

    public static void lpushx(ExecContext c) {
        pushGeneric(c, HEAD, PUSH_XX);
    }

    public static void rpushx(ExecContext c) {
        pushGeneric(c, TAIL, PUSH_XX);
    }

    /**
     * [LR]PUSH[X] key element [element ...]: pushes each element in turn at one end, creating
     * the list unless {@link #PUSH_XX} (then an absent key replies 0). Replies the new length.
     */
    private static void pushGeneric(ExecContext c, int where, int flags) {
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            if ((flags & PUSH_XX) != 0) {
                c.out.raw(Replies.ZERO);
                return;
            }
            l = new ListValue();
            c.addKey(key, l);
        }
        for (int j = 2; j < c.argc; j++) {
            if (where == HEAD) {
                l.pushHead(c.argv[j]);
            } else {
                l.pushTail(c.argv[j]);
            }
        }
        c.out.integer(l.size());
        c.signalModified(key);
        c.notify(KeyspaceEvents.LIST, where == HEAD ? EV_LPUSH : EV_RPUSH, key);
    }

    // ---- LINSERT ------------------------------------------------------------------------------

    /**
     * LINSERT key BEFORE|AFTER pivot element: inserts next to the first element equal to the
     * pivot (from the head). Replies the new length, -1 when the pivot is absent, 0 when the
     * key is.
     */
    public static void linsert(ExecContext c) {
        int where;
        if (c.argIs(2, "after")) {
            where = TAIL;
        } else if (c.argIs(2, "before")) {
            where = HEAD;
        } else {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        byte[] pivot = c.argv[3];
        int n = l.size();
        for (int i = 0; i < n; i++) {
            if (Arrays.equals(l.get(i), pivot)) {
                l.insert(where == TAIL ? i + 1 : i, c.argv[4]);
                c.signalModified(key);
                c.notify(KeyspaceEvents.LIST, EV_LINSERT, key);
                c.out.integer(l.size());
                return;
            }
        }
        c.out.raw(Replies.MINUS_ONE);
    }

    // ---- LLEN / LINDEX / LSET -------------------------------------------------------------------

    /** LLEN key: the length, 0 for an absent key. */
    public static void llen(ExecContext c) {
        ListValue l = lookupRead(c, c.argv[1]);
        if (l == WRONG) {
            return;
        }
        c.out.integer(l == null ? 0 : l.size());
    }

    /**
     * LINDEX key index: the element (negative indexes count from the tail), or null when out
     * of range or the key is absent. The index is parsed after the lookup, as Redis does.
     */
    public static void lindex(ExecContext c) {
        ListValue l = lookupRead(c, c.argv[1]);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.nullBulk();
            return;
        }
        if (!parseIndexOrReply(c, 2)) {
            return;
        }
        byte[] v = l.getAt(longArg(c, 2));
        if (v == null) {
            c.out.nullBulk();
        } else {
            c.out.bulk(v);
        }
    }

    /** LSET key index element: replaces one element; "no such key" / "index out of range" errors. */
    public static void lset(ExecContext c) {
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.raw(Errors.NO_SUCH_KEY);
            return;
        }
        if (!parseIndexOrReply(c, 2)) {
            return;
        }
        if (!l.setAt(longArg(c, 2), c.argv[3])) {
            c.out.raw(Errors.OUT_OF_RANGE);
            return;
        }
        c.out.ok();
        c.signalModified(key);
        c.notify(KeyspaceEvents.LIST, EV_LSET, key);
    }

    // ---- ranges -------------------------------------------------------------------------------

    /**
     * addListRangeReply: the elements between the inclusive Redis indexes start and end as an
     * array (empty when the range is), from end to start when {@code reverse}.
     */
    private static void addListRangeReply(ExecContext c, ListValue l, long start, long end, boolean reverse) {
        long llen = l.size();
        if (start < 0) {
            start = llen + start;
        }
        if (end < 0) {
            end = llen + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= llen) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        if (end >= llen) {
            end = llen - 1;
        }
        int from = (int) start;
        int to = (int) end;
        c.out.array(to - from + 1);
        if (reverse) {
            for (int i = to; i >= from; i--) {
                c.out.bulk(l.get(i));
            }
        } else {
            for (int i = from; i <= to; i++) {
                c.out.bulk(l.get(i));
            }
        }
    }

    /** LRANGE key start stop: the elements of the range (indexes parsed before the lookup). */
    public static void lrange(ExecContext c) {
        if (!parseIndexOrReply(c, 2)) {
            return;
        }
        long start = longArg(c, 2);
        if (!parseIndexOrReply(c, 3)) {
            return;
        }
        long end = longArg(c, 3);
        ListValue l = lookupRead(c, c.argv[1]);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        addListRangeReply(c, l, start, end, false);
    }

    /**
     * LTRIM key start stop: keeps only the range (deleting the key when it is empty). Always
     * replies +OK, and signals the key even when nothing was removed, as Redis does.
     */
    public static void ltrim(ExecContext c) {
        if (!parseIndexOrReply(c, 2)) {
            return;
        }
        long start = longArg(c, 2);
        if (!parseIndexOrReply(c, 3)) {
            return;
        }
        long end = longArg(c, 3);
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.ok();
            return;
        }
        long llen = l.size();
        if (start < 0) {
            start = llen + start;
        }
        if (end < 0) {
            end = llen + end;
        }
        if (start < 0) {
            start = 0;
        }
        long ltrim;
        long rtrim;
        if (start > end || start >= llen) {
            ltrim = llen;
            rtrim = 0;
        } else {
            if (end >= llen) {
                end = llen - 1;
            }
            ltrim = start;
            rtrim = llen - end - 1;
        }
        l.removeHead((int) ltrim);
        l.removeTail((int) rtrim);
        afterRemoval(c, key, l, EV_LTRIM);
        c.out.ok();
    }

    // ---- LPOP / RPOP / LMPOP --------------------------------------------------------------------

    public static void lpop(ExecContext c) {
        popGeneric(c, HEAD);
    }

    public static void rpop(ExecContext c) {
        popGeneric(c, TAIL);
    }

    /**
     * [LR]POP key [count]: without count, one element as a bulk string (null for an absent
     * key); with count, an array of up to count elements (a null array for an absent key, an
     * empty array for count 0). Deletes the key once the list is empty.
     */
    private static void popGeneric(ExecContext c, int where) {
        if (c.argc > 3) {
            c.out.raw(Errors.arity(c.spec.fullName));
            return;
        }
        boolean hasCount = c.argc == 3;
        long count = 0;
        if (hasCount) {
            if (!parseLongOrReply(c, 2, 0, Long.MAX_VALUE, MUST_BE_POSITIVE)) {
                return;
            }
            count = longArg(c, 2);
        }
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            if (hasCount) {
                c.out.nullArray();
            } else {
                c.out.nullBulk();
            }
            return;
        }
        if (hasCount && count == 0) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }
        if (!hasCount) {
            c.out.bulk(where == HEAD ? l.popHead() : l.popTail());
        } else {
            popRangeAndReply(c, l, where, count);
        }
        afterRemoval(c, key, l, where == HEAD ? EV_LPOP : EV_RPOP);
    }

    /** Replies up to {@code count} elements from one end (in pop order) and removes them. */
    private static void popRangeAndReply(ExecContext c, ListValue l, int where, long count) {
        int rangelen = (int) Math.min(count, l.size());
        if (where == HEAD) {
            addListRangeReply(c, l, 0, rangelen - 1, false);
            l.removeHead(rangelen);
        } else {
            addListRangeReply(c, l, -rangelen, -1, true);
            l.removeTail(rangelen);
        }
    }

    /**
     * LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: pops up to count (default 1)
     * elements from the first non-empty list, replying [key, [elements]]; a null array when
     * every key is absent. A key of another type met before a list replies WRONGTYPE.
     */
    public static void lmpop(ExecContext c) {
        MpopArgs m = parseMpopArgsOrReply(c, 1);
        if (m != null) {
            mpopGeneric(c, m.firstKey(), m.numkeys(), m.where(), m.count());
        }
    }

    /** LMPOP/BLMPOP's arguments after the timeout: keys from {@code firstKey}, the side, the count. */
    private record MpopArgs(int firstKey, int numkeys, int where, long count) {}

    /**
     * numkeys key [key ...] LEFT|RIGHT [COUNT count] starting at {@code numkeysIdx}, with
     * lmpopGenericCommand's checks and errors; null after replying an error.
     */
    private static MpopArgs parseMpopArgsOrReply(ExecContext c, int numkeysIdx) {
        if (!parseLongOrReply(c, numkeysIdx, 1, Long.MAX_VALUE, NUMKEYS_NOT_POSITIVE)) {
            return null;
        }
        long numkeys = longArg(c, numkeysIdx);
        // where_idx = numkeys_idx + numkeys + 1 must be an argument (compared without overflow)
        if (numkeys > c.argc - numkeysIdx - 2) {
            c.out.raw(Errors.SYNTAX);
            return null;
        }
        int whereIdx = numkeysIdx + (int) numkeys + 1;
        int where = parseListPositionOrReply(c, whereIdx);
        if (where < 0) {
            return null;
        }
        long count = -1;
        for (int j = whereIdx + 1; j < c.argc; j++) {
            boolean moreArgs = j < c.argc - 1;
            if (count == -1 && c.argIs(j, "count") && moreArgs) {
                j++;
                if (!parseLongOrReply(c, j, 1, Long.MAX_VALUE, COUNT_NOT_POSITIVE)) {
                    return null;
                }
                count = longArg(c, j);
            } else {
                c.out.raw(Errors.SYNTAX);
                return null;
            }
        }
        return new MpopArgs(numkeysIdx + 1, (int) numkeys, where, count == -1 ? 1 : count);
    }

    /** mpopGenericCommand: serves the first non-empty list among argv[first..first+numkeys). */
    private static void mpopGeneric(ExecContext c, int first, int numkeys, int where, long count) {
        for (int j = first; j < first + numkeys; j++) {
            byte[] key = c.argv[j];
            ListValue l = lookupWrite(c, key);
            if (l == WRONG) {
                return;
            }
            if (l == null || l.size() == 0) {
                continue;
            }
            c.out.array(2);
            c.out.bulk(key);
            popRangeAndReply(c, l, where, count);
            afterRemoval(c, key, l, where == HEAD ? EV_LPOP : EV_RPOP);
            return;
        }
        c.out.nullArray();
    }

    // ---- blocking pops (blocking.c / t_list.c) -----------------------------------------------

    private static final byte[] TIMEOUT_NOT_FLOAT = Errors.err("ERR timeout is not a float or out of range");
    private static final byte[] TIMEOUT_NEGATIVE = Errors.err("ERR timeout is negative");
    private static final byte[] TIMEOUT_OUT_OF_RANGE = Errors.err("ERR timeout is out of range");

    /**
     * getTimeoutFromObjectOrReply with seconds: a float (long double) of seconds, in ms;
     * 0 waits forever. Replies the error and returns -1 when it is not a valid timeout.
     */
    public static long parseTimeoutOrReply(ExecContext c, byte[] arg) {
        java.math.BigDecimal v = io.rekko.protocol.Numbers.parseLongDouble(arg);
        if (v == null) {
            c.out.raw(TIMEOUT_NOT_FLOAT);
            return -1;
        }
        long tval;
        java.math.BigDecimal ms = io.rekko.protocol.Numbers.isInfinite(v) ? null : v.multiply(java.math.BigDecimal.valueOf(1000));
        if (ms == null || ms.abs().compareTo(new java.math.BigDecimal(Long.MAX_VALUE)) >= 0) {
            tval = Long.MIN_VALUE; // C's (long long) of an out-of-range value on x86-64
        } else {
            tval = ms.longValue(); // truncates toward zero: -0.0001 s is 0, "forever"
        }
        if (tval < 0) {
            c.out.raw(TIMEOUT_NEGATIVE);
            return -1;
        }
        if (tval > Long.MAX_VALUE - c.now) {
            c.out.raw(TIMEOUT_OUT_OF_RANGE);
            return -1;
        }
        return tval;
    }

    /**
     * BLPOP/BRPOP key [key ...] timeout: pops from the first non-empty list, replying
     * [key, element]; with none, blocks until a push (or a null array after the timeout, or at
     * once inside MULTI).
     */
    private static void bpopGeneric(ExecContext c, int where) {
        long timeout = parseTimeoutOrReply(c, c.argv[c.argc - 1]);
        if (timeout < 0) {
            return;
        }
        for (int j = 1; j < c.argc - 1; j++) {
            byte[] key = c.argv[j];
            ListValue l = lookupWrite(c, key);
            if (l == WRONG) {
                return;
            }
            if (l != null && l.size() > 0) {
                c.out.array(2);
                c.out.bulk(key);
                c.out.bulk(where == HEAD ? l.popHead() : l.popTail());
                afterRemoval(c, key, l, where == HEAD ? EV_LPOP : EV_RPOP);
                return;
            }
        }
        blockOrReplyNull(c, java.util.Arrays.copyOfRange(c.argv, 1, c.argc - 1), timeout, true);
    }

    /** Blocks on {@code keys} when the client may block; otherwise replies the timeout's null now. */
    static void blockOrReplyNull(ExecContext c, byte[][] keys, long timeoutMs, boolean nullArray) {
        if (c.canBlock) {
            c.block(keys, timeoutMs, nullArray);
        } else if (nullArray) {
            c.out.nullArray();
        } else {
            c.out.nullBulk();
        }
    }

    /** BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout. */
    public static void blmove(ExecContext c) {
        int wherefrom = parseListPositionOrReply(c, 3);
        if (wherefrom < 0) {
            return;
        }
        int whereto = parseListPositionOrReply(c, 4);
        if (whereto < 0) {
            return;
        }
        blmoveGeneric(c, wherefrom, whereto, c.argv[5]);
    }

    /** BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT timeout. */
    public static void brpoplpush(ExecContext c) {
        blmoveGeneric(c, TAIL, HEAD, c.argv[3]);
    }

    private static void blmoveGeneric(ExecContext c, int wherefrom, int whereto, byte[] timeoutArg) {
        long timeout = parseTimeoutOrReply(c, timeoutArg);
        if (timeout < 0) {
            return;
        }
        ListValue src = lookupWrite(c, c.argv[1]);
        if (src == WRONG) {
            return;
        }
        if (src == null || src.size() == 0) {
            blockOrReplyNull(c, new byte[][] {c.argv[1]}, timeout, false);
            return;
        }
        lmoveGeneric(c, wherefrom, whereto);
    }

    /** BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]. */
    public static void blmpop(ExecContext c) {
        long timeout = parseTimeoutOrReply(c, c.argv[1]);
        if (timeout < 0) {
            return;
        }
        MpopArgs m = parseMpopArgsOrReply(c, 2);
        if (m == null) {
            return;
        }
        int end = m.firstKey() + m.numkeys();
        for (int j = m.firstKey(); j < end; j++) {
            Object o = c.lookupWrite(c.argv[j]);
            if (o instanceof ListValue l && l.size() > 0) {
                mpopGeneric(c, m.firstKey(), m.numkeys(), m.where(), m.count());
                return;
            }
            if (o != null && !(o instanceof ListValue)) {
                c.wrongType();
                return;
            }
        }
        blockOrReplyNull(c, java.util.Arrays.copyOfRange(c.argv, m.firstKey(), end), timeout, true);
    }

    // ---- LPOS -----------------------------------------------------------------------------------

    /**
     * LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]: the index of the
     * rank-th match (negative rank: searching from the tail), or with COUNT an array of up to
     * num-matches indexes (0 = all); MAXLEN bounds the number of elements compared. Without
     * COUNT, no match (or no key) is a null; with it, an empty array.
     */
    public static void lpos(ExecContext c) {
        byte[] ele = c.argv[2];
        long rank = 1;
        long count = -1; // -1: option not given
        long maxlen = 0;
        for (int j = 3; j < c.argc; j++) {
            boolean moreArgs = j < c.argc - 1;
            if (c.argIs(j, "rank") && moreArgs) {
                j++;
                if (!parseIndexOrReply(c, j)) {
                    return;
                }
                rank = longArg(c, j);
                if (rank == 0) {
                    c.out.raw(RANK_ZERO);
                    return;
                }
            } else if (c.argIs(j, "count") && moreArgs) {
                j++;
                if (!parseLongOrReply(c, j, 0, Long.MAX_VALUE, COUNT_NEGATIVE)) {
                    return;
                }
                count = longArg(c, j);
            } else if (c.argIs(j, "maxlen") && moreArgs) {
                j++;
                if (!parseLongOrReply(c, j, 0, Long.MAX_VALUE, MAXLEN_NEGATIVE)) {
                    return;
                }
                maxlen = longArg(c, j);
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        boolean fromTail = false;
        if (rank < 0) {
            // like C, -Long.MIN_VALUE stays negative: then every match qualifies
            rank = -rank;
            fromTail = true;
        }
        ListValue l = lookupRead(c, c.argv[1]);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            if (count != -1) {
                c.out.raw(Replies.EMPTY_ARRAY);
            } else {
                c.out.nullBulk();
            }
            return;
        }
        int llen = l.size();
        if (count == -1) {
            long found = lposSeek(l, ele, rank, fromTail, maxlen, llen);
            if (found >= 0) {
                c.out.integer(found);
            } else {
                c.out.nullBulk();
            }
            return;
        }
        lposCollect(c, l, ele, rank, count, fromTail, maxlen, llen);
    }

    /** The index of the rank-th match within maxlen compared elements, or -1. */
    private static long lposSeek(ListValue l, byte[] ele, long rank, boolean fromTail, long maxlen, int llen) {
        long matches = 0;
        for (int index = 0; index < llen && (maxlen == 0 || index < maxlen); index++) {
            int pos = fromTail ? llen - index - 1 : index;
            if (Arrays.equals(l.get(pos), ele)) {
                matches++;
                if (matches >= rank) {
                    return pos;
                }
            }
        }
        return -1;
    }

    /** LPOS with COUNT: replies the indexes of matches from the rank-th on, up to count (0 = all). */
    private static void lposCollect(ExecContext c, ListValue l, byte[] ele, long rank, long count,
                                    boolean fromTail, long maxlen, int llen) {
        int[] found = new int[8];
        int n = 0;
        long matches = 0;
        for (int index = 0; index < llen && (maxlen == 0 || index < maxlen); index++) {
            int pos = fromTail ? llen - index - 1 : index;
            if (Arrays.equals(l.get(pos), ele)) {
                matches++;
                if (matches >= rank) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = pos;
                    if (count != 0 && matches - rank + 1 >= count) {
                        break;
                    }
                }
            }
        }
        c.out.array(n);
        for (int i = 0; i < n; i++) {
            c.out.integer(found[i]);
        }
    }

    // ---- LREM -----------------------------------------------------------------------------------

    /**
     * LREM key count element: removes up to |count| elements equal to element, from the head
     * (count > 0), from the tail (count < 0), or all (count 0). Replies the number removed;
     * deletes the key once empty.
     */
    public static void lrem(ExecContext c) {
        if (!parseIndexOrReply(c, 2)) {
            return;
        }
        long toRemove = longArg(c, 2);
        byte[] key = c.argv[1];
        ListValue l = lookupWrite(c, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        boolean fromTail = toRemove < 0;
        // -Long.MIN_VALUE stays negative in C and Java alike: then there is no limit
        long limit = fromTail ? -toRemove : toRemove;
        long removed = l.removeMatches(c.argv[3], limit < 0 ? 0 : limit, fromTail);
        if (removed > 0) {
            afterRemoval(c, key, l, EV_LREM);
        }
        c.out.integer(removed);
    }

    // ---- LMOVE / RPOPLPUSH ----------------------------------------------------------------------

    /** LMOVE source destination LEFT|RIGHT LEFT|RIGHT. */
    public static void lmove(ExecContext c) {
        int wherefrom = parseListPositionOrReply(c, 3);
        if (wherefrom < 0) {
            return;
        }
        int whereto = parseListPositionOrReply(c, 4);
        if (whereto < 0) {
            return;
        }
        lmoveGeneric(c, wherefrom, whereto);
    }

    /** RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT. */
    public static void rpoplpush(ExecContext c) {
        lmoveGeneric(c, TAIL, HEAD);
    }

    /**
     * Pops one element from one end of the source and pushes it at one end of the destination
     * (created when absent; the same key rotates the list). Replies the element, or null when
     * the source is absent; WRONGTYPE for either key leaves both untouched.
     */
    private static void lmoveGeneric(ExecContext c, int wherefrom, int whereto) {
        byte[] srcKey = c.argv[1];
        byte[] dstKey = c.argv[2];
        ListValue src = lookupWrite(c, srcKey);
        if (src == WRONG) {
            return;
        }
        if (src == null || src.size() == 0) {
            c.out.nullBulk();
            return;
        }
        ListValue dst = lookupWrite(c, dstKey);
        if (dst == WRONG) {
            return;
        }
        byte[] value = wherefrom == HEAD ? src.popHead() : src.popTail();
        if (dst == null) {
            dst = new ListValue();
            c.addKey(dstKey, dst);
        }
        c.signalModified(dstKey);
        if (whereto == HEAD) {
            dst.pushHead(value);
        } else {
            dst.pushTail(value);
        }
        c.notify(KeyspaceEvents.LIST, whereto == HEAD ? EV_LPUSH : EV_RPUSH, dstKey);
        c.out.bulk(value);
        afterRemoval(c, srcKey, src, wherefrom == HEAD ? EV_LPOP : EV_RPOP);
    }
}
