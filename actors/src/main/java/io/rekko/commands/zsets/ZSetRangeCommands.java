package io.rekko.commands.zsets;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.ZSetValue;
import io.rekko.keyspace.ZSetValue.LexRange;
import io.rekko.keyspace.ZSetValue.Node;
import io.rekko.keyspace.ZSetValue.ScoreRange;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Replies;
import java.util.ArrayList;
import java.util.List;

/**
 * The range commands of t_zset.c: ZRANGE (BYSCORE/BYLEX/REV/LIMIT/WITHSCORES), ZRANGESTORE,
 * ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX, ZCOUNT, ZLEXCOUNT and
 * ZREMRANGEBYRANK/SCORE/LEX. All Z*RANGE* forms go through {@link #zrangeGeneric}, as Redis's
 * zrangeGenericCommand, with the range type and direction fixed by the command or left to
 * the options.
 */
public final class ZSetRangeCommands {
    static final byte[] MINMAX_NOT_FLOAT = Errors.err("ERR min or max is not a float");
    static final byte[] MINMAX_NOT_LEX = Errors.err("ERR min or max not valid string range item");
    private static final byte[] LIMIT_NEEDS_BY = Errors.err(
            "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
    private static final byte[] WITHSCORES_BYLEX = Errors.err(
            "ERR syntax error, WITHSCORES not supported in combination with BYLEX");

    /** zrange_type. */
    static final int RANGE_AUTO = 0;
    // Keyspace event names (notifyKeyspaceEvent in t_zset.c)
    private static final byte[] EV_ZRANGESTORE = Replies.ascii("zrangestore");
    private static final byte[] EV_ZREMRANGEBYRANK = Replies.ascii("zremrangebyrank");
    private static final byte[] EV_ZREMRANGEBYSCORE = Replies.ascii("zremrangebyscore");
    private static final byte[] EV_ZREMRANGEBYLEX = Replies.ascii("zremrangebylex");

    static final int RANGE_RANK = 1;
    static final int RANGE_SCORE = 2;
    static final int RANGE_LEX = 3;

    /** zrange_direction. */
    static final int DIR_AUTO = 0;
    static final int DIR_FORWARD = 1;
    static final int DIR_REVERSE = 2;

    private ZSetRangeCommands() {}

    static void bind(CommandTable table) {
        table.bind("zrange", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_AUTO, DIR_AUTO));
        table.bind("zrangestore", Scope.KEYS, c -> zrangeGeneric(c, 2, true, RANGE_AUTO, DIR_AUTO));
        table.bind("zrevrange", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_RANK, DIR_REVERSE));
        table.bind("zrangebyscore", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_SCORE, DIR_FORWARD));
        table.bind("zrevrangebyscore", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_SCORE, DIR_REVERSE));
        table.bind("zrangebylex", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_LEX, DIR_FORWARD));
        table.bind("zrevrangebylex", Scope.KEYS, c -> zrangeGeneric(c, 1, false, RANGE_LEX, DIR_REVERSE));
        table.bind("zcount", Scope.KEYS, ZSetRangeCommands::zcount);
        table.bind("zlexcount", Scope.KEYS, ZSetRangeCommands::zlexcount);
        table.bind("zremrangebyrank", Scope.KEYS, c -> zremrangeGeneric(c, RANGE_RANK));
        table.bind("zremrangebyscore", Scope.KEYS, c -> zremrangeGeneric(c, RANGE_SCORE));
        table.bind("zremrangebylex", Scope.KEYS, c -> zremrangeGeneric(c, RANGE_LEX));
    }

    // ---- ZRANGE and friends -------------------------------------------------------------

    /**
     * zrangeGenericCommand: {@code argv[argcStart]} is the source key, then min and max, then
     * options ([BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]; a fixed range type or
     * direction disables its keywords, and a store (ZRANGESTORE) refuses WITHSCORES). Errors
     * come in Redis's order: options, conflicts, the range, then the key. Replies the members
     * (with scores: flat in RESP2, pairs in RESP3), or for a store the stored count.
     */
    static void zrangeGeneric(ExecContext c, int argcStart, boolean store, int rangeType, int direction) {
        byte[] key = c.argv[argcStart];
        int minIdx = argcStart + 1;
        int maxIdx = argcStart + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        long[] out = new long[1];

        for (int j = argcStart + 3; j < c.argc; j++) {
            int leftArgs = c.argc - j - 1;
            if (!store && c.argIs(j, "withscores")) {
                withScores = true;
            } else if (c.argIs(j, "limit") && leftArgs >= 2) {
                if (!ZSetCommands.parseLongOrReply(c, c.argv[j + 1], out)) {
                    return;
                }
                offset = out[0];
                if (!ZSetCommands.parseLongOrReply(c, c.argv[j + 2], out)) {
                    return;
                }
                limit = out[0];
                j += 2;
            } else if (direction == DIR_AUTO && c.argIs(j, "rev")) {
                direction = DIR_REVERSE;
            } else if (rangeType == RANGE_AUTO && c.argIs(j, "bylex")) {
                rangeType = RANGE_LEX;
            } else if (rangeType == RANGE_AUTO && c.argIs(j, "byscore")) {
                rangeType = RANGE_SCORE;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        if (direction == DIR_AUTO) {
            direction = DIR_FORWARD;
        }
        if (rangeType == RANGE_AUTO) {
            rangeType = RANGE_RANK;
        }
        if (limit != -1 && rangeType == RANGE_RANK) {
            c.out.raw(LIMIT_NEEDS_BY);
            return;
        }
        if (withScores && rangeType == RANGE_LEX) {
            c.out.raw(WITHSCORES_BYLEX);
            return;
        }
        boolean reverse = direction == DIR_REVERSE;
        if (reverse && rangeType != RANGE_RANK) {
            int tmp = maxIdx; // the range is given as max, min
            maxIdx = minIdx;
            minIdx = tmp;
        }

        long start = 0;
        long end = 0;
        ScoreRange range = null;
        LexRange lexRange = null;
        switch (rangeType) {
            case RANGE_RANK -> {
                if (!ZSetCommands.parseLongOrReply(c, c.argv[minIdx], out)) {
                    return;
                }
                start = out[0];
                if (!ZSetCommands.parseLongOrReply(c, c.argv[maxIdx], out)) {
                    return;
                }
                end = out[0];
            }
            case RANGE_SCORE -> {
                range = ZSetArgs.parseRange(c.argv[minIdx], c.argv[maxIdx]);
                if (range == null) {
                    c.out.raw(MINMAX_NOT_FLOAT);
                    return;
                }
            }
            default -> {
                lexRange = ZSetArgs.parseLexRange(c.argv[minIdx], c.argv[maxIdx]);
                if (lexRange == null) {
                    c.out.raw(MINMAX_NOT_LEX);
                    return;
                }
            }
        }

        Object o = c.lookupRead(key);
        if (o == null) {
            if (store) {
                finishStore(c, null, 0);
            } else {
                c.out.raw(Replies.EMPTY_ARRAY);
            }
            return;
        }
        if (!(o instanceof ZSetValue z)) {
            c.wrongType();
            return;
        }
        List<Node> result;
        long rankLen = -1;
        if (rangeType == RANGE_RANK) {
            result = byRank(z, start, end, reverse);
            rankLen = result.size();
        } else if (rangeType == RANGE_SCORE) {
            result = byScore(z, range, offset, limit, reverse);
        } else {
            result = byLex(z, lexRange, offset, limit, reverse);
        }

        if (store) {
            // zrangeResultBeginStore: a rank range longer than the listpack limit starts as a skiplist
            ZSetValue dst = null;
            if (!result.isEmpty()) {
                dst = new ZSetValue(rankLen <= ZSetValue.maxListpackEntries);
                for (Node n : result) {
                    dst.addNew(n.score(), n.ele);
                }
            }
            finishStore(c, dst, result.size());
            return;
        }
        boolean nested = withScores && c.out.protocol() > 2;
        c.out.array(withScores && !nested ? result.size() * 2 : result.size());
        for (Node n : result) {
            ZSetCommands.replyMember(c, n.ele, n.score(), withScores, nested);
        }
    }

    /** zrangeResultFinalizeStore: stores a non-empty result (replying its size), else deletes the destination. */
    private static void finishStore(ExecContext c, ZSetValue dst, long count) {
        byte[] dstKey = c.argv[1];
        if (count > 0) {
            c.setKey(dstKey, dst, false);
            c.out.integer(count);
            c.notify(KeyspaceEvents.ZSET, EV_ZRANGESTORE, dstKey);
        } else {
            c.out.raw(Replies.ZERO);
            if (c.delete(dstKey)) {
                c.signalModified(dstKey);
                c.notify(KeyspaceEvents.GENERIC, ZSetCommands.EV_DEL, dstKey);
            }
        }
    }

    /** genericZrangebyrankCommand: the nodes of 0-based ranks start..end (negative from the end). */
    private static List<Node> byRank(ZSetValue z, long start, long end, boolean reverse) {
        long llen = z.size();
        if (start < 0) {
            start = llen + start;
        }
        if (end < 0) {
            end = llen + end;
        }
        if (start < 0) {
            start = 0;
        }
        List<Node> result = new ArrayList<>();
        if (start > end || start >= llen) {
            return result;
        }
        if (end >= llen) {
            end = llen - 1;
        }
        long rangeLen = end - start + 1;
        Node ln = reverse ? z.byRank(llen - start) : z.byRank(start + 1);
        while (rangeLen-- > 0 && ln != null) {
            result.add(ln);
            ln = reverse ? ln.prev() : ln.next();
        }
        return result;
    }

    /**
     * genericZrangebyscoreCommand: the nodes within the range from its first (or, reversed,
     * last) one, skipping {@code offset} nodes; at most {@code limit} of them when it is not
     * negative. A negative offset walks past the end, so nothing is returned (as in Redis).
     */
    private static List<Node> byScore(ZSetValue z, ScoreRange range, long offset, long limit, boolean reverse) {
        List<Node> result = new ArrayList<>();
        if (offset > 0 && offset >= z.size()) {
            return result;
        }
        Node ln = reverse ? z.lastInRange(range) : z.firstInRange(range);
        ln = skip(ln, offset, reverse);
        while (ln != null && limit-- != 0) {
            if (reverse ? !range.gteMin(ln.score()) : !range.lteMax(ln.score())) {
                break;
            }
            result.add(ln);
            ln = reverse ? ln.prev() : ln.next();
        }
        return result;
    }

    /** genericZrangebylexCommand: as {@link #byScore} for a lex range. */
    private static List<Node> byLex(ZSetValue z, LexRange range, long offset, long limit, boolean reverse) {
        List<Node> result = new ArrayList<>();
        Node ln = reverse ? z.lastInLexRange(range) : z.firstInLexRange(range);
        ln = skip(ln, offset, reverse);
        while (ln != null && limit-- != 0) {
            if (reverse ? !range.gteMin(ln.ele) : !range.lteMax(ln.ele)) {
                break;
            }
            result.add(ln);
            ln = reverse ? ln.prev() : ln.next();
        }
        return result;
    }

    /** Moves {@code offset} nodes on (C's {@code while (ln && offset--)}: a negative offset runs off the end). */
    private static Node skip(Node ln, long offset, boolean reverse) {
        if (offset < 0) {
            return null;
        }
        while (ln != null && offset-- > 0) {
            ln = reverse ? ln.prev() : ln.next();
        }
        return ln;
    }

    // ---- ZCOUNT / ZLEXCOUNT -------------------------------------------------------------

    /** ZCOUNT key min max: the number of members with a score in the range, from two ranks. */
    static void zcount(ExecContext c) {
        ScoreRange range = ZSetArgs.parseRange(c.argv[2], c.argv[3]);
        if (range == null) {
            c.out.raw(MINMAX_NOT_FLOAT);
            return;
        }
        ZSetValue z = ZSetCommands.lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (z == null) {
            return;
        }
        Node first = z.firstInRange(range);
        if (first == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        Node last = z.lastInRange(range);
        c.out.integer(z.rankOf(last) - z.rankOf(first) + 1);
    }

    /** ZLEXCOUNT key min max: the number of members in the lex range. */
    static void zlexcount(ExecContext c) {
        LexRange range = ZSetArgs.parseLexRange(c.argv[2], c.argv[3]);
        if (range == null) {
            c.out.raw(MINMAX_NOT_LEX);
            return;
        }
        ZSetValue z = ZSetCommands.lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (z == null) {
            return;
        }
        Node first = z.firstInLexRange(range);
        if (first == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        Node last = z.lastInLexRange(range);
        c.out.integer(z.rankOf(last) - z.rankOf(first) + 1);
    }

    // ---- ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX ----------------------------

    /**
     * zremrangeGenericCommand: parses the range (errors first), then removes the members in it
     * and replies how many. Deletes the key when it becomes empty.
     */
    static void zremrangeGeneric(ExecContext c, int rangeType) {
        byte[] key = c.argv[1];
        long start = 0;
        long end = 0;
        ScoreRange range = null;
        LexRange lexRange = null;
        if (rangeType == RANGE_RANK) {
            long[] out = new long[1];
            if (!ZSetCommands.parseLongOrReply(c, c.argv[2], out)) {
                return;
            }
            start = out[0];
            if (!ZSetCommands.parseLongOrReply(c, c.argv[3], out)) {
                return;
            }
            end = out[0];
        } else if (rangeType == RANGE_SCORE) {
            range = ZSetArgs.parseRange(c.argv[2], c.argv[3]);
            if (range == null) {
                c.out.raw(MINMAX_NOT_FLOAT);
                return;
            }
        } else {
            lexRange = ZSetArgs.parseLexRange(c.argv[2], c.argv[3]);
            if (lexRange == null) {
                c.out.raw(MINMAX_NOT_LEX);
                return;
            }
        }
        ZSetValue z = ZSetCommands.lookupWriteOrReply(c, key, Replies.ZERO);
        if (z == null) {
            return;
        }
        long deleted;
        if (rangeType == RANGE_RANK) {
            long llen = z.size();
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
                c.out.raw(Replies.ZERO);
                return;
            }
            if (end >= llen) {
                end = llen - 1;
            }
            deleted = z.deleteRangeByRank(start + 1, end + 1);
        } else if (rangeType == RANGE_SCORE) {
            deleted = z.deleteRangeByScore(range);
        } else {
            deleted = z.deleteRangeByLex(lexRange);
        }
        boolean keyRemoved = z.size() == 0;
        if (keyRemoved) {
            c.delete(key);
        }
        if (deleted > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.ZSET, rangeType == RANGE_RANK ? EV_ZREMRANGEBYRANK
                    : rangeType == RANGE_SCORE ? EV_ZREMRANGEBYSCORE : EV_ZREMRANGEBYLEX, key);
            if (keyRemoved) {
                c.notify(KeyspaceEvents.GENERIC, ZSetCommands.EV_DEL, key);
            }
        }
        c.out.integer(deleted);
    }
}
