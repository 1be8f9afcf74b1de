package io.rekko.commands.sets;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.commands.keys.GlobMatcher;
import io.rekko.commands.keys.ScanCommands;
import io.rekko.keyspace.Dict;
import io.rekko.keyspace.SetValue;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The set commands, after Redis's t_set.c: SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER, SCARD,
 * SPOP, SRANDMEMBER, SMEMBERS/SINTER/SINTERCARD/SINTERSTORE, SUNION/SUNIONSTORE,
 * SDIFF/SDIFFSTORE and SSCAN.
 *
 * <p>A set is a {@link SetValue}, mutated in place: every write signals the key (WATCH) itself.
 * Intsets iterate in ascending order, so their replies match redis-server byte for byte;
 * hashtable sets iterate in {@link Dict} order, which differs from Redis's.
 */
public final class SetCommands {
    // Keyspace event names (notifyKeyspaceEvent in t_set.c)
    private static final byte[] EV_SADD = Replies.ascii("sadd");
    private static final byte[] EV_SREM = Replies.ascii("srem");
    private static final byte[] EV_SPOP = Replies.ascii("spop");
    private static final byte[] EV_SINTERSTORE = Replies.ascii("sinterstore");
    private static final byte[] EV_SUNIONSTORE = Replies.ascii("sunionstore");
    private static final byte[] EV_SDIFFSTORE = Replies.ascii("sdiffstore");
    private static final byte[] EV_DEL = Replies.ascii("del");

