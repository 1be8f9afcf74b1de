package io.rekko.commands.strings;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;
import io.rekko.slots.KeySlot;
import java.math.BigDecimal;

/**
 * The string commands of Redis's t_string.c: GET/SET and their variants, multi-key MGET/MSET,
 * counters (INCR..., INCRBYFLOAT), ranges (GETRANGE, SETRANGE, APPEND, STRLEN). LCS lives in
 * {@link StringLcs}. Values are immutable {@code byte[]}: every change stores a new array.
 */
public final class StringCommands {
    // Option bits of setGenericCommand / parseExtendedStringArgumentsOrReply (as t_string.c).
    static final int OBJ_SET_NX = 1;
    static final int OBJ_SET_XX = 1 << 1;
    static final int OBJ_EX = 1 << 2;
    static final int OBJ_PX = 1 << 3;
    static final int OBJ_KEEPTTL = 1 << 4;
    static final int OBJ_SET_GET = 1 << 5;
    static final int OBJ_EXAT = 1 << 6;
    static final int OBJ_PXAT = 1 << 7;
    static final int OBJ_PERSIST = 1 << 8;

    private static final int COMMAND_GET = 0;
    private static final int COMMAND_SET = 1;
    /** The parser returns the option bits in the low 16 bits and the expire argument's index above. */
    private static final int FLAGS_MASK = 0xFFFF;
    private static final int EXPIRE_INDEX_SHIFT = 16;

    /** Java arrays stop a little below 2^31 elements, whatever proto-max-bulk-len says. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    /** 2^16384, the first power of two an 80-bit long double cannot hold. */

    private static final byte[] DECREMENT_OVERFLOW = Errors.err("ERR decrement would overflow");
    private static final byte[] MSET_ARITY = Errors.arity("mset");
    private static final byte[] MSETNX_ARITY = Errors.arity("msetnx");

    // Keyspace event names (notifyKeyspaceEvent in t_string.c)
    private static final byte[] EV_SET = Replies.ascii("set");
    private static final byte[] EV_EXPIRE = Replies.ascii("expire");
    private static final byte[] EV_PERSIST = Replies.ascii("persist");
    private static final byte[] EV_DEL = Replies.ascii("del");
    private static final byte[] EV_INCRBY = Replies.ascii("incrby");
    private static final byte[] EV_INCRBYFLOAT = Replies.ascii("incrbyfloat");
    private static final byte[] EV_APPEND = Replies.ascii("append");
    private static final byte[] EV_SETRANGE = Replies.ascii("setrange");
    private static final byte[] EV_EXPIRED = Replies.ascii("expired");
    private static final byte[] EV_NEW = Replies.ascii("new");

    private StringCommands() {}

    private static final java.util.List<String> SET_GET_FLAGS = java.util.List.of("RW", "access", "update");
    private static final java.util.List<String> SET_FLAGS = java.util.List.of("OW", "update");

    /** setGetKeys: SET's key is read too (RW access update) only when GET is given, else OW update. */
    static java.util.List<String> setKeyFlags(byte[][] argv, int argc, int pos, java.util.List<String> specFlags) {
        for (int i = 3; i < argc; i++) {
            byte[] a = argv[i];
            if (a.length >= 3 && (a[0] | 32) == 'g' && (a[1] | 32) == 'e' && (a[2] | 32) == 't'
                    && (a.length == 3 || a[3] == 0)) {
                return SET_GET_FLAGS;
            }
        }
        return SET_FLAGS;
    }

