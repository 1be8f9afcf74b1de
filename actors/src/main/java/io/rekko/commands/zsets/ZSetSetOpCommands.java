package io.rekko.commands.zsets;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.SetValue;
import io.rekko.keyspace.ZSetValue;
import io.rekko.keyspace.ZSetValue.Node;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Replies;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, after t_zset.c's
 * zunionInterDiffGenericCommand: inputs sorted by size (stable, as glibc's merge-sorting
 * qsort), weights and aggregation applied with C double arithmetic (a NaN product or sum
 * becomes 0), results built as a sorted set.
 *
 * <p>Plain sets are accepted as inputs, every member scoring 1, as Redis does.
 */
public final class ZSetSetOpCommands {
    private static final byte[] WEIGHT_NOT_FLOAT = Errors.err("ERR weight value is not a float");
    private static final byte[] LIMIT_NEGATIVE = Errors.err("ERR LIMIT can't be negative");

    // Keyspace event names (notifyKeyspaceEvent in t_zset.c)
    private static final byte[] EV_ZUNIONSTORE = Replies.ascii("zunionstore");
    private static final byte[] EV_ZINTERSTORE = Replies.ascii("zinterstore");
    private static final byte[] EV_ZDIFFSTORE = Replies.ascii("zdiffstore");

    static final int OP_UNION = 0;
    static final int OP_INTER = 1;
    static final int OP_DIFF = 2;

    private static final int AGGR_SUM = 1;
    private static final int AGGR_MIN = 2;
    private static final int AGGR_MAX = 3;

    private ZSetSetOpCommands() {}

    static void bind(CommandTable table) {
        table.bind("zunionstore", Scope.KEYS, c -> zunionInterDiffGeneric(c, true, 2, OP_UNION, false));
        table.bind("zinterstore", Scope.KEYS, c -> zunionInterDiffGeneric(c, true, 2, OP_INTER, false));
        table.bind("zdiffstore", Scope.KEYS, c -> zunionInterDiffGeneric(c, true, 2, OP_DIFF, false));
        table.bind("zunion", Scope.KEYS, c -> zunionInterDiffGeneric(c, false, 1, OP_UNION, false));
        table.bind("zinter", Scope.KEYS, c -> zunionInterDiffGeneric(c, false, 1, OP_INTER, false));
        table.bind("zintercard", Scope.KEYS, c -> zunionInterDiffGeneric(c, false, 1, OP_INTER, true));
        table.bind("zdiff", Scope.KEYS, c -> zunionInterDiffGeneric(c, false, 1, OP_DIFF, false));
    }

    /** One input: its set (null for an absent key) and weight. */
    private static final class Source {
        ZSetValue set;
        double weight = 1.0;

        long length() {
            return set == null ? 0 : set.size();
        }
    }

    /** zunionInterAggregate: folds {@code val} into {@code target}; a NaN sum is 0. */
    private static double aggregate(double target, double val, int aggregate) {
        if (aggregate == AGGR_SUM) {
            double r = target + val;
            return Double.isNaN(r) ? 0.0 : r;
        } else if (aggregate == AGGR_MIN) {
            return val < target ? val : target;
        }
        return val > target ? val : target;
    }

    /**
     * zunionInterDiffGenericCommand: {@code numkeys} at {@code argv[numkeysIdx]}, the keys,
     * then WEIGHTS / AGGREGATE (not for ZDIFF or ZINTERCARD), WITHSCORES (not for stores) or
     * LIMIT (ZINTERCARD only). A store replaces the destination (or deletes it for an empty
     * result) and replies the size; ZINTERCARD replies the count (stopping at LIMIT when not
     * 0); the others reply the members in score order.
     */
    static void zunionInterDiffGeneric(ExecContext c, boolean store, int numkeysIdx, int op, boolean cardOnly) {
        long[] out = new long[1];
        if (!ZSetCommands.parseLongOrReply(c, c.argv[numkeysIdx], out)) {
            return;
        }
        long setnum = out[0];
        if (setnum < 1) {
            c.out.error(("ERR at least 1 input key is needed for '" + c.spec.fullName + "' command")
                    .getBytes(StandardCharsets.ISO_8859_1));
            return;
        }
        if (setnum > c.argc - (numkeysIdx + 1)) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        int n = (int) setnum;
        Source[] src = new Source[n];
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            Object o = c.lookupRead(c.argv[j]);
            src[i] = new Source();
            if (o != null) {
                if (o instanceof ZSetValue z) {
                    src[i].set = z;
                } else if (o instanceof SetValue set) {
                    src[i].set = scoredOnes(set);
                } else {
                    c.wrongType();
                    return;
                }
            }
        }