    private static final byte[] MUST_BE_POSITIVE = Errors.err("ERR value is out of range, must be positive");
    private static final byte[] COUNT_RANGE = Errors.err(
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
    private static final byte[] VALUE_OUT_OF_RANGE = Errors.err("ERR value is out of range");
    private static final byte[] NUMKEYS_POSITIVE = Errors.err("ERR numkeys should be greater than 0");
    private static final byte[] TOO_MANY_NUMKEYS = Errors.err("ERR Number of keys can't be greater than number of args");
    private static final byte[] LIMIT_NEGATIVE = Errors.err("ERR LIMIT can't be negative");
    private static final byte[] EMPTY_SCAN = Replies.ascii("*2\r\n$1\r\n0\r\n*0\r\n");

    /** Sentinels for {@link #lookupReadOrReply}: reply a null bulk / an empty set. */
    private static final byte[] REPLY_NULL = new byte[0];
    private static final byte[] REPLY_EMPTY_SET = new byte[0];

    /** sunionDiffGenericCommand's operations. */
    private static final int SET_OP_UNION = 0;
    private static final int SET_OP_DIFF = 1;

    /** SPOP: above this ratio of what stays to what is popped, pop one by one (Redis's CASE 2). */
    private static final long SPOP_MOVE_STRATEGY_MUL = 5;
    /** SRANDMEMBER: below this ratio of size to count, subtract instead of picking (CASE 3). */
    private static final long SRANDMEMBER_SUB_STRATEGY_MUL = 3;

    /** Smallest set first (qsortCompareSetsByCardinality; a stable sort, as glibc's qsort). */
    private static final Comparator<SetValue> BY_CARDINALITY = Comparator.comparingInt(SetValue::size);
    /** Largest first, missing keys counting as empty (qsortCompareSetsByRevCardinality). */
    private static final Comparator<SetValue> BY_REV_CARDINALITY =
            (a, b) -> Integer.compare(b == null ? 0 : b.size(), a == null ? 0 : a.size());

    private SetCommands() {}

    public static void bind(CommandTable table) {
        table.bind("sadd", Scope.KEYS, SetCommands::sadd);
        table.bind("srem", Scope.KEYS, SetCommands::srem);
        table.bind("smove", Scope.KEYS, SetCommands::smove);
        table.bind("sismember", Scope.KEYS, SetCommands::sismember);
        table.bind("smismember", Scope.KEYS, SetCommands::smismember);
        table.bind("scard", Scope.KEYS, SetCommands::scard);
        table.bind("spop", Scope.KEYS, SetCommands::spop);
        table.bind("srandmember", Scope.KEYS, SetCommands::srandmember);
        table.bind("smembers", Scope.KEYS, SetCommands::sinter);
        table.bind("sinter", Scope.KEYS, SetCommands::sinter);
        table.bind("sintercard", Scope.KEYS, SetCommands::sintercard);
        table.bind("sinterstore", Scope.KEYS, SetCommands::sinterstore);
        table.bind("sunion", Scope.KEYS, SetCommands::sunion);
        table.bind("sunionstore", Scope.KEYS, SetCommands::sunionstore);
        table.bind("sdiff", Scope.KEYS, SetCommands::sdiff);
        table.bind("sdiffstore", Scope.KEYS, SetCommands::sdiffstore);
        table.bind("sscan", Scope.KEYS, SetCommands::sscan);
    }

    // ---- lookups and element helpers ----------------------------------------------------

    /**
     * lookupKeyReadOrReply / lookupKeyWriteOrReply + checkType: the set at {@code key}, or null
     * after replying {@code emptyReply} (absent key; {@link #REPLY_NULL} and
     * {@link #REPLY_EMPTY_SET} follow the protocol) or WRONGTYPE.
     */
    private static SetValue lookupOrReply(ExecContext c, byte[] key, byte[] emptyReply, boolean write) {
        Object o = write ? c.lookupWrite(key) : c.lookupRead(key);
        if (o == null) {
            if (emptyReply == REPLY_NULL) {
                c.out.nullBulk();
            } else if (emptyReply == REPLY_EMPTY_SET) {
                c.out.set(0);
            } else {
                c.out.raw(emptyReply);
            }
            return null;
        }
        if (!(o instanceof SetValue s)) {
            c.wrongType();
            return null;
        }
        return s;
    }

    private static SetValue lookupReadOrReply(ExecContext c, byte[] key, byte[] emptyReply) {
        return lookupOrReply(c, key, emptyReply, false);
    }

    /** The member of {@code src} at {@code pos} as a bulk string. */
    private static void replyMember(ExecContext c, SetValue src, int pos) {
        if (src.isIntset()) {
            c.out.bulkLong(src.intAt(pos));
        } else {
            c.out.bulk(src.memberAt(pos));
        }
    }

    /** setTypeAdd of the member of {@code src} at {@code pos} (no string round trip for integers). */
    private static boolean addMember(SetValue dst, SetValue src, int pos) {
        return src.isIntset() ? dst.addLong(src.intAt(pos)) : dst.add(src.memberAt(pos));
    }

    /** setTypeIsMember of the member of {@code src} at {@code pos}. */
    private static boolean containsMember(SetValue set, SetValue src, int pos) {
        if (src.isIntset() && set.isIntset()) {
            return set.containsLong(src.intAt(pos));
        }
        return set.contains(src.memberAt(pos));
    }

    // ---- SADD / SREM / SMOVE ------------------------------------------------------------

    /**
     * SADD key member [member ...]: adds the members (the set is created as an intset when the
     * first member is an integer) and replies how many were new.
     */
    public static void sadd(ExecContext c) {
        byte[] key = c.argv[1];
        Object o = c.lookupWrite(key);
        SetValue set;
        if (o == null) {
            set = SetValue.createFor(c.argv[2]);
            c.addKey(key, set);
        } else if (o instanceof SetValue s) {
            set = s;
        } else {
            c.wrongType();
            return;
        }
        long added = 0;
        for (int j = 2; j < c.argc; j++) {
            if (set.add(c.argv[j])) {
                added++;
            }
        }
        if (added > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.SET, EV_SADD, key);
        }
        c.out.integer(added);
    }