    public static void bind(CommandTable table) {
        table.bind("get", Scope.KEYS, StringCommands::get);
        table.bind("set", Scope.KEYS, StringCommands::set);
        table.bindKeyFlags("set", StringCommands::setKeyFlags);
        table.bind("setnx", Scope.KEYS, StringCommands::setnx);
        table.bind("setex", Scope.KEYS, StringCommands::setex);
        table.bind("psetex", Scope.KEYS, StringCommands::psetex);
        table.bind("getex", Scope.KEYS, StringCommands::getex);
        table.bind("getdel", Scope.KEYS, StringCommands::getdel);
        table.bind("getset", Scope.KEYS, StringCommands::getset);
        table.bind("mget", Scope.KEYS, StringCommands::mget);
        table.bind("mset", Scope.KEYS, StringCommands::mset);
        table.bind("msetnx", Scope.KEYS, StringCommands::msetnx);
        table.bind("append", Scope.KEYS, StringCommands::append);
        table.bind("strlen", Scope.KEYS, StringCommands::strlen);
        table.bind("incr", Scope.KEYS, StringCommands::incr);
        table.bind("decr", Scope.KEYS, StringCommands::decr);
        table.bind("incrby", Scope.KEYS, StringCommands::incrby);
        table.bind("decrby", Scope.KEYS, StringCommands::decrby);
        table.bind("incrbyfloat", Scope.KEYS, StringCommands::incrbyfloat);
        table.bind("getrange", Scope.KEYS, StringCommands::getrange);
        table.bind("substr", Scope.KEYS, StringCommands::getrange);
        table.bind("setrange", Scope.KEYS, StringCommands::setrange);
        table.bind("lcs", Scope.KEYS, StringLcs::lcs);
    }

    // ---- shared helpers -------------------------------------------------------------------

    /**
     * checkStringLength: replies the proto-max-bulk-len error and returns false when a string of
     * {@code size + append} bytes may not be built (also on overflow, and beyond what a Java
     * array can hold).
     */
    static boolean checkStringLengthOrReply(ExecContext c, long size, long append) {
        long total = size + append;
        if (total > c.node.protoMaxBulkLen() || total > MAX_ARRAY || total < size || total < append) {
            c.out.raw(Errors.STRING_TOO_LONG);
            return false;
        }
        return true;
    }

