package io.rekko.commands.keys;

import io.rekko.commands.CommandTable;
import io.rekko.commands.ExecContext;
import io.rekko.commands.KeyspaceEvents;
import io.rekko.commands.Scope;
import io.rekko.keyspace.Dict;
import io.rekko.protocol.Errors;
import io.rekko.protocol.Numbers;
import io.rekko.protocol.Replies;

/**
 * Redis's expire.c commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL,
 * PTTL, EXPIRETIME, PEXPIRETIME and PERSIST. Expire times are absolute unix milliseconds kept
 * per entry in the slot's {@link Dict}.
 */
public final class ExpireCommands {
    static final int EXPIRE_NX = 1 << 0;
    static final int EXPIRE_XX = 1 << 1;
    static final int EXPIRE_GT = 1 << 2;
    static final int EXPIRE_LT = 1 << 3;

    private static final byte[] NX_XX_GT_LT =
            Errors.err("ERR NX and XX, GT or LT options at the same time are not compatible");
    private static final byte[] GT_AND_LT = Errors.err("ERR GT and LT options at the same time are not compatible");
    private static final byte[] EXPIRE_TIME_EXPIRE = Errors.err("ERR invalid expire time in 'expire' command");
    private static final byte[] EXPIRE_TIME_PEXPIRE = Errors.err("ERR invalid expire time in 'pexpire' command");
    private static final byte[] EXPIRE_TIME_EXPIREAT = Errors.err("ERR invalid expire time in 'expireat' command");
    private static final byte[] EXPIRE_TIME_PEXPIREAT = Errors.err("ERR invalid expire time in 'pexpireat' command");

    // Keyspace event names (notifyKeyspaceEvent in expire.c)
    private static final byte[] EV_DEL = Replies.ascii("del");
    private static final byte[] EV_EXPIRE = Replies.ascii("expire");
    private static final byte[] EV_PERSIST = Replies.ascii("persist");

    private ExpireCommands() {}

    static void bind(CommandTable table) {
        table.bind("expire", Scope.KEYS, ExpireCommands::expire);
        table.bind("pexpire", Scope.KEYS, ExpireCommands::pexpire);
        table.bind("expireat", Scope.KEYS, ExpireCommands::expireat);
        table.bind("pexpireat", Scope.KEYS, ExpireCommands::pexpireat);
        table.bind("ttl", Scope.KEYS, ExpireCommands::ttl);
        table.bind("pttl", Scope.KEYS, ExpireCommands::pttl);
        table.bind("expiretime", Scope.KEYS, ExpireCommands::expiretime);
        table.bind("pexpiretime", Scope.KEYS, ExpireCommands::pexpiretime);
        table.bind("persist", Scope.KEYS, ExpireCommands::persist);
    }

    static void expire(ExecContext c) {
        expireGeneric(c, c.now, true, EXPIRE_TIME_EXPIRE);
    }

    static void pexpire(ExecContext c) {
        expireGeneric(c, c.now, false, EXPIRE_TIME_PEXPIRE);
    }

    static void expireat(ExecContext c) {
        expireGeneric(c, 0, true, EXPIRE_TIME_EXPIREAT);
    }

    static void pexpireat(ExecContext c) {
        expireGeneric(c, 0, false, EXPIRE_TIME_PEXPIREAT);
    }