        int aggregate = AGGR_SUM;
        boolean withScores = false;
        long limit = 0;
        ZSetArgs.Parsed parsed = new ZSetArgs.Parsed();
        int remaining = c.argc - j;
        while (remaining > 0) {
            if (op != OP_DIFF && !cardOnly && remaining >= n + 1 && c.argIs(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    if (!ZSetArgs.string2d(c.argv[j], parsed)) {
                        c.out.raw(WEIGHT_NOT_FLOAT);
                        return;
                    }
                    src[i].weight = parsed.value;
                }
            } else if (op != OP_DIFF && !cardOnly && remaining >= 2 && c.argIs(j, "aggregate")) {
                j++;
                remaining--;
                if (c.argIs(j, "sum")) {
                    aggregate = AGGR_SUM;
                } else if (c.argIs(j, "min")) {
                    aggregate = AGGR_MIN;
                } else if (c.argIs(j, "max")) {
                    aggregate = AGGR_MAX;
                } else {
                    c.out.raw(Errors.SYNTAX);
                    return;
                }
                j++;
                remaining--;
            } else if (!store && !cardOnly && c.argIs(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && c.argIs(j, "limit")) {
                j++;
                remaining--;
                if (!ZSetCommands.parseRangeLongOrReply(c, c.argv[j], 0, Long.MAX_VALUE, LIMIT_NEGATIVE, out)) {
                    return;
                }
                limit = out[0];
                j++;
                remaining--;
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }

        if (op != OP_DIFF) {
            Arrays.sort(src, Comparator.comparingLong(Source::length)); // stable, as glibc's qsort
        }
        ZSetValue dst = new ZSetValue(false);
        long cardinality = 0;
        if (op == OP_INTER) {
            if (src[0].length() > 0) {
                for (Node e = src[0].set.first(); e != null; e = e.next()) {
                    double score = src[0].weight * e.score();
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    int k;
                    for (k = 1; k < n; k++) {
                        Node other = src[k].set.find(e.ele);
                        if (other == null) {
                            break;
                        }
                        score = aggregate(score, other.score() * src[k].weight, aggregate);
                    }
                    if (k == n) {
                        if (cardOnly) {
                            cardinality++;
                            if (limit != 0 && cardinality >= limit) {
                                break;
                            }
                        } else {
                            dst.addNew(score, e.ele);
                        }
                    }
                }
            }
        } else if (op == OP_UNION) {
            Dict acc = new Dict();
            for (Source s : src) {
                if (s.length() == 0) {
                    continue;
                }
                for (Node e = s.set.first(); e != null; e = e.next()) {
                    double score = s.weight * e.score();
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    int pos = acc.find(e.ele);
                    if (pos < 0) {
                        acc.put(e.ele, new double[] {score});
                    } else {
                        double[] cur = (double[]) acc.valueAt(pos);
                        cur[0] = aggregate(cur[0], score, aggregate);
                    }
                }
            }
            for (int p = acc.nextOccupied(0); p >= 0; p = acc.nextOccupied(p + 1)) {
                dst.addNew(((double[]) acc.valueAt(p))[0], acc.keyAt(p));
            }
        } else if (src[0].length() > 0) {
            // zdiff: the members of the first set found in none of the others, with their scores
            for (Node e = src[0].set.first(); e != null; e = e.next()) {
                boolean exists = false;
                for (int k = 1; k < n && !exists; k++) {
                    exists = src[k].set != null && src[k].set.find(e.ele) != null;
                }
                if (!exists) {
                    dst.addNew(e.score(), e.ele);
                }
            }
        }

        if (store) {
            byte[] dstKey = c.argv[1];
            if (dst.size() > 0) {
                dst.convertToListpackIfNeeded();
                c.setKey(dstKey, dst, false);
                c.out.integer(dst.size());
                c.notify(KeyspaceEvents.ZSET,
                        op == OP_UNION ? EV_ZUNIONSTORE : op == OP_INTER ? EV_ZINTERSTORE : EV_ZDIFFSTORE, dstKey);
            } else {
                c.out.raw(Replies.ZERO);
                if (c.delete(dstKey)) {
                    c.signalModified(dstKey);
                    c.notify(KeyspaceEvents.GENERIC, ZSetCommands.EV_DEL, dstKey);
                }
            }
        } else if (cardOnly) {
            c.out.integer(cardinality);
        } else {
            boolean nested = withScores && c.out.protocol() > 2;
            long len = dst.size();
            c.out.array((int) (withScores && !nested ? len * 2 : len));
            for (Node e = dst.first(); e != null; e = e.next()) {
                ZSetCommands.replyMember(c, e.ele, e.score(), withScores, nested);
            }
        }
    }

    /** A plain set as a sorted set whose members all score 1 (Redis's set inputs to ZUNION etc.). */
    private static ZSetValue scoredOnes(SetValue set) {
        ZSetValue z = new ZSetValue(false);
        for (int p = set.first(); p >= 0; p = set.next(p)) {
            z.addNew(1.0, set.memberAt(p));
        }
        return z;
    }
}