    /**
     * True when {@code arg}, read as a C string (up to its first NUL byte, as Redis's option
     * parsers see it), equals {@code upperWord} ignoring ASCII case.
     */
    static boolean optIs(byte[] arg, String upperWord) {
        int n = upperWord.length();
        if (arg.length < n || (arg.length > n && arg[n] != 0)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int b = arg[i];
            if (b >= 'a' && b <= 'z') {
                b -= 32;
            }
            if (b != upperWord.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** getLongLongFromObjectOrReply's check: true when {@code arg} is an integer, else false after replying. */
    private static boolean isLongOrReply(ExecContext c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.out.raw(Errors.NOT_INTEGER);
            return false;
        }
        return true;
    }

    /**
     * findLive plus lookupKeyRead's hit/miss statistics: the key's position in
     * {@code c.lastDict()}, or -1.
     */
    private static int findRead(ExecContext c, byte[] key) {
        int pos = c.findLive(key);
        if (pos < 0) {
            c.readMiss(key);
        } else {
            c.stats.keyspaceHits++;
        }
        return pos;
    }

    /**
     * setKey followed by setExpire, with one dict probe: stores {@code val} under {@code key};
     * the key gets {@code whenMs} as its expire, or keeps its TTL with {@code keepTtl}, or has
     * none. An existing entry that had already expired counts as an expired key (lookupKeyWrite
     * would have deleted it) and loses its TTL even with KEEPTTL. Signals the modified key.
     * Publishes what setKey would: "expired" for such a stale entry, then "new" when the key
     * was absent (dbAdd); the caller publishes "set".
     */
    static void storeString(ExecContext c, byte[] key, byte[] val, boolean keepTtl, long whenMs) {
        int slot = KeySlot.of(key);
        Dict d = c.keyspace.dictForWrite(slot);
        int before = d.size();
        int pos = d.put(key, val);
        boolean added = d.size() != before;
        long old = d.expireAt(pos);
        if (old != Dict.NO_EXPIRE && old <= c.now && !c.node.isReplica()) {
            c.stats.expiredKeys++;
            keepTtl = false;
            c.notify(KeyspaceEvents.EXPIRED, EV_EXPIRED, key);
            added = true;
        }
        if (added) {
            c.notify(KeyspaceEvents.NEW, EV_NEW, key);
        }
        if (whenMs != Dict.NO_EXPIRE) {
            d.setExpireAt(pos, whenMs);
        } else if (!keepTtl && old != Dict.NO_EXPIRE) {
            d.setExpireAt(pos, Dict.NO_EXPIRE);
        }
        c.touched(key, slot);
    }

    // ---- GET / SET family -----------------------------------------------------------------

    /** GET key: the string, nil when absent, WRONGTYPE otherwise. The hot path: one lookup. */
    public static void get(ExecContext c) {
        getGeneric(c);
    }

    /** getGenericCommand: replies the value of argv[1] (or nil); false after a WRONGTYPE reply. */
    private static boolean getGeneric(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.nullBulk();
            return true;
        }
        if (o instanceof byte[] s) {
            c.out.bulk(s);
            return true;
        }
        c.wrongType();
        return false;
    }

    /**
     * SET key value [NX|XX] [GET] [EX s|PX ms|EXAT ts|PXAT ms-ts|KEEPTTL]. A plain SET goes
     * straight to the store (one dict probe).
     */
    public static void set(ExecContext c) {
        if (c.argc == 3) {
            storeString(c, c.argv[1], c.argv[2], false, Dict.NO_EXPIRE);
            c.notify(KeyspaceEvents.STRING, EV_SET, c.argv[1]);
            c.out.raw(Replies.OK);
            return;
        }
        int parsed = parseExtendedStringArgumentsOrReply(c, COMMAND_SET);
        if (parsed < 0) {
            return;
        }
        setGeneric(c, parsed & FLAGS_MASK, c.argv[1], c.argv[2], parsed >>> EXPIRE_INDEX_SHIFT,
                Replies.OK, null);
    }

    /** SETNX key value: 1 when set, 0 when the key existed. */
    public static void setnx(ExecContext c) {
        setGeneric(c, OBJ_SET_NX, c.argv[1], c.argv[2], 0, Replies.ONE, Replies.ZERO);
    }

    /** SETEX key seconds value. */
    public static void setex(ExecContext c) {
        setGeneric(c, OBJ_EX, c.argv[1], c.argv[3], 2, Replies.OK, null);
    }

    /** PSETEX key milliseconds value. */
    public static void psetex(ExecContext c) {
        setGeneric(c, OBJ_PX, c.argv[1], c.argv[3], 2, Replies.OK, null);
    }

    /**
     * setGenericCommand: validates the expire (argument index {@code expireIndex}, 0 for none),
     * with GET replies the old value first (WRONGTYPE aborts), honours NX/XX (replying
     * {@code abortReply}, nil when null, unless GET already replied), stores the value with its
     * TTL and replies {@code okReply} (unless GET). An absolute expire in the past is stored as
     * is: the key is then gone for every later command, as in redis-server 7.0.
     */
    private static void setGeneric(ExecContext c, int flags, byte[] key, byte[] val, int expireIndex,
            byte[] okReply, byte[] abortReply) {
        long when = Dict.NO_EXPIRE;
        if (expireIndex > 0) {
            when = getExpireMillisecondsOrReply(c, c.argv[expireIndex], flags);
            if (when < 0) {
                return;
            }
        }
        if ((flags & OBJ_SET_GET) != 0 && !getGeneric(c)) {
            return;
        }
        if ((flags & (OBJ_SET_NX | OBJ_SET_XX)) != 0) {
            boolean found = c.findLive(key) >= 0;
            if (((flags & OBJ_SET_NX) != 0 && found) || ((flags & OBJ_SET_XX) != 0 && !found)) {
                if ((flags & OBJ_SET_GET) == 0) {
                    if (abortReply == null) {
                        c.out.nullBulk();
                    } else {
                        c.out.raw(abortReply);
                    }
                }
                return;
            }
        }
        storeString(c, key, val, (flags & OBJ_KEEPTTL) != 0, when);
        c.notify(KeyspaceEvents.STRING, EV_SET, key);
        if (expireIndex > 0) {
            c.notify(KeyspaceEvents.GENERIC, EV_EXPIRE, key);
        }
        if ((flags & OBJ_SET_GET) == 0) {
            c.out.raw(okReply);
        }
    }

    /**
     * getExpireMillisecondsOrReply: the absolute expire time in ms that an EX/PX/EXAT/PXAT
     * argument asks for (EX/PX relative to the command's time), or -1 after replying "not an
     * integer" or "invalid expire time" (zero, negative, or overflowing values).
     */
    private static long getExpireMillisecondsOrReply(ExecContext c, byte[] arg, int flags) {
        if (!isLongOrReply(c, arg)) {
            return -1;
        }
        long ms = Numbers.parseLong(arg);
        boolean seconds = (flags & (OBJ_EX | OBJ_EXAT)) != 0;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            c.out.raw(expireTimeError(c));
            return -1;
        }
        if (seconds) {
            ms *= 1000;
        }
        if ((flags & (OBJ_EX | OBJ_PX)) != 0) {
            ms += c.now; // wraps negative on overflow, caught below as in Redis
        }
        if (ms <= 0) {
            c.out.raw(expireTimeError(c));
            return -1;
        }
        return ms;
    }