    /**
     * SREM key member [member ...]: removes the members and replies how many existed. Removing
     * the last member deletes the key (and stops there, as Redis does).
     */
    public static void srem(ExecContext c) {
        byte[] key = c.argv[1];
        SetValue set = lookupOrReply(c, key, Replies.ZERO, true);
        if (set == null) {
            return;
        }
        long deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < c.argc; j++) {
            if (set.remove(c.argv[j])) {
                deleted++;
                if (set.size() == 0) {
                    c.delete(key);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.signalModified(key);
            c.notify(KeyspaceEvents.SET, EV_SREM, key);
            if (keyRemoved) {
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            }
        }
        c.out.integer(deleted);
    }

    /**
     * SMOVE source destination member: moves the member; replies 1 when it was in the source,
     * else 0. An absent source replies 0 before any type check; the same key as source and
     * destination only tests membership. An emptied source is deleted; the destination is
     * created (as setTypeCreate decides) when absent.
     */
    public static void smove(ExecContext c) {
        byte[] srcKey = c.argv[1];
        byte[] dstKey = c.argv[2];
        byte[] ele = c.argv[3];
        Object src = c.lookupWrite(srcKey);
        Object dst = c.lookupWrite(dstKey);
        if (src == null) {
            c.out.raw(Replies.ZERO);
            return;
        }
        if (!(src instanceof SetValue srcSet) || (dst != null && !(dst instanceof SetValue))) {
            c.wrongType();
            return;
        }
        SetValue dstSet = (SetValue) dst;
        if (srcSet == dstSet) {
            c.out.raw(srcSet.contains(ele) ? Replies.ONE : Replies.ZERO);
            return;
        }
        if (!srcSet.remove(ele)) {
            c.out.raw(Replies.ZERO);
            return;
        }
        c.notify(KeyspaceEvents.SET, EV_SREM, srcKey);
        if (srcSet.size() == 0) {
            c.delete(srcKey);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, srcKey);
        }
        if (dstSet == null) {
            dstSet = SetValue.createFor(ele);
            c.addKey(dstKey, dstSet);
        }
        c.signalModified(srcKey);
        if (dstSet.add(ele)) {
            c.signalModified(dstKey);
            c.notify(KeyspaceEvents.SET, EV_SADD, dstKey);
        }
        c.out.raw(Replies.ONE);
    }

    // ---- membership and size ------------------------------------------------------------

    /** SISMEMBER key member: 1 when the member is in the set, else 0 (also for no key). */
    public static void sismember(ExecContext c) {
        SetValue set = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (set == null) {
            return;
        }
        c.out.raw(set.contains(c.argv[2]) ? Replies.ONE : Replies.ZERO);
    }