    /**
     * parseExtendedExpireArgumentsOrReply: the NX/XX/GT/LT words after the time, as option
     * bits; -1 after replying "Unsupported option" or an incompatibility error.
     */
    static int parseExpireFlagsOrReply(ExecContext c) {
        int flags = 0;
        for (int j = 3; j < c.argc; j++) {
            if (c.argIs(j, "nx")) {
                flags |= EXPIRE_NX;
            } else if (c.argIs(j, "xx")) {
                flags |= EXPIRE_XX;
            } else if (c.argIs(j, "gt")) {
                flags |= EXPIRE_GT;
            } else if (c.argIs(j, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                c.out.raw(Errors.err("ERR Unsupported option " + Errors.cString(c.argv[j], Integer.MAX_VALUE)));
                return -1;
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            c.out.raw(NX_XX_GT_LT);
            return -1;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            c.out.raw(GT_AND_LT);
            return -1;
        }
        return flags;
    }

    /**
     * expireGenericCommand: sets argv[1]'s expire to {@code basetime} + argv[2] (seconds when
     * {@code seconds}, else ms). Replies 0 when the key is absent or an NX/XX/GT/LT condition
     * fails (no TTL counts as infinite for GT/LT), 1 otherwise; a time already past deletes
     * the key (a replica keeps it with the past TTL and waits for the master's DEL).
     * Overflow of the unit conversion or the addition replies "invalid expire time".
     */
    private static void expireGeneric(ExecContext c, long basetime, boolean seconds, byte[] expireTimeError) {
        byte[] key = c.argv[1];
        int flags = parseExpireFlagsOrReply(c);
        if (flags < 0) {
            return;
        }
        byte[] param = c.argv[2];
        if (!Numbers.isLong(param)) {
            c.out.raw(Errors.NOT_INTEGER);
            return;
        }
        long when = Numbers.parseLong(param);
        if (seconds) {
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                c.out.raw(expireTimeError);
                return;
            }
            when *= 1000;
        }
        if (when > Long.MAX_VALUE - basetime) {
            c.out.raw(expireTimeError);
            return;
        }
        when += basetime;

        int pos = c.findLive(key);
        if (pos < 0) {
            c.out.raw(Replies.ZERO);
            return;
        }
        Dict d = c.lastDict();
        if (flags != 0) {
            long current = d.expireAt(pos);
            if ((flags & EXPIRE_NX) != 0 && current != Dict.NO_EXPIRE) {
                c.out.raw(Replies.ZERO);
                return;
            }
            if ((flags & EXPIRE_XX) != 0 && current == Dict.NO_EXPIRE) {
                c.out.raw(Replies.ZERO);
                return;
            }
            if ((flags & EXPIRE_GT) != 0 && (current == Dict.NO_EXPIRE || when <= current)) {
                c.out.raw(Replies.ZERO);
                return;
            }
            if ((flags & EXPIRE_LT) != 0 && current != Dict.NO_EXPIRE && when >= current) {
                c.out.raw(Replies.ZERO);
                return;
            }
        }
        if (when <= c.now && !c.node.isReplica()) {
            d.removeAt(pos);
            c.signalModified(key);
            c.notify(KeyspaceEvents.GENERIC, EV_DEL, key);
        } else {
            d.setExpireAt(pos, when);
            c.signalModified(key);
            c.notify(KeyspaceEvents.GENERIC, EV_EXPIRE, key);
        }
        c.out.raw(Replies.ONE);
    }

    static void ttl(ExecContext c) {
        ttlGeneric(c, false, false);
    }

    static void pttl(ExecContext c) {
        ttlGeneric(c, true, false);
    }

    static void expiretime(ExecContext c) {
        ttlGeneric(c, false, true);
    }

    static void pexpiretime(ExecContext c) {
        ttlGeneric(c, true, true);
    }

    /**
     * ttlGenericCommand: -2 when the key is absent, -1 when it has no expire, else the time
     * left (or the absolute time with {@code absolute}) in ms or in seconds rounded to nearest.
     * A read lookup: counts a keyspace hit or miss.
     */
    private static void ttlGeneric(ExecContext c, boolean ms, boolean absolute) {
        c.noTouch = true;
        int pos = c.findLive(c.argv[1]);
        if (pos < 0) {
            c.readMiss(c.argv[1]);
            c.out.raw(Replies.MINUS_TWO);
            return;
        }
        c.stats.keyspaceHits++;
        long expire = c.lastDict().expireAt(pos);
        if (expire == Dict.NO_EXPIRE) {
            c.out.raw(Replies.MINUS_ONE);
            return;
        }
        long ttl = absolute ? expire : expire - c.now;
        if (ttl < 0) {
            ttl = 0;
        }
        // Redis's (ttl+500)/1000 wraps for an expire near LLONG_MAX and the compiled code then
        // divides as unsigned: do the same so PEXPIREAT k LLONG_MAX then EXPIRETIME agree
        c.out.integer(ms ? ttl : Long.divideUnsigned(ttl + 500, 1000));
    }

    /** PERSIST key: removes the expire; 1 when there was one, 0 when none or no key. */
    static void persist(ExecContext c) {
        byte[] key = c.argv[1];
        int pos = c.findLive(key);
        if (pos < 0) {
            c.out.raw(Replies.ZERO);
            return;
        }
        Dict d = c.lastDict();
        if (d.expireAt(pos) == Dict.NO_EXPIRE) {
            c.out.raw(Replies.ZERO);
            return;
        }
        d.setExpireAt(pos, Dict.NO_EXPIRE);
        c.signalModified(key);
        c.notify(KeyspaceEvents.GENERIC, EV_PERSIST, key);
        c.out.raw(Replies.ONE);
    }
}