    /** addReplyErrorExpireTime: names the command that was called (set, setex, psetex, getex). */
    private static byte[] expireTimeError(ExecContext c) {
        return Errors.err("ERR invalid expire time in '" + c.spec.fullName + "' command");
    }

    /**
     * parseExtendedStringArgumentsOrReply: reads the options after the key (GETEX) or the value
     * (SET). Conflicting options (NX with XX, two expires, KEEPTTL or PERSIST with an expire), an
     * option of the other command, an unknown word or an expire without its argument is a syntax
     * error. Returns the option bits with the expire argument's index shifted by
     * {@link #EXPIRE_INDEX_SHIFT}, or -1 after replying.
     */
    private static int parseExtendedStringArgumentsOrReply(ExecContext c, int commandType) {
        int flags = 0;
        int expireIndex = 0;
        boolean set = commandType == COMMAND_SET;
        for (int j = set ? 3 : 2; j < c.argc; j++) {
            byte[] opt = c.argv[j];
            boolean next = j < c.argc - 1;
            if (set && optIs(opt, "NX") && (flags & OBJ_SET_XX) == 0) {
                flags |= OBJ_SET_NX;
            } else if (set && optIs(opt, "XX") && (flags & OBJ_SET_NX) == 0) {
                flags |= OBJ_SET_XX;
            } else if (set && optIs(opt, "GET")) {
                flags |= OBJ_SET_GET;
            } else if (set && optIs(opt, "KEEPTTL")
                    && (flags & (OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0) {
                flags |= OBJ_KEEPTTL;
            } else if (!set && optIs(opt, "PERSIST")
                    && (flags & (OBJ_EX | OBJ_EXAT | OBJ_PX | OBJ_PXAT | OBJ_KEEPTTL)) == 0) {
                flags |= OBJ_PERSIST;
            } else if (next && optIs(opt, "EX")
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EXAT | OBJ_PX | OBJ_PXAT)) == 0) {
                flags |= OBJ_EX;
                expireIndex = ++j;
            } else if (next && optIs(opt, "PX")
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PXAT)) == 0) {
                flags |= OBJ_PX;
                expireIndex = ++j;
            } else if (next && optIs(opt, "EXAT")
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_PX | OBJ_PXAT)) == 0) {
                flags |= OBJ_EXAT;
                expireIndex = ++j;
            } else if (next && optIs(opt, "PXAT")
                    && (flags & (OBJ_KEEPTTL | OBJ_PERSIST | OBJ_EX | OBJ_EXAT | OBJ_PX)) == 0) {
                flags |= OBJ_PXAT;
                expireIndex = ++j;
            } else {
                c.out.raw(Errors.SYNTAX);
                return -1;
            }
        }
        return flags | (expireIndex << EXPIRE_INDEX_SHIFT);
    }

    /**
     * GETEX key [EX|PX|EXAT|PXAT time|PERSIST]: replies the value like GET, then sets or removes
     * its TTL. An EXAT/PXAT in the past deletes the key (on a master). Options are checked
     * before the lookup, the expire value after the type check.
     */
    public static void getex(ExecContext c) {
        int parsed = parseExtendedStringArgumentsOrReply(c, COMMAND_GET);
        if (parsed < 0) {
            return;
        }
        int flags = parsed & FLAGS_MASK;
        int expireIndex = parsed >>> EXPIRE_INDEX_SHIFT;
        byte[] key = c.argv[1];
        int pos = findRead(c, key);
        if (pos < 0) {
            c.out.nullBulk();
            return;
        }
        Dict d = c.lastDict();
        if (!(d.valueAt(pos) instanceof byte[] s)) {
            c.wrongType();
            return;
        }
        long when = 0;
        if (expireIndex > 0) {
            when = getExpireMillisecondsOrReply(c, c.argv[expireIndex], flags);
            if (when < 0) {
                return;
            }
        }
        c.out.bulk(s);
        if ((flags & (OBJ_EXAT | OBJ_PXAT)) != 0 && when <= c.now && !c.node.isReplica()) {
            d.removeAt(pos);
            c.signalModified(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
        } else if (expireIndex > 0) {
            d.setExpireAt(pos, when);
            c.signalModified(key);
            c.notify(KeyspaceEvents.GENERIC, EV_EXPIRE, key);
        } else if ((flags & OBJ_PERSIST) != 0 && d.expireAt(pos) != Dict.NO_EXPIRE) {
            d.setExpireAt(pos, Dict.NO_EXPIRE);
            c.signalModified(key);
            c.notify(KeyspaceEvents.GENERIC, EV_PERSIST, key);
        }
    }

    /** GETDEL key: replies the value like GET, then deletes the key. */
    public static void getdel(ExecContext c) {
        byte[] key = c.argv[1];
        int pos = findRead(c, key);
        if (pos < 0) {
            c.out.nullBulk();
            return;
        }
        Dict d = c.lastDict();
        if (!(d.valueAt(pos) instanceof byte[] s)) {
            c.wrongType();
            return;
        }
        c.out.bulk(s);
        d.removeAt(pos);
        c.signalModified(key);
        c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
    }

    /** GETSET key value: replies the old value like GET, then sets the new one (TTL removed). */
    public static void getset(ExecContext c) {
        if (!getGeneric(c)) {
            return;
        }
        storeString(c, c.argv[1], c.argv[2], false, Dict.NO_EXPIRE);
        c.notify(KeyspaceEvents.STRING, EV_SET, c.argv[1]);
    }

    // ---- multi-key ------------------------------------------------------------------------

    /** MGET key...: one bulk per key; absent keys and non-strings are nil. */
    public static void mget(ExecContext c) {
        c.out.array(c.argc - 1);
        for (int j = 1; j < c.argc; j++) {
            Object o = c.lookupRead(c.argv[j]);
            if (o instanceof byte[] s) {
                c.out.bulk(s);
            } else {
                c.out.nullBulk();
            }
        }
    }

    public static void mset(ExecContext c) {
        msetGeneric(c, false);
    }

    public static void msetnx(ExecContext c) {
        msetGeneric(c, true);
    }

    /**
     * msetGenericCommand: an arity error unless keys and values pair up; with NX, replies 0 and
     * sets nothing when any key exists. Every key loses its TTL. Replies OK (MSET) or 1 (MSETNX).
     */
    private static void msetGeneric(ExecContext c, boolean nx) {
        if ((c.argc % 2) == 0) {
            c.out.raw(nx ? MSETNX_ARITY : MSET_ARITY);
            return;
        }
        if (nx) {
            for (int j = 1; j < c.argc; j += 2) {
                if (c.findLive(c.argv[j]) >= 0) {
                    c.out.raw(Replies.ZERO);
                    return;
                }
            }
        }
        for (int j = 1; j < c.argc; j += 2) {
            storeString(c, c.argv[j], c.argv[j + 1], false, Dict.NO_EXPIRE);
            c.notify(KeyspaceEvents.STRING, EV_SET, c.argv[j]);
        }
        c.out.raw(nx ? Replies.ONE : Replies.OK);
    }

    // ---- counters -------------------------------------------------------------------------

    public static void incr(ExecContext c) {
        incrDecr(c, 1);
    }

    public static void decr(ExecContext c) {
        incrDecr(c, -1);
    }

    /** INCRBY key increment. */
    public static void incrby(ExecContext c) {
        if (!isLongOrReply(c, c.argv[2])) {
            return;
        }
        incrDecr(c, Numbers.parseLong(c.argv[2]));
    }

    /** DECRBY key decrement: LLONG_MIN cannot be negated, so it is refused before the lookup. */
    public static void decrby(ExecContext c) {
        if (!isLongOrReply(c, c.argv[2])) {
            return;
        }
        long incr = Numbers.parseLong(c.argv[2]);
        if (incr == Long.MIN_VALUE) {
            c.out.raw(DECREMENT_OVERFLOW);
            return;
        }
        incrDecr(c, -incr);
    }

    /**
     * incrDecrCommand: adds {@code incr} to the integer stored at argv[1] (0 when absent) and
     * replies the result. The value must be a string2ll integer (no spaces, no '+', no leading
     * zeros); overflow is an error and changes nothing. The TTL is kept.
     */
    private static void incrDecr(ExecContext c, long incr) {
        byte[] key = c.argv[1];
        int pos = c.findLive(key);
        long value = 0;
        if (pos >= 0) {
            if (!(c.lastDict().valueAt(pos) instanceof byte[] s)) {
                c.wrongType();
                return;
            }
            if (!Numbers.isLong(s)) {
                c.out.raw(Errors.NOT_INTEGER);
                return;
            }
            value = Numbers.parseLong(s);
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            c.out.raw(Errors.OVERFLOW);
            return;
        }
        value += incr;
        byte[] nv = Numbers.toBytes(value);
        if (pos >= 0) {
            c.lastDict().setValueAt(pos, nv);
        } else {
            c.addKey(key, nv);
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.STRING, EV_INCRBY, key);
        c.out.integer(value);
    }

    /**
     * INCRBYFLOAT key increment: long double arithmetic (one rounding to a 64-bit mantissa);
     * the stored value and the reply are ld2string's human form. Errors: "not a valid float"
     * for the value (checked first) or the increment, "NaN or Infinity" for an infinite result.
     * The TTL is kept.
     */
    public static void incrbyfloat(ExecContext c) {
        byte[] key = c.argv[1];
        int pos = c.findLive(key);
        BigDecimal value = BigDecimal.ZERO;
        if (pos >= 0) {
            if (!(c.lastDict().valueAt(pos) instanceof byte[] s)) {
                c.wrongType();
                return;
            }
            value = Numbers.parseLongDouble(s);
            if (value == null) {
                c.out.raw(Errors.NOT_FLOAT);
                return;
            }
        }
        BigDecimal incr = Numbers.parseLongDouble(c.argv[2]);
        if (incr == null) {
            c.out.raw(Errors.NOT_FLOAT);
            return;
        }
        // inf + x is inf and inf - inf is NaN: both refused
        if (Numbers.isInfinite(value) || Numbers.isInfinite(incr)) {
            c.out.raw(Errors.NAN_OR_INF);
            return;
        }
        BigDecimal sum = Numbers.addLongDouble(value, incr);
        if (Numbers.isInfinite(sum)) {
            c.out.raw(Errors.NAN_OR_INF);
            return;
        }
        byte[] nv = Numbers.formatLongDoubleHuman(sum);
        if (pos >= 0) {
            c.lastDict().setValueAt(pos, nv);
        } else {
            c.addKey(key, nv);
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.STRING, EV_INCRBYFLOAT, key);
        c.out.bulk(nv);
    }

    // ---- ranges and lengths ---------------------------------------------------------------

    /**
     * APPEND key value: creates the key or appends to its string (proto-max-bulk-len checked);
     * replies the new length. The TTL is kept.
     */
    public static void append(ExecContext c) {
        byte[] key = c.argv[1];
        byte[] tail = c.argv[2];
        int pos = c.findLive(key);
        int total;
        if (pos < 0) {
            c.addKey(key, tail);
            total = tail.length;
        } else {
            Dict d = c.lastDict();
            if (!(d.valueAt(pos) instanceof byte[] s)) {
                c.wrongType();
                return;
            }
            if (!checkStringLengthOrReply(c, s.length, tail.length)) {
                return;
            }
            byte[] nv = java.util.Arrays.copyOf(s, s.length + tail.length);
            System.arraycopy(tail, 0, nv, s.length, tail.length);
            d.setValueAt(pos, nv);
            d.setFlagsAt(pos, Dict.RAW_STRING);
            total = nv.length;
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.STRING, EV_APPEND, key);
        c.out.integer(total);
    }

    /** STRLEN key: the string's length, 0 when absent. */
    public static void strlen(ExecContext c) {
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.ZERO);
        } else if (o instanceof byte[] s) {
            c.out.integer(s.length);
        } else {
            c.wrongType();
        }
    }

    /**
     * GETRANGE key start end (and SUBSTR): the inclusive byte range, negative indexes counting
     * from the end, clamped to the string; empty when absent or when the range is empty. Both
     * indexes are parsed before the lookup.
     */
    public static void getrange(ExecContext c) {
        if (!isLongOrReply(c, c.argv[2]) || !isLongOrReply(c, c.argv[3])) {
            return;
        }
        long start = Numbers.parseLong(c.argv[2]);
        long end = Numbers.parseLong(c.argv[3]);
        Object o = c.lookupRead(c.argv[1]);
        if (o == null) {
            c.out.raw(Replies.EMPTY_BULK);
            return;
        }
        if (!(o instanceof byte[] s)) {
            c.wrongType();
            return;
        }
        long len = s.length;
        if (start < 0 && end < 0 && start > end) {
            c.out.raw(Replies.EMPTY_BULK);
            return;
        }
        if (start < 0) {
            start = len + start;
        }
        if (end < 0) {
            end = len + end;
        }
        if (start < 0) {
            start = 0;
        }
        if (end < 0) {
            end = 0;
        }
        if (end >= len) {
            end = len - 1;
        }
        if (start > end || len == 0) {
            c.out.raw(Replies.EMPTY_BULK);
        } else {
            c.out.bulk(s, (int) start, (int) (end - start + 1));
        }
    }

    /**
     * SETRANGE key offset value: overwrites from {@code offset}, zero-padding past the end;
     * replies the new length. An empty value changes nothing (and creates no key). The TTL is
     * kept.
     */
    public static void setrange(ExecContext c) {
        byte[] key = c.argv[1];
        byte[] value = c.argv[3];
        if (!isLongOrReply(c, c.argv[2])) {
            return;
        }
        long offset = Numbers.parseLong(c.argv[2]);
        if (offset < 0) {
            c.out.raw(Errors.OFFSET_OUT_OF_RANGE);
            return;
        }
        int pos = c.findLive(key);
        byte[] nv;
        if (pos < 0) {
            if (value.length == 0) {
                c.out.raw(Replies.ZERO);
                return;
            }
            if (!checkStringLengthOrReply(c, offset, value.length)) {
                return;
            }
            nv = new byte[(int) offset + value.length];
            System.arraycopy(value, 0, nv, (int) offset, value.length);
            int npos = c.addKey(key, nv);
            c.lastDict().setFlagsAt(npos, Dict.RAW_STRING);
        } else {
            Dict d = c.lastDict();
            if (!(d.valueAt(pos) instanceof byte[] s)) {
                c.wrongType();
                return;
            }
            if (value.length == 0) {
                c.out.integer(s.length);
                return;
            }
            if (!checkStringLengthOrReply(c, offset, value.length)) {
                return;
            }
            nv = java.util.Arrays.copyOf(s, Math.max(s.length, (int) offset + value.length));
            System.arraycopy(value, 0, nv, (int) offset, value.length);
            d.setValueAt(pos, nv);
            d.setFlagsAt(pos, Dict.RAW_STRING);
        }
        c.signalModified(key);
        c.notify(KeyspaceEvents.STRING, EV_SETRANGE, key);
        c.out.integer(nv.length);
    }
}