    /** SMISMEMBER key member [member ...]: an array of 1/0; an absent key is an empty set. */
    public static void smismember(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o != null && !(o instanceof SetValue)) {
            c.wrongType();
            return;
        }
        SetValue set = (SetValue) o;
        c.out.array(c.argc - 2);
        for (int j = 2; j < c.argc; j++) {
            c.out.raw(set != null && set.contains(c.argv[j]) ? Replies.ONE : Replies.ZERO);
        }
    }

    /** SCARD key: the number of members (0 for no key). */
    public static void scard(ExecContext c) {
        SetValue set = lookupReadOrReply(c, c.argv[1], Replies.ZERO);
        if (set == null) {
            return;
        }
        c.out.integer(set.size());
    }

    // ---- SPOP ---------------------------------------------------------------------------

    /**
     * SPOP key [count]: without count, removes and replies one random member (null for no key),
     * deleting the emptied key; with a count see {@link #spopWithCount}.
     */
    public static void spop(ExecContext c) {
        if (c.argc == 3) {
            spopWithCount(c);
            return;
        } else if (c.argc > 3) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        byte[] key = c.argv[1];
        SetValue set = lookupOrReply(c, key, REPLY_NULL, true);
        if (set == null) {
            return;
        }
        int pos = set.randomPosition();
        replyMember(c, set, pos);
        set.removeAt(pos);
        c.notify(KeyspaceEvents.SET, EV_SPOP, key);
        if (set.size() == 0) {
            c.delete(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
        }
        c.signalModified(key);
        // Redis replicates this as SREM key <member>; the replication layer does that.
    }

    /**
     * spopWithCountCommand: pops up to count distinct random members, replied as a set. A count
     * covering the set replies it all (through the union code, so in intset order when the
     * members fit an intset) and deletes the key. A count small next to what remains pops one
     * at a time; otherwise the members that stay are drawn into a new set that replaces the old
     * one (keeping its TTL), and what is left of the old one is replied in its order.
     */
    private static void spopWithCount(ExecContext c) {
        byte[] countArg = c.argv[2];
        if (!Numbers.isLong(countArg) || Numbers.parseLong(countArg) < 0) {
            c.out.raw(MUST_BE_POSITIVE);
            return;
        }
        long count = Numbers.parseLong(countArg);
        byte[] key = c.argv[1];
        SetValue set = lookupOrReply(c, key, REPLY_EMPTY_SET, true);
        if (set == null) {
            return;
        }
        if (count == 0) {
            c.out.set(0);
            return;
        }
        long size = set.size();
        c.notify(KeyspaceEvents.SET, EV_SPOP, key);

        // CASE 1: the whole set.
        if (count >= size) {
            sunionDiffGeneric(c, 1, 1, null, SET_OP_UNION);
            c.delete(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
            c.signalModified(key);
            // Redis replicates this as DEL key.
            return;
        }

        c.out.set((int) count);
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            // CASE 2: pop random members one by one.
            while (count-- > 0) {
                int pos = set.randomPosition();
                replyMember(c, set, pos);
                set.removeAt(pos);
            }
        } else {
            // CASE 3: move the members that stay into a new set, reply the rest of the old one.
            SetValue newSet = null;
            while (remaining-- > 0) {
                int pos = set.randomPosition();
                byte[] member = set.memberAt(pos);
                if (newSet == null) {
                    newSet = SetValue.createFor(member);
                }
                newSet.add(member);
                set.removeAt(pos);
            }
            for (int p = set.first(); p >= 0; p = set.next(p)) {
                replyMember(c, set, p);
            }
            c.setKey(key, newSet, true); // dbOverwrite keeps the TTL
        }
        c.signalModified(key);
        // Redis replicates each popped member as SREM key <member>.
    }

    // ---- SRANDMEMBER --------------------------------------------------------------------

    /**
     * SRANDMEMBER key [count]: without count, one random member (null for no key); with a
     * count see {@link #srandmemberWithCount}.
     */
    public static void srandmember(ExecContext c) {
        if (c.argc == 3) {
            srandmemberWithCount(c);
            return;
        } else if (c.argc > 3) {
            c.out.raw(Errors.SYNTAX);
            return;
        }
        SetValue set = lookupReadOrReply(c, c.argv[1], REPLY_NULL);
        if (set == null) {
            return;
        }
        replyMember(c, set, set.randomPosition());
    }

    /**
     * srandmemberWithCountCommand, replied as an array (also in RESP3). A negative count picks
     * that many members independently (repeats allowed); a positive one distinct members: the
     * whole set in its order when the count covers it, else a uniform sample.
     */
    private static void srandmemberWithCount(ExecContext c) {
        byte[] countArg = c.argv[2];
        if (!Numbers.isLong(countArg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long l = Numbers.parseLong(countArg);
        if (l == Long.MIN_VALUE) {
            c.out.raw(COUNT_RANGE);
            return;
        }
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        SetValue set = lookupReadOrReply(c, c.argv[1], Replies.EMPTY_ARRAY);
        if (set == null) {
            return;
        }
        long size = set.size();
        if (count == 0) {
            c.out.raw(Replies.EMPTY_ARRAY);
            return;
        }

        // CASE 1: independent picks (a negative count, or a single member).
        if (!uniq || count == 1) {
            if (count > Integer.MAX_VALUE) {
                // Redis would start streaming billions of members; we refuse instead.
                c.out.raw(VALUE_OUT_OF_RANGE);
                return;
            }
            c.out.array((int) count);
            while (count-- > 0) {
                replyMember(c, set, set.randomPosition());
            }
            return;
        }

        // CASE 2: the count covers the set: all of it, in order.
        if (count >= size) {
            c.out.array((int) size);
            for (int p = set.first(); p >= 0; p = set.next(p)) {
                replyMember(c, set, p);
            }
            return;
        }

        c.out.array((int) count);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (count * SRANDMEMBER_SUB_STRATEGY_MUL > size) {
            // CASE 3: count close to the size: a uniform sample kept in the set's order
            // (selection sampling; Redis subtracts random members from a copy instead).
            long needed = count;
            long remaining = size;
            for (int p = set.first(); p >= 0 && needed > 0; p = set.next(p), remaining--) {
                if (rnd.nextLong(remaining) < needed) {
                    replyMember(c, set, p);
                    needed--;
                }
            }
            return;
        }

        // CASE 4: a set much bigger than the count: random picks, skipping repeats.
        BitSet seen = new BitSet(set.positionLimit());
        long added = 0;
        while (added < count) {
            int p = set.randomPosition();
            if (seen.get(p)) {
                continue;
            }
            seen.set(p);
            added++;
            replyMember(c, set, p);
        }
    }

    // ---- SINTER / SMEMBERS / SINTERCARD / SINTERSTORE -----------------------------------

    /** SINTER key [key ...] and SMEMBERS key (Redis runs SMEMBERS as a one-key SINTER). */
    public static void sinter(ExecContext c) {
        sinterGeneric(c, 1, c.argc - 1, null, false, 0);
    }

    /** SINTERSTORE destination key [key ...]. */
    public static void sinterstore(ExecContext c) {
        sinterGeneric(c, 2, c.argc - 2, c.argv[1], false, 0);
    }

    /**
     * SINTERCARD numkeys key [key ...] [LIMIT limit]: the size of the intersection, counting
     * stops at a non-zero LIMIT. numkeys must be 1..the number of remaining arguments.
     */
    public static void sintercard(ExecContext c) {
        byte[] numArg = c.argv[1];
        if (!Numbers.isLong(numArg) || Numbers.parseLong(numArg) < 1) {
            c.out.raw(NUMKEYS_POSITIVE);
            return;
        }
        long numkeys = Numbers.parseLong(numArg);
        if (numkeys > c.argc - 2) {
            c.out.raw(TOO_MANY_NUMKEYS);
            return;
        }
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc; j++) {
            int moreArgs = (c.argc - 1) - j;
            if (c.argIs(j, "limit") && moreArgs > 0) {
                j++;
                byte[] limitArg = c.argv[j];
                if (!Numbers.isLong(limitArg) || Numbers.parseLong(limitArg) < 0) {
                    c.out.raw(LIMIT_NEGATIVE);
                    return;
                }
                limit = Numbers.parseLong(limitArg);
            } else {
                c.out.raw(Errors.SYNTAX);
                return;
            }
        }
        sinterGeneric(c, 2, (int) numkeys, null, true, limit);
    }

    /**
     * sinterGenericCommand over the keys {@code argv[first..first+setnum)}: a missing key makes
     * the result empty at once. Otherwise the smallest set is walked in its order and each member
     * kept when every other set has it. Replies the members as a set, or (cardinalityOnly) their
     * count, stopping at a non-zero {@code limit}; with {@code dstKey}, stores the result (an
     * intset unless a member needs a table) and replies its size, deleting dstKey when empty.
     */
    private static void sinterGeneric(ExecContext c, int first, int setnum, byte[] dstKey,
            boolean cardinalityOnly, long limit) {
        SetValue[] sets = new SetValue[setnum];
        boolean empty = false;
        for (int j = 0; j < setnum; j++) {
            Object o = c.lookupRead(c.argv[first + j]);
            if (o == null) {
                empty = true;
                continue;
            }
            if (!(o instanceof SetValue s)) {
                c.wrongType();
                return;
            }
            sets[j] = s;
        }

        if (empty) {
            if (dstKey != null) {
                if (c.delete(dstKey)) {
                    c.signalModified(dstKey);
                    c.notify(KeyspaceEvents.GENERIC, EV_DEL, dstKey);
                }
                c.out.raw(Replies.ZERO);
            } else if (cardinalityOnly) {
                c.out.raw(Replies.ZERO);
            } else {
                c.out.set(0);
            }
            return;
        }

        Arrays.sort(sets, BY_CARDINALITY);
        SetValue smallest = sets[0];
        SetValue dstSet = dstKey != null ? SetValue.createIntset() : null;
        int[] found = dstKey == null && !cardinalityOnly ? new int[smallest.size()] : null;
        long cardinality = 0;
        for (int p = smallest.first(); p >= 0; p = smallest.next(p)) {
            int j;
            for (j = 1; j < setnum; j++) {
                if (sets[j] != smallest && !containsMember(sets[j], smallest, p)) {
                    break;
                }
            }
            if (j < setnum) {
                continue;
            }
            if (cardinalityOnly) {
                cardinality++;
                if (limit != 0 && cardinality >= limit) {
                    break;
                }
            } else if (dstSet == null) {
                found[(int) cardinality++] = p;
            } else {
                addMember(dstSet, smallest, p);
            }
        }

        if (cardinalityOnly) {
            c.out.integer(cardinality);
        } else if (dstSet != null) {
            storeResult(c, dstKey, dstSet, EV_SINTERSTORE);
        } else {
            c.out.set((int) cardinality);
            for (int i = 0; i < cardinality; i++) {
                replyMember(c, smallest, found[i]);
            }
        }
    }

    /**
     * The end of the *STORE commands: a non-empty result replaces dstKey (TTL dropped) and its
     * size is replied, publishing {@code event}; an empty one deletes dstKey ("del") and
     * replies 0.
     */
    private static void storeResult(ExecContext c, byte[] dstKey, SetValue dstSet, byte[] event) {
        if (dstSet.size() > 0) {
            c.setKey(dstKey, dstSet, false);
            c.out.integer(dstSet.size());
            c.notify(KeyspaceEvents.SET, event, dstKey);
        } else {
            c.out.raw(Replies.ZERO);
            if (c.delete(dstKey)) {
                c.signalModified(dstKey);
                c.notify(KeyspaceEvents.GENERIC, EV_DEL, dstKey);
            }
        }
    }

    // ---- SUNION / SDIFF (+STORE) --------------------------------------------------------

    public static void sunion(ExecContext c) {
        sunionDiffGeneric(c, 1, c.argc - 1, null, SET_OP_UNION);
    }

    public static void sunionstore(ExecContext c) {
        sunionDiffGeneric(c, 2, c.argc - 2, c.argv[1], SET_OP_UNION);
    }

    public static void sdiff(ExecContext c) {
        sunionDiffGeneric(c, 1, c.argc - 1, null, SET_OP_DIFF);
    }

    public static void sdiffstore(ExecContext c) {
        sunionDiffGeneric(c, 2, c.argc - 2, c.argv[1], SET_OP_DIFF);
    }

    /**
     * sunionDiffGenericCommand over the keys {@code argv[first..first+setnum)} (missing keys are
     * empty sets). The result is built in a fresh intset, converted as members demand, so it
     * iterates in ascending order when all members are integers. DIFF is empty when a later
     * key names the first set, and otherwise uses Redis's cheaper algorithm for the input
     * (walk the first set, or add it all then subtract), which decides the result's encoding.
     * Replies the result as a set, or with {@code dstKey} stores it as {@link #storeResult}.
     */
    private static void sunionDiffGeneric(ExecContext c, int first, int setnum, byte[] dstKey, int op) {
        SetValue[] sets = new SetValue[setnum];
        boolean sameSet = false;
        for (int j = 0; j < setnum; j++) {
            Object o = c.lookupRead(c.argv[first + j]);
            if (o == null) {
                continue;
            }
            if (!(o instanceof SetValue s)) {
                c.wrongType();
                return;
            }
            sets[j] = s;
            if (j > 0 && sets[0] == s) {
                sameSet = true;
            }
        }

        int diffAlgo = 1;
        if (op == SET_OP_DIFF && sets[0] != null && !sameSet) {
            long algoOneWork = 0;
            long algoTwoWork = 0;
            for (int j = 0; j < setnum; j++) {
                if (sets[j] != null) {
                    algoOneWork += sets[0].size();
                    algoTwoWork += sets[j].size();
                }
            }
            // Algorithm 1 has better constants and stops early on common members.
            algoOneWork /= 2;
            diffAlgo = algoOneWork <= algoTwoWork ? 1 : 2;
            if (diffAlgo == 1 && setnum > 1) {
                Arrays.sort(sets, 1, setnum, BY_REV_CARDINALITY);
            }
        }

        SetValue dstSet = SetValue.createIntset();
        if (op == SET_OP_UNION) {
            for (SetValue s : sets) {
                if (s == null) {
                    continue;
                }
                for (int p = s.first(); p >= 0; p = s.next(p)) {
                    addMember(dstSet, s, p);
                }
            }
        } else if (sameSet || sets[0] == null) {
            // DIFF: empty result
        } else if (diffAlgo == 1) {
            SetValue s0 = sets[0];
            for (int p = s0.first(); p >= 0; p = s0.next(p)) {
                int j;
                for (j = 1; j < setnum; j++) {
                    if (sets[j] == null) {
                        continue;
                    }
                    if (sets[j] == s0 || containsMember(sets[j], s0, p)) {
                        break;
                    }
                }
                if (j == setnum) {
                    addMember(dstSet, s0, p);
                }
            }
        } else {
            for (int j = 0; j < setnum; j++) {
                SetValue s = sets[j];
                if (s == null) {
                    continue;
                }
                for (int p = s.first(); p >= 0; p = s.next(p)) {
                    if (j == 0) {
                        addMember(dstSet, s, p);
                    } else {
                        removeMember(dstSet, s, p);
                    }
                }
                if (dstSet.size() == 0) {
                    break;
                }
            }
        }

        if (dstKey == null) {
            c.out.set(dstSet.size());
            for (int p = dstSet.first(); p >= 0; p = dstSet.next(p)) {
                replyMember(c, dstSet, p);
            }
        } else {
            storeResult(c, dstKey, dstSet, op == SET_OP_UNION ? EV_SUNIONSTORE : EV_SDIFFSTORE);
        }
    }

    /** setTypeRemove of the member of {@code src} at {@code pos}. */
    private static void removeMember(SetValue set, SetValue src, int pos) {
        if (src.isIntset() && set.isIntset()) {
            set.removeLong(src.intAt(pos));
        } else {
            set.remove(src.memberAt(pos));
        }
    }

    // ---- SSCAN --------------------------------------------------------------------------

    /**
     * SSCAN key cursor [MATCH pattern] [COUNT count]: an intset answers everything at once with
     * cursor 0 (whatever the cursor); a table is walked with Dict.scan from the cursor for at
     * most 10*COUNT buckets or until COUNT members are gathered. MATCH filters the members
     * (integers by their decimal form). Options are checked after the key lookup, as in Redis.
     * Replies [next cursor, [member, ...]].
     */
    public static void sscan(ExecContext c) {
        long[] cursorOut = new long[1];
        if (!ScanCommands.parseScanCursorOrReply(c, c.argv[2], cursorOut)) {
            return;
        }
        SetValue set = lookupReadOrReply(c, c.argv[1], EMPTY_SCAN);
        if (set == null) {
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
        Dict table = set.table();
        if (table != null) {
            long maxIterations = count * 10;
            do {
                cursor = table.scan(cursor, collected);
            } while (cursor != 0 && maxIterations-- != 0
                    && Long.compareUnsigned(collected.items.size(), count) < 0);
        } else {
            for (int p = set.first(); p >= 0; p = set.next(p)) {
                collected.items.add(set.memberAt(p));
            }
            cursor = 0;
        }

        List<byte[]> items = collected.items;
        int kept = items.size();
        if (pattern != null) {
            int w = 0;
            for (int r = 0; r < items.size(); r++) {
                if (GlobMatcher.match(pattern, items.get(r))) {
                    items.set(w++, items.get(r));
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

    /** Gathers the members of the table entries Dict.scan visits. */
    private static final class ScanCollector implements Dict.ScanVisitor {
        final List<byte[]> items = new ArrayList<>();

        @Override
        public void visit(Dict dict, int pos) {
            items.add(dict.keyAt(pos));
        }
    }
}
